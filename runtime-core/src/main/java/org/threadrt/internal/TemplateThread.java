package org.threadrt.internal;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.threadrt.Note;
import org.threadrt.ThreadStartException;

/*
 * The template thread (Go's templateThread and newmHandoff in proc.go; Go 1.10, issue 20676).
 *
 * Creating a thread copies per-thread OS state from the creator into the child: clone shares or copies
 * the fs struct (cwd, root, umask), the namespaces (mount, network, ...), the CPU affinity, the signal
 * mask, the nice value, the credentials and the seccomp filters. A task that locked its M may have
 * changed any of these; so may a plain Java thread, or a foreign thread calling back. No such thread may
 * be the parent of an M. The template thread is a thread in a known state that does nothing but create
 * Ms when asked. A task M's start is handed over and the asker returns at once, as Go's newm does: the
 * submitter never waits for the OS, and a refused start is retried here, with backoff, on a timer of this
 * thread (requestRetry, StartRefusals.retryStart), never on a submitter's thread. A BARE start is handed over and
 * waited for (startBare returns the new thread's tid).
 *
 * The rule users rely on: every M of a runtime, task and BARE, starts with the per-thread OS state that
 * the thread calling ThreadRuntime.start had at that moment. To hold it:
 *   - Each runtime has its own template thread, a daemon platform thread created in the Sched
 *     constructor, i.e. by the thread calling ThreadRuntime.start, so it is a clone of that thread as it
 *     was then. It is never locked (it is not an M, so lockOSThread refuses it), runs no user code (only
 *     the Start actions Sched and BareMs hand it: a port call and its failure handling; it inherits no
 *     inheritable thread-locals, whose childValue would be user code) and changes no OS state.
 *   - Sched.newm and BareMs.start create a thread directly only when the caller is a clean M of this
 *     runtime: a task M of this runtime (not an extra M, not another runtime's M), not locked, and not
 *     exiting (mexit starts a replacement from a dying M, maybe one whose task ended locked). Every other
 *     caller hands the start to the template: locked Ms, exiting Ms, extra Ms, other runtimes' Ms, and
 *     every plain Java thread (the thread that called start() included: it may have changed since).
 *     An unlocked M is taken to be clean because it only ever ran tasks that did not lock, which is the
 *     contract of lockOSThread: a task that changes per-thread state locks first and does not unlock
 *     before it has put the state back (as in Go). Like Go's, the clean path costs nothing; the handoff
 *     (one futex wake, and the template's wake-up before it clones) is paid by the other callers only.
 *   - Per runtime, not per process: the state is the one the user chose by where they started the
 *     runtime (a runtime started on a thread inside a network namespace has all its Ms there), it does
 *     not depend on which runtime of the process started first, and close() leaves no thread behind.
 *     The cost is one parked thread per open runtime.
 *
 * Death: each Start handles its own failure (a port refusal undoes the M as a direct start would), so
 * the template only dies if something escapes that, e.g. an Error thrown while handling a failure. A
 * dying template starts its own successor (a clone of itself, so in the same state) and the successor
 * takes over the queue. After MAX_DEATHS_IN_A_ROW deaths with no start completed in between, it is not
 * restarted: every pending and later handoff fails with a ThreadStartException naming the cause (a task
 * M's G goes back to the run queue or fails, as on any refused start; startBare throws it). close() ends
 * the template after the runtime terminated; a handoff after that fails the same way.
 *
 * Synchronization: queue, waiting, stopping, dead and retryAt are guarded by sched.lock (held only to
 * move a request and flip the flags). deathsInARow is confined to the template thread of the moment (each
 * successor is started by its predecessor, which orders them). thread and last are volatile, written by
 * the template threads and read by stop() and isCurrentThread().
 */
final class TemplateThread {
    /**
     * A thread start made on the template thread on a requester's behalf. Only Sched and BareMs create
     * these; they never run user code.
     */
    interface Start {
        /** Creates the thread, on the template thread; reports its own failure and does not throw. */
        void start();

        /** The template is gone for good: undo, without creating a thread. Runs on whoever found it gone. */
        void abandon(ThreadStartException why);
    }

    /** Deaths in a row, with no completed start between them, after which the template is not restarted. */
    static final int MAX_DEATHS_IN_A_ROW = 3;

    private final Sched sched;
    /** Where the template sleeps while the queue is empty; woken once per sleep (waiting). */
    private final Note wake;

    // Guarded by sched.lock.
    private final ArrayDeque<Start> queue = new ArrayDeque<>();
    /** The template is asleep on wake (or about to be) and must be woken by the next handoff. */
    private boolean waiting;
    private boolean stopping;
    /** Set once the template will never run again; every handoff then fails with it. */
    private ThreadStartException dead;
    /** When StartRefusals.retryStart is due (System.nanoTime, never 0), or 0 for no retry. */
    private long retryAt;

    /** Confined to the current template thread. */
    private int deathsInARow;
    private int generation;
    /** The current template thread, or null once it ended. */
    private volatile Thread thread;
    /** The latest template thread, never cleared: what stop() joins (thread is cleared before it ends). */
    private volatile Thread last;

    /** Starts the template thread: call on the thread whose state every M must have (ThreadRuntime.start's caller). */
    TemplateThread(Sched sched) {
        this.sched = sched;
        this.wake = Note.over(Arena.ofAuto().allocate(4, 4), sched.port);
        Thread t = newThread();
        thread = t;
        last = t;
        t.start();
    }

    private Thread newThread() {
        return Thread.ofPlatform().daemon().inheritInheritableThreadLocals(false)
                .name("threadrt-template-" + sched.config.name() + (generation++ == 0 ? "" : "-" + generation))
                .unstarted(this::run);
    }

    /** The template thread now (tests), or null once it ended. */
    Thread thread() {
        return thread;
    }

    /** Whether the caller is the template thread (which must never hand a start to itself and wait). */
    boolean isCurrentThread() {
        return Thread.currentThread() == last;
    }

    /*
     * requestRetry arms the template's timer: StartRefusals.retryStart runs on the template thread once
     * delayNanos have passed (an earlier request wins; 0 means now), after the queued handoffs. Returns
     * false if the template is gone for good (closed, or died too often): no retry will ever run, and the
     * caller must not leave tasks waiting for one. Never called with sched.lock held.
     */
    boolean requestRetry(long delayNanos) {
        boolean wakeTemplate = false;
        sched.lock.lock();
        try {
            if (dead != null) {
                return false;
            }
            long at = (System.nanoTime() + Math.max(0, delayNanos)) | 1;
            if (retryAt == 0 || at - retryAt < 0) {
                retryAt = at;
                if (waiting) {
                    waiting = false;
                    wakeTemplate = true;
                }
            }
        } finally {
            sched.lock.unlock();
        }
        if (wakeTemplate) {
            wake.wakeup();
        }
        return true;
    }

    /** Disarms the timer (the refusal episode ended). sched.lock held. */
    void cancelRetryLocked() {
        retryAt = 0;
    }

    /**
     * Hands a start to the template; returns at once (the template creates the thread later). If the
     * template is gone for good, abandons the start on this thread instead. Never called with sched.lock held.
     */
    void handoff(Start s) {
        ThreadStartException gone;
        boolean wakeTemplate = false;
        sched.lock.lock();
        try {
            gone = dead;
            if (gone == null) {
                try {
                    queue.add(s);
                } catch (Throwable t) { // an OutOfMemoryError growing the queue: nothing was queued
                    gone = new ThreadStartException("threadrt runtime '" + sched.config.name()
                            + "': could not queue a thread start on the template thread", t);
                }
                if (gone == null && waiting) {
                    waiting = false;
                    wakeTemplate = true;
                }
            }
        } finally {
            sched.lock.unlock();
        }
        if (gone != null) {
            s.abandon(gone);
        } else if (wakeTemplate) {
            wake.wakeup();
        }
    }

    /**
     * Starts BARE M {@code m} (stack and freeWait set) on the template and waits for its tid
     * (Port.startBare is synchronous). The caller sleeps on the M's park note, which a BARE M never uses
     * otherwise: a futex wake, not a Java park, so the handoff costs two wake-ups and nothing else.
     *
     * <p>{@code fn} and {@code arg} go to the port as plain addresses: the caller's segments may belong to a
     * confined arena, which the template's downcall may not touch (WrongThreadException). That is sound
     * because the caller waits here until the clone is made, so its arena is alive for the call; keeping it
     * alive while the BARE thread runs was the caller's duty already.
     *
     * @throws ThreadStartException if the port refused, or the template is gone for good
     */
    long startBare(M m, MemorySegment callerFn, MemorySegment callerArg) {
        MemorySegment fn = MemorySegment.ofAddress(callerFn.address());
        MemorySegment arg = MemorySegment.ofAddress(callerArg.address());
        BareStart b = new BareStart();
        m.park.clear();
        handoff(new Start() {
            @Override
            public void start() {
                try {
                    b.tid = sched.port.startBare(fn, arg, m.stack, m.freeWait, sched.threadName(m));
                } catch (Throwable t) {
                    b.failure = t;
                }
                m.park.wakeup();
            }

            @Override
            public void abandon(ThreadStartException why) {
                b.failure = why;
                m.park.wakeup();
            }
        });
        m.park.sleep();
        Throwable t = b.failure;
        if (t == null) {
            return b.tid;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new ThreadStartException("could not start a BARE thread", t);
    }

    /** The outcome of a BARE start on the template; written before the park note's wakeup, read after it. */
    private static final class BareStart {
        volatile long tid;
        volatile Throwable failure;
    }

    /**
     * Ends the template once the queue is empty and waits for its thread to end. Called by close() after
     * the runtime terminated, when nothing can ask for an M any more.
     */
    void stop() {
        boolean wakeTemplate;
        sched.lock.lock();
        try {
            stopping = true;
            wakeTemplate = waiting;
            waiting = false;
        } finally {
            sched.lock.unlock();
        }
        if (wakeTemplate) {
            wake.wakeup();
        }
        // Joins the latest template thread (last, never cleared: thread is cleared just before the thread
        // ends, so it cannot tell whether the thread has ended), and its successor if it died meanwhile.
        boolean interrupted = false;
        for (Thread t = last; ; ) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
                continue;
            }
            Thread now = last;
            if (now == t) {
                break;
            }
            t = now;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            loop();
        } catch (Throwable t) {
            died(t);
        }
    }

    private void loop() {
        for (;;) {
            Start s;
            boolean retry = false;
            long sleepNanos = -1;
            sched.lock.lock();
            try {
                s = queue.poll();
                if (s == null) {
                    long now = System.nanoTime();
                    if (stopping) {
                        dead = new ThreadStartException("threadrt runtime '" + sched.config.name()
                                + "' is closed: its template thread has ended", (Throwable) null);
                        retryAt = 0;
                        thread = null;
                        return;
                    }
                    if (retryAt != 0 && now - retryAt >= 0) {
                        retryAt = 0;
                        retry = true;
                    } else {
                        waiting = true;
                        wake.clear();
                        if (retryAt != 0) {
                            sleepNanos = retryAt - now;
                        }
                    }
                }
            } finally {
                sched.lock.unlock();
            }
            if (s != null) {
                s.start();
                deathsInARow = 0;
            } else if (retry) {
                try {
                    sched.refusals.retryStart();
                } catch (Throwable t) {
                    requestRetry(StartRefusals.RETRY_MAX_NANOS); // the successor retries: the episode must not stall
                    throw t;
                }
                deathsInARow = 0;
            } else if (sleepNanos < 0) {
                wake.sleep();
            } else {
                wake.sleep(java.time.Duration.ofNanos(sleepNanos));
            }
        }
    }

    /* On the dying template thread, which is still in the template's state: its successor is its clone. */
    private void died(Throwable cause) {
        deathsInARow++;
        ThreadStartException why;
        if (deathsInARow <= MAX_DEATHS_IN_A_ROW) {
            try {
                Sched.LOG.log(Level.ERROR, "threadrt: the template thread of runtime '" + sched.config.name()
                        + "' died; it starts its successor", cause);
                Thread successor = newThread();
                thread = successor;
                last = successor;
                successor.start(); // the successor reads deathsInARow after this (Thread.start orders it)
                return;
            } catch (Throwable t) {
                why = new ThreadStartException("threadrt runtime '" + sched.config.name()
                        + "': the template thread died and could not start its successor", t);
                why.addSuppressed(cause);
            }
        } else {
            why = new ThreadStartException("threadrt runtime '" + sched.config.name() + "': the template thread died "
                    + deathsInARow + " times in a row; Ms can no longer be created for callers that may carry OS "
                    + "state (plain threads, locked or exiting Ms)", cause);
        }
        List<Start> pending;
        sched.lock.lock();
        try {
            dead = why;
            waiting = false;
            pending = new ArrayList<>(queue);
            queue.clear();
        } finally {
            sched.lock.unlock();
        }
        try {
            Sched.LOG.log(Level.ERROR, why.getMessage(), why);
        } catch (Throwable ignored) {
            // the pending starts must be undone whatever the logger does
        }
        for (Start s : pending) {
            try {
                s.abandon(why);
            } catch (Throwable t) {
                try {
                    Sched.LOG.log(Level.ERROR, "threadrt: undoing a pending thread start failed", t);
                } catch (Throwable ignored) {
                    // the other pending starts must be undone whatever the logger does
                }
            }
        }
        thread = null;
    }
}
