package org.threadrt.internal;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.threadrt.CallbackPolicy;
import org.threadrt.DeadlockReport;
import org.threadrt.MInfo;
import org.threadrt.RuntimeConfig;
import org.threadrt.RuntimeLock;
import org.threadrt.RuntimeStats;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadStartException;
import org.threadrt.internal.events.Events;
import org.threadrt.spi.ExtraMLayout;
import org.threadrt.spi.NativeStack;
import org.threadrt.spi.Port;

/*
 * threadrt scheduler
 *
 * The scheduler's job is to match ready tasks (Gs) with OS threads waiting for work (Ms), as the first
 * Go scheduler did: a G that becomes ready goes straight to an idle M if one waits (the M is taken off
 * the idle list, the G is put in m.nextg, and the M's park note is woken); otherwise it goes on the run
 * queue, and a new M is started while fewer than maxThreads task Ms are alive. There are no Ps: every M
 * that has a G runs it, so the number of running tasks is bounded by maxThreads alone.
 *
 * Ms come and go. An M exits
 *   - when it has idled for idleTimeout (Go issue 14592: a burst must not keep its threads forever);
 *     the idle list is LIFO, so the M that idled last is reused first and the others can time out;
 *   - when a task ends while locked to its thread (lockOSThread without the matching unlock; Go 1.10,
 *     issues 20395 and 28979): the task may have changed per-thread OS state, so the thread is destroyed
 *     instead of reused. Such an M never goes back on the idle list: it goes from its task straight to
 *     mexit, so no submitter can hand it work, not even one racing with the exit;
 *   - when the runtime shuts down and the run queue is empty.
 * mexit takes the M off allm, counts nmfreed (so mcount == mnext - nmfreed under sched.lock at every
 * moment), puts an M whose stack the runtime owns on freem, runs checkdead and lets the thread end as its
 * stack policy says: always by returning through libc, because a thread that ran Java must not end with
 * a raw exit syscall (HotSpot detaches it in a thread_local destructor).
 *
 * Stacks. With the OS policy the OS owns and frees stacks. With RUNTIME (Linux) the runtime maps each
 * stack and the thread's first act registers m.freeWait with the kernel, which stores 0 there and wakes
 * it once the thread is completely gone. allocm's first step, reapFreeMs, walks freem and frees (or
 * caches, up to stackCacheSize) the stack of every M whose freeWait reads 0; the others stay listed. A
 * cached stack is reprotected before reuse: HotSpot leaves a PROT_NONE zone on a used stack. BARE Ms run
 * only native code on a runtime stack and end through exitThread, which clears freeWait itself; a small
 * reaper thread waits on those words, since a BARE thread can never call back into the runtime.
 *
 * The scheduler lock (sched.lock) is a RuntimeLock: a futex word, the same lock users get. It is never
 * held across a call that can block or that enters the OS for long: starting threads, mapping and
 * unmapping stacks, waking notes and running user callbacks all happen after it is released.
 *
 * Extra Ms (callbacks from foreign threads; the seed go-6c976393 and Go 1.21's cached M). A native thread
 * the runtime did not create may call a callback stub (ThreadRuntime.callback). It gets an M with needm:
 * the head of the runtime's extra list, a lock-free list in native memory (lockextra swaps in a LOCKED
 * sentinel), kept "one more than needed" by newextram, at most maxExtraMs in all. PER_CALL gives it back with
 * dropm after every call; CACHED leaves it bound to the native thread and the shim's thread-exit destructor
 * pushes it back, in C: glibc runs C++ thread_local destructors (where HotSpot detaches the thread) before
 * pthread key destructors, so an upcall there would attach the thread again, for good. That is why the list
 * lives in native memory and why nothing Java-side may need undoing when a CACHED thread ends: the thread's
 * Java state (current M, name, context loader) dies with its JavaThread, and the counts are read from the
 * list itself. Extra Ms count in mcount (mnext) and are never freed, as in Go; they are on no Java list.
 *
 * Deadlock. checkdead runs whenever the counts it reads change. It declares a deadlock when every M
 * that holds a task is blocked in one of this runtime's Notes or RuntimeLocks and no queued task can
 * get an M, and the condition has held unchanged for deadlockGrace. Unlike Go, not every waker is an M:
 * a thread outside the runtime (or C code) may still wake a note, which is why there is a grace and why
 * each blocked wait is re-checked just before the declaration. A declared deadlock is reported to the
 * configured handler, and every blocked wait of it throws DeadlockException, so nothing hangs.
 *
 * Approaches rejected:
 *   - A java.util.concurrent.ThreadPoolExecutor underneath: its workers are Java-created threads whose
 *     stacks and exit the runtime can neither own nor observe, and its worker reuse is exactly what a
 *     locked task must never get.
 *   - Java locks (ReentrantLock, monitors) for sched.lock: C code and the kernel could not take part,
 *     and the lock would differ from the one users share with native code.
 *   - Waking an M by interrupting or unparking its Java thread: the M may be a native thread blocked in a
 *     futex; a note on a native word works for every kind of M.
 *   - Joining threads to learn that a stack is free: a joinable thread cannot use set_tid_address (join
 *     hangs), and joining costs a thread per waiter; the kernel's clear-child-tid word costs nothing.
 *   - Per-M native memory in a shared arena closed at exit: closing a shared arena is a global handshake;
 *     per-M words come from a recycled slab (NativeBlocks).
 *   - Handing work to Ms through a Java queue they poll: an idle M must really sleep (futex) so the idle
 *     timeout means something, and a direct handoff saves a queue round trip.
 *   - A Java list of extra Ms (or an upcall from the CACHED thread-exit destructor to give the M back):
 *     the destructor runs after HotSpot detached the thread, and an upcall would attach it again and leak
 *     that JavaThread. The list is native and the destructor pushes in C (trt_extra_push).
 *   - A bare FFM upcall stub as the callback: the thread is attached as Thread-N with no context class
 *     loader, no M, and an exception escaping the upcall ends the JVM.
 *   - Extra Ms on allm: unlinking an exiting task M walks allm, and extra Ms never leave; they are counted
 *     (nextram) and found by their block's address instead.
 */

/**
 * The scheduler of one {@code ThreadRuntime}: its lock, run queue, M lists and counters, and the M
 * lifetime functions (allocm, newm, mstart, schedule, mexit, checkdead). See the comment at the top of
 * this file for the design.
 */
public final class Sched {
    private static final System.Logger LOG = System.getLogger("org.threadrt");

    /** The M running on the current thread, if the thread is an M; the only global state. */
    private static final ThreadLocal<M> CURRENT = new ThreadLocal<>();
    /**
     * Every extra M of every runtime, by its native block's address: what the extra list and
     * {@code trt_bound_m} hold are block addresses. Extra Ms are never freed, so neither are their entries.
     */
    private static final ConcurrentHashMap<Long, M> EXTRA_BY_BLOCK = new ConcurrentHashMap<>();
    private static final String EXTRA_NAME_PREFIX = "threadrt-extra-M";

    final Port port;
    private final RuntimeConfig config;
    private final ClassLoader contextClassLoader;
    private final Duration idleTimeout;
    private final long pageSize;
    private final long taskStackMapSize;
    private final long bareStackMapSize;
    private final long deadlockGraceNanos;
    private final NativeBlocks blocks = new NativeBlocks();

    /** sched.lock: guards every field below it. */
    private final RuntimeLock lock;

    // The run queue (FIFO through G.schedlink).
    private G ghead;
    private G gtail;
    private int gwait;
    private long goidgen;

    // Idle Ms (LIFO through M.schedlink).
    private M midle;
    private int nmidle;

    // All live Ms (through M.alllink), exited Ms with stacks to reap (through M.freelink), BARE Ms.
    private M allm;
    private M freem;
    private int nfreem;
    private M barem;
    private boolean reaperRunning;
    /** The BARE reaper while it runs; set by the thread that starts it. */
    private volatile Thread reaperThread;

    private long mnext;
    private long nmfreed;
    /** Task Ms alive (allm minus BARE Ms); bounded by maxThreads. */
    private int nschedm;
    private int nbare;
    /** Ms holding a G (running it, or handed it and about to run it). */
    private int nmrunning;
    /** Thread bodies started and not yet returned (task Ms). */
    private int liveBodies;
    /** Extra Ms made (never freed); bounded by maxExtraMs. */
    private int nextram;
    /** The extra list, made by the first callback; extra Ms on it are not lent to any thread. */
    private volatile ExtraList extram;

    private final ArrayDeque<NativeStack> stackCache = new ArrayDeque<>();
    private boolean shutdown;
    private boolean closed;

    // Blocked-in-runtime-sync waits (doubly linked) and the deadlock check's state.
    private SyncWait syncWaits;
    private int nblocked;
    private long deadSuspectSince = -1;

    // Counters (guarded by sched.lock).
    private long stacksReaped;
    private long tasksSubmitted;
    private long tasksCompleted;
    private long threadsExited;
    private long threadStartFailures;
    private long lockedExits;
    private long idleExits;
    private long deadlocksReported;
    private final AtomicLong threadsStarted = new AtomicLong();
    private final AtomicLong stacksMapped = new AtomicLong();
    private final AtomicLong stacksUnmapped = new AtomicLong();

    /** Notified whenever something awaitTermination or close waits for may have happened. */
    private final Object termination = new Object();

    /**
     * A scheduler for the given configuration over the given port. Allocates the lock word; starts no
     * thread. The caller has checked that the port supports the stack policy.
     */
    public Sched(RuntimeConfig config, Port port, ClassLoader contextClassLoader) {
        this.config = config;
        this.port = port;
        this.contextClassLoader = contextClassLoader;
        this.idleTimeout = config.idleTimeout();
        this.pageSize = port.pageSize();
        if (pageSize <= 0 || Long.bitCount(pageSize) != 1) {
            throw new IllegalStateException("port " + port.getClass().getName() + " reports a bad page size: "
                    + pageSize);
        }
        long guard = config.stackPolicy() == StackPolicy.RUNTIME ? pageSize : 0;
        this.taskStackMapSize = roundUp(config.stackSize()) + guard;
        this.bareStackMapSize = roundUp(config.bareStackSize()) + pageSize;
        this.deadlockGraceNanos = config.deadlockGrace().toNanos();
        this.lock = RuntimeLock.over(Arena.ofAuto().allocate(4, 4), port);
    }

    private long roundUp(long bytes) {
        return (bytes + pageSize - 1) & -pageSize;
    }

    /** The configuration. */
    public RuntimeConfig config() {
        return config;
    }

    // ---------------------------------------------------------------------------------------------
    // Run queue and idle list. sched.lock must be held.

    private void gput(G g) {
        g.schedlink = null;
        if (gtail == null) {
            ghead = g;
        } else {
            gtail.schedlink = g;
        }
        gtail = g;
        gwait++;
    }

    private void gputFront(G g) {
        g.schedlink = ghead;
        ghead = g;
        if (gtail == null) {
            gtail = g;
        }
        gwait++;
    }

    private G gget() {
        G g = ghead;
        if (g != null) {
            ghead = g.schedlink;
            if (ghead == null) {
                gtail = null;
            }
            g.schedlink = null;
            gwait--;
        }
        return g;
    }

    private void mput(M m) {
        m.schedlink = midle;
        midle = m;
        m.idle = true;
        nmidle++;
    }

    private M mget() {
        M m = midle;
        if (m != null) {
            midle = m.schedlink;
            m.schedlink = null;
            m.idle = false;
            nmidle--;
        }
        return m;
    }

    /** Takes a given M off the idle list (it timed out there). */
    private void mremoveIdle(M m) {
        for (M prev = null, p = midle; p != null; prev = p, p = p.schedlink) {
            if (p == m) {
                if (prev == null) {
                    midle = m.schedlink;
                } else {
                    prev.schedlink = m.schedlink;
                }
                m.schedlink = null;
                m.idle = false;
                nmidle--;
                return;
            }
        }
        throw new IllegalStateException(m + " not on the idle list");
    }

    private void unlinkAllm(M m) {
        for (M prev = null, p = allm; p != null; prev = p, p = p.alllink) {
            if (p == m) {
                if (prev == null) {
                    allm = m.alllink;
                } else {
                    prev.alllink = m.alllink;
                }
                m.alllink = null;
                return;
            }
        }
        throw new IllegalStateException(m + " not found in allm");
    }

    // ---------------------------------------------------------------------------------------------
    // Submission.

    /**
     * Makes a task ready (Go's ready/readylocked): hands it to an idle M if one waits, else queues it and
     * starts a new M while fewer than maxThreads task Ms are alive.
     *
     * @throws RejectedExecutionException after shutdown
     */
    public void submit(Runnable task) {
        M handedTo = null;
        M started = null;
        Runnable deadlockAction;
        lock.lock();
        try {
            if (shutdown) {
                throw new RejectedExecutionException("threadrt runtime '" + config.name() + "' is shut down");
            }
            G g = new G(++goidgen, task);
            tasksSubmitted++;
            handedTo = mget();
            if (handedTo != null) {
                handedTo.nextg = g;
                nmrunning++;
            } else if (nschedm < config.maxThreads()) {
                started = allocm(config.stackPolicy());
                started.nextg = g;
                nmrunning++;
            } else {
                gput(g);
            }
            deadlockAction = checkdead();
        } finally {
            lock.unlock();
        }
        if (handedTo != null) {
            handedTo.park.wakeup();
        } else if (started != null) {
            newm(started);
        }
        run(deadlockAction);
    }

    // ---------------------------------------------------------------------------------------------
    // The M lifetime.

    /*
     * allocm makes an M: a number, a native block (park and freeWait words) and a place on allm, all
     * under sched.lock so that mcount == mnext - nmfreed at every moment and so that the decision to
     * start an M and the M's existence are one step (no overshoot of maxThreads). Its other half, the
     * walk of freem that frees stacks no thread uses any more, runs first thing in newm: freeing a stack
     * is a syscall and must not run under sched.lock. The trade-off: an M may be counted a few
     * microseconds before its thread exists, and a stack freed by the walk is reused by the very M that
     * needs one only because the walk runs just before the stack is taken.
     */
    private M allocm(StackPolicy policy) {
        M m = new M(this, ++mnext, policy, false, blocks.take());
        m.alllink = allm;
        allm = m;
        if (policy == StackPolicy.BARE) {
            nbare++;
        } else {
            nschedm++;
            liveBodies++;
        }
        return m;
    }

    /*
     * newm starts the OS thread of an M made by allocm, whose body is mstart(m). It first reaps freem
     * (the first half of Go's allocm) so that a free stack can serve this M, then takes a stack if the
     * runtime owns it (from the cache, reprotected, or freshly mapped), stores 1 to freeWait and asks the
     * port to start the thread. Never called with sched.lock held. If the port refuses, the M is undone
     * (off allm, counted in nmfreed) and its G goes back to the front of the run queue, or fails when no
     * task M is left to run it: a task must not wait forever for a thread that cannot exist.
     */
    private void newm(M m) {
        reapFreeMs();
        try {
            if (m.policy == StackPolicy.RUNTIME) {
                m.stack = takeStack(taskStackMapSize, pageSize);
                Words.set(m.freeWait, 1);
                port.startThreadOnStack(() -> mstart(m), m.stack, m.freeWait);
            } else {
                port.startThread(() -> mstart(m), taskStackMapSize);
            }
            threadsStarted.incrementAndGet();
        } catch (Throwable t) {
            startFailed(m, t);
        }
    }

    private void startFailed(M m, Throwable cause) {
        List<G> failed = new ArrayList<>();
        M wake = null;
        Runnable deadlockAction;
        lock.lock();
        try {
            unlinkAllm(m);
            nmfreed++;
            nschedm--;
            liveBodies--;
            threadStartFailures++;
            m.exited = true;
            G g = m.nextg;
            m.nextg = null;
            if (g != null) {
                nmrunning--;
                gputFront(g);
            }
            if (nschedm == 0) {
                for (G q; (q = gget()) != null; ) {
                    failed.add(q);
                }
            } else if (gwait > 0 && midle != null) {
                // An M went idle while this start failed: hand it the G, or it would wait for the next submit.
                wake = mget();
                wake.nextg = gget();
                nmrunning++;
            }
            deadlockAction = checkdead();
        } finally {
            lock.unlock();
        }
        if (wake != null) {
            wake.park.wakeup();
        }
        if (m.stack != null) {
            freeStack(m.stack); // no thread ever ran on it
            m.stack = null;
        }
        blocks.release(m.block);
        LOG.log(Level.WARNING, "threadrt: could not start an OS thread for M" + m.id + "; "
                + (failed.isEmpty() ? "its task waits for another M" : failed.size() + " queued task(s) fail"), cause);
        RejectedExecutionException rejection = new RejectedExecutionException(
                "threadrt runtime '" + config.name() + "' could not start an OS thread to run the task", cause);
        for (G g : failed) {
            if (!g.fail(rejection)) {
                LOG.log(Level.ERROR, "threadrt: task " + g.task + " dropped: no OS thread could be started", cause);
            }
        }
        run(deadlockAction);
        signalTermination();
    }

    /*
     * mstart is the body of every task M's thread, the first Java it runs (on the FFM port: the upcall).
     * It makes the thread presentable (name threadrt-M<id>, the runtime's context class loader: HotSpot
     * attaches a native thread as Thread-N with none), records the OS tid, sets the current M and runs
     * schedule. When schedule returns, mexit has run, and mstart returns so the thread ends through libc
     * (never through an exit-thread primitive: the thread ran Java). It catches every Throwable: an
     * exception escaping an upcall ends the JVM.
     */
    void mstart(M m) {
        try {
            Thread t = Thread.currentThread();
            m.thread = t;
            try {
                t.setName("threadrt-M" + m.id);
                t.setContextClassLoader(contextClassLoader);
            } catch (RuntimeException ignored) {
                // Naming is a courtesy; a security manager or an odd thread must not stop the M.
            }
            m.tid = port.gettid();
            Events.mStart(config.name(), m.id, m.tid, m.policy);
            CURRENT.set(m);
            schedule(m);
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "threadrt: M" + m.id + " failed in the scheduler", t);
            try {
                if (!isExited(m)) {
                    mexit(m, ExitReason.CRASH, m.curg != null);
                }
            } catch (Throwable t2) {
                LOG.log(Level.ERROR, "threadrt: M" + m.id + " could not exit cleanly", t2);
            }
        } finally {
            CURRENT.remove();
            bodyReturned(m);
        }
    }

    private boolean isExited(M m) {
        lock.lock();
        try {
            return m.exited;
        } finally {
            lock.unlock();
        }
    }

    private void bodyReturned(M m) {
        lock.lock();
        try {
            liveBodies--;
            threadsExited++;
        } finally {
            lock.unlock();
        }
        if (m.policy == StackPolicy.OS) {
            // An OS-stack M left allm and the idle list in mexit: nothing touches its words any more.
            blocks.release(m.block);
        }
        signalTermination();
    }

    /*
     * schedule is the M's loop: find a G (findRunnable), run it (execute), repeat. It returns only after
     * mexit ran: when the M idled for idleTimeout, when the runtime shut down with nothing queued, or
     * right after a task that ended locked to the thread. That last exit happens here, before the M can
     * be seen idle by anyone, which is what makes the rule "a locked thread is never handed to another
     * task" hold by construction instead of by a check that could race with a handoff.
     */
    private void schedule(M m) {
        boolean finishedTask = false;
        for (;;) {
            G g = findRunnable(m, finishedTask);
            if (g == null) {
                return; // mexit ran
            }
            execute(m, g);
            finishedTask = true;
            if (m.lockedCount > 0) {
                m.lockedCount = 0;
                mexit(m, ExitReason.LOCKED, true);
                return;
            }
        }
    }

    /**
     * Runs one G on its M. Every Throwable stops here: a failing task completes its future exceptionally
     * (FutureTask does that) or, for execute(), is logged, and the M survives. Interrupts do not leak
     * from one task to the next.
     */
    private void execute(M m, G g) {
        Thread.interrupted();
        try {
            g.task.run();
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "threadrt: task failed on M" + m.id, t);
        }
        Thread.interrupted();
    }

    /**
     * Finds the next G for m, sleeping on m's park note while there is none. Accounts the task m just
     * finished in the same critical section. Returns null after mexit when m should end.
     */
    private G findRunnable(M m, boolean finishedTask) {
        lock.lock();
        if (finishedTask) {
            nmrunning--;
            tasksCompleted++;
            m.curg = null;
        }
        for (;;) {
            G g = m.nextg;
            if (g != null) {
                m.nextg = null; // nmrunning was counted by whoever handed it over
            } else if ((g = gget()) != null) {
                nmrunning++;
            }
            if (g != null) {
                m.curg = g;
                Runnable deadlockAction = checkdead();
                lock.unlock();
                run(deadlockAction);
                return g;
            }
            if (shutdown) {
                lock.unlock();
                mexit(m, ExitReason.SHUTDOWN, false);
                return null;
            }
            // Idle: park on the note (the idle list is LIFO) for at most idleTimeout.
            m.park.clear();
            mput(m);
            Runnable deadlockAction = checkdead();
            lock.unlock();
            run(deadlockAction);
            boolean woken = m.park.sleep(idleTimeout);
            lock.lock();
            if (!woken) {
                if (m.idle) {
                    mremoveIdle(m);
                    lock.unlock();
                    mexit(m, ExitReason.IDLE, false);
                    return null;
                }
                // A submitter (or shutdown) took m off the idle list just as the timeout hit: its wakeup is
                // certain, so wait for it before looking at m.nextg.
                lock.unlock();
                m.park.sleep();
                lock.lock();
            }
        }
    }

    enum ExitReason { IDLE, LOCKED, SHUTDOWN, CRASH }

    /*
     * mexit tears an M down, on its own thread, with the rule of the seed: remove m from allm; if the
     * runtime owns its stack (RUNTIME), put it on freem (freeWait has been 1 since before the thread
     * started; the kernel clears it once the thread is gone), linked through freelink because allm
     * walkers use alllink; count nmfreed; run checkdead. If tasks are queued and no M is idle, the freed
     * slot starts a replacement M, as Go's handoffp passes the P on: otherwise an exiting locked M could
     * strand queued work. Then it returns, and the thread ends as its policy says. The trade-off: the
     * stack of a RUNTIME M is reclaimed only at the next allocm (or close), not when the thread dies,
     * because nobody is waiting on freeWait in between.
     */
    private void mexit(M m, ExitReason reason, boolean finishedTask) {
        M replacement = null;
        Runnable deadlockAction;
        lock.lock();
        try {
            if (finishedTask) {
                nmrunning--;
                tasksCompleted++;
                m.curg = null;
            }
            unlinkAllm(m);
            if (m.policy == StackPolicy.RUNTIME) {
                m.freelink = freem;
                freem = m;
                nfreem++;
            }
            nmfreed++;
            nschedm--;
            m.exited = true;
            switch (reason) {
                case IDLE -> idleExits++;
                case LOCKED -> lockedExits++;
                default -> { }
            }
            if (gwait > 0 && midle == null && nschedm < config.maxThreads()) {
                replacement = allocm(config.stackPolicy());
                replacement.nextg = gget();
                nmrunning++;
            }
            deadlockAction = checkdead();
        } finally {
            lock.unlock();
        }
        Events.mExit(config.name(), m.id, m.tid, m.policy, reason.name());
        if (replacement != null) {
            newm(replacement);
        }
        run(deadlockAction);
        signalTermination();
    }

    // ---------------------------------------------------------------------------------------------
    // Stacks: reaping freem, the stack cache.

    /**
     * The freem walk (first half of Go's allocm): every exited M whose freeWait reads 0 leaves freem and
     * its stack is cached or unmapped; the others stay listed. Never called with sched.lock held.
     */
    void reapFreeMs() {
        List<M> reaped = null;
        lock.lock();
        try {
            M kept = null;
            for (M m = freem; m != null; ) {
                M next = m.freelink;
                if (Words.get(m.freeWait) != 0) {
                    m.freelink = kept;
                    kept = m;
                } else {
                    m.freelink = null;
                    if (reaped == null) {
                        reaped = new ArrayList<>();
                    }
                    reaped.add(m);
                    nfreem--;
                    stacksReaped++;
                }
                m = next;
            }
            freem = kept;
        } finally {
            lock.unlock();
        }
        if (reaped != null) {
            for (M m : reaped) {
                Events.stackReap(config.name(), m.id, m.stack.base(), m.stack.size());
                freeStack(m.stack);
                m.stack = null;
                blocks.release(m.block);
            }
        }
    }

    private NativeStack takeStack(long mapSize, long guard) {
        NativeStack s = null;
        lock.lock();
        try {
            for (Iterator<NativeStack> it = stackCache.iterator(); it.hasNext(); ) {
                NativeStack c = it.next();
                if (c.size() == mapSize && c.guard() == guard) {
                    it.remove();
                    s = c;
                    break;
                }
            }
        } finally {
            lock.unlock();
        }
        if (s != null) {
            try {
                port.reprotectStack(s);
                return s;
            } catch (Throwable t) {
                unmap(s);
                throw t;
            }
        }
        s = port.mapStack(mapSize, guard);
        stacksMapped.incrementAndGet();
        return s;
    }

    /** Caches a stack no thread uses, or unmaps it when the cache is full or the runtime closed. */
    private void freeStack(NativeStack s) {
        if (s == null) {
            return;
        }
        lock.lock();
        try {
            if (!closed && stackCache.size() < config.stackCacheSize()) {
                stackCache.addFirst(s);
                return;
            }
        } finally {
            lock.unlock();
        }
        unmap(s);
    }

    private void unmap(NativeStack s) {
        try {
            port.unmapStack(s);
            stacksUnmapped.incrementAndGet();
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "threadrt: could not unmap " + s, t);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // BARE Ms.

    /**
     * Starts a BARE M running native {@code fn(arg)} on a runtime stack. The M is on allm and counted in
     * mcount until the reaper sees its freeWait cleared; then it leaves allm, its stack is reaped and
     * {@link M#bareExit()} completes.
     *
     * @throws ThreadStartException if the port refused (the M is undone)
     */
    public M startBare(MemorySegment fn, MemorySegment arg) {
        reapFreeMs();
        M m;
        lock.lock();
        try {
            if (shutdown) {
                throw new RejectedExecutionException("threadrt runtime '" + config.name() + "' is shut down");
            }
            m = allocm(StackPolicy.BARE);
        } finally {
            lock.unlock();
        }
        try {
            m.stack = takeStack(bareStackMapSize, pageSize);
            Words.set(m.freeWait, 1);
            m.tid = port.startBare(fn, arg, m.stack, m.freeWait);
            threadsStarted.incrementAndGet();
            Events.mStart(config.name(), m.id, m.tid, m.policy);
        } catch (Throwable t) {
            lock.lock();
            try {
                unlinkAllm(m);
                nmfreed++;
                nbare--;
                threadStartFailures++;
                m.exited = true;
            } finally {
                lock.unlock();
            }
            if (m.stack != null) {
                freeStack(m.stack);
            }
            blocks.release(m.block);
            signalTermination();
            if (t instanceof ThreadStartException e) {
                throw e;
            }
            throw new ThreadStartException("could not start a BARE thread", t);
        }
        boolean startReaper;
        lock.lock();
        try {
            m.barelink = barem;
            barem = m;
            startReaper = !reaperRunning;
            reaperRunning = true;
        } finally {
            lock.unlock();
        }
        if (startReaper) {
            Thread t = Thread.ofPlatform().daemon().name("threadrt-reaper-" + config.name()).unstarted(this::bareReaper);
            reaperThread = t;
            t.start();
        }
        // A lingering reaper is not unparked: it looks again within 50 ms, and joiners reap
        // their own M (awaitBare), so a wake here would only add a context switch per thread.
        return m;
    }

    /**
     * Waits until the BARE M's thread is gone, sleeping on its freeWait word (exitThread
     * futex-wakes it right after its store), then reaps it on this thread instead of waiting
     * for the reaper to notice: a joiner is woken by the exiting thread itself, with no
     * handoff through the reaper. Reaping is idempotent; whoever gets there first does it.
     */
    public void awaitBare(M m) {
        while (Words.get(m.freeWait) != 0 && !m.bareExit().isDone()) {
            // Bounded, so a port whose exit makes no wake still works; the shim's exitThread wakes.
            port.futexWait(m.freeWait, 1, TimeUnit.MILLISECONDS.toNanos(10));
        }
        reapBareMs();
    }

    /*
     * The BARE reaper: a BARE thread never calls back into the runtime, so someone must notice that it is
     * gone. This platform thread (not a virtual one: a futex downcall pins its carrier) sleeps on the
     * freeWait word of one BARE M at a time, with a timeout so that others that end first are seen too,
     * then does mexit on their behalf: off allm, nmfreed, stack reaped, handle completed. With no BARE M
     * left it lingers for idleTimeout (parked; startBare unparks it), so a steady stream of short BARE
     * threads does not start a Java thread per BARE thread; then, or at shutdown, it ends and the next
     * startBare starts it again.
     */
    private void bareReaper() {
        try {
            long idleSince = 0;
            for (;;) {
                M watch;
                boolean end = false;
                lock.lock();
                try {
                    watch = barem;
                    if (watch == null) {
                        long now = System.nanoTime();
                        if (idleSince == 0) {
                            idleSince = now;
                        }
                        if (shutdown || now - idleSince >= idleTimeout.toNanos()) {
                            reaperRunning = false;
                            reaperThread = null;
                            end = true;
                        }
                    } else {
                        idleSince = 0;
                    }
                } finally {
                    lock.unlock();
                }
                if (end) {
                    signalTermination();
                    return;
                }
                if (watch == null) {
                    LockSupport.parkNanos(this, Math.min(idleTimeout.toNanos(), TimeUnit.MILLISECONDS.toNanos(50)));
                    continue;
                }
                port.futexWait(watch.freeWait, 1, TimeUnit.MILLISECONDS.toNanos(20));
                reapBareMs();
            }
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "threadrt: BARE reaper failed", t);
            lock.lock();
            try {
                reaperRunning = false;
            } finally {
                lock.unlock();
            }
        }
    }

    private void reapBareMs() {
        List<M> gone = null;
        Runnable deadlockAction;
        lock.lock();
        try {
            M kept = null;
            for (M m = barem; m != null; ) {
                M next = m.barelink;
                if (Words.get(m.freeWait) != 0) {
                    m.barelink = kept;
                    kept = m;
                } else {
                    m.barelink = null;
                    unlinkAllm(m);
                    nmfreed++;
                    nbare--;
                    threadsExited++;
                    stacksReaped++;
                    m.exited = true;
                    if (gone == null) {
                        gone = new ArrayList<>();
                    }
                    gone.add(m);
                }
                m = next;
            }
            barem = kept;
            deadlockAction = checkdead();
        } finally {
            lock.unlock();
        }
        if (gone != null) {
            for (M m : gone) {
                Events.mExit(config.name(), m.id, m.tid, m.policy, "BARE");
                Events.stackReap(config.name(), m.id, m.stack.base(), m.stack.size());
                freeStack(m.stack);
                m.stack = null;
                blocks.release(m.block);
                m.bareExit.complete(null);
            }
            signalTermination();
        }
        run(deadlockAction);
    }

    // ---------------------------------------------------------------------------------------------
    // Extra Ms: callbacks from threads the runtime did not create.

    /**
     * Makes the extra list and its first M, once: the first callback of a runtime does it (Go makes the
     * first extra M when cgo is first used), so a runtime with no callbacks has no extra Ms.
     */
    public void initExtraMs() {
        if (extram != null) {
            return;
        }
        M first;
        lock.lock();
        try {
            if (extram != null) {
                return;
            }
            extram = new ExtraList();
            first = allocextram();
        } finally {
            lock.unlock();
        }
        EXTRA_BY_BLOCK.put(first.block.address(), first);
        extram.push(first.block, port, config.name());
    }

    /*
     * newextram makes one more extra M and puts it on the list, so that the list stays "one more than
     * needed": needm calls it when it took the last M, after it holds that M (the seed's needextram).
     * Making an M here is cheap (a number, a Java object, a native block): no thread is started, since the
     * thread comes from whoever calls back. The bound maxExtraMs is checked under sched.lock; at the bound
     * no M is made and callers that find the list empty wait for a dropm. The trade-off: the list may be
     * empty for the moment between the pop of the last M and this push, and a concurrent needm sleeps
     * through that moment instead of making its own M (which could overshoot the bound).
     */
    private void newextram() {
        M m;
        lock.lock();
        try {
            if (nextram >= config.maxExtraMs()) {
                return;
            }
            m = allocextram();
        } finally {
            lock.unlock();
        }
        EXTRA_BY_BLOCK.put(m.block.address(), m);
        extram.push(m.block, port, config.name());
    }

    /** An extra M: counted in mnext (so in mcount), its block in the global arena. sched.lock held. */
    private M allocextram() {
        MemorySegment block = Arena.global().allocate(NativeBlocks.BLOCK_SIZE, NativeBlocks.BLOCK_SIZE);
        M m = new M(this, ++mnext, StackPolicy.OS, true, block);
        block.set(ValueLayout.JAVA_LONG, ExtraMLayout.LIST, extram.address());
        block.set(ValueLayout.JAVA_LONG, ExtraMLayout.ID, m.id);
        m.extraName = EXTRA_NAME_PREFIX + m.id;
        nextram++;
        return m;
    }

    /*
     * needm gives the calling thread, which has no M, an extra M (the thread is a native thread calling a
     * callback, or a Java thread the runtime did not create). The rule: pop the head of the extra list
     * (lockextra: CAS in the LOCKED sentinel, osyield while someone holds it, sleep 1 µs while it is
     * empty), unlink it, store the next M as the head (unlockextra); if that was the last M, make another
     * (newextram) once this thread holds its M. Then make the thread presentable as the seed's minit did:
     * the current M, the runtime's context class loader (HotSpot attaches a native thread with none), the
     * name threadrt-extra-M<id>. CACHED first looks for an M still bound to this native thread (its
     * JavaThread was detached and attached again since) and binds a fresh one with the shim, whose
     * thread-exit destructor gives it back. Returns the M that dropm must give back after the call, or
     * null when the M stays with the thread. The trade-offs: the name is set only when it changes, because
     * Thread.setName on the current thread is a syscall (prctl), so a PER_CALL thread keeps the name of the
     * last M it held, and only a thread named Thread-N (an attached native thread) or threadrt-extra-M<n>
     * is renamed: a thread the application named keeps its name.
     */
    M needm(boolean cached) {
        Thread t = Thread.currentThread();
        M m = null;
        boolean bound = false;
        if (cached) {
            long b = port.boundExtraM();
            if (b != 0 && (m = EXTRA_BY_BLOCK.get(b)) != null) {
                bound = true;
            }
        }
        boolean needextram = false;
        if (m == null) {
            ExtraList l = extram;
            long head = l.lockextra(false, port, config.name());
            m = EXTRA_BY_BLOCK.get(head);
            if (m == null) {
                l.unlockextra(head);
                throw new IllegalStateException("threadrt: the extra list of runtime '" + config.name()
                        + "' holds an unknown block 0x" + Long.toHexString(head));
            }
            long next = l.unlink(m.block);
            l.unlockextra(next);
            needextram = next == 0;
        }
        try {
            if (m.thread != t) {
                m.thread = t;
                m.tid = port.gettid();
            }
            m.savedLoader = t.getContextClassLoader();
            String name = t.getName();
            if (!name.equals(m.extraName) && (name.startsWith("Thread-") || name.startsWith(EXTRA_NAME_PREFIX))) {
                t.setName(m.extraName);
            }
            t.setContextClassLoader(m.sched.contextClassLoader);
            CURRENT.set(m);
            if (cached && !bound) {
                bound = port.bindExtraM(m.block);
            }
            if (bound) {
                m.savedLoader = null; // never put back: the M stays with this thread until it ends
            }
            Events.needm(config.name(), m.id, m.tid, config.callbackMode());
        } catch (Throwable e) {
            if (!bound) {
                dropm(m);
            }
            throw e;
        } finally {
            if (needextram) {
                newextram();
            }
        }
        return bound ? null : m;
    }

    /*
     * dropm undoes needm and gives the M back (PER_CALL after every call; CACHED only where the port cannot
     * bind): the current M cleared, the context class loader put back, the M pushed on its runtime's extra
     * list (lockextra with an empty list allowed, link, unlockextra). The name is left (see needm). The
     * CACHED thread-exit path is the shim's trt_extra_push instead, the same push in C, because by then the
     * thread has left the JVM; it undoes nothing Java-side, and needs to: the JavaThread and its state are
     * already gone.
     */
    void dropm(M m) {
        Thread t = Thread.currentThread();
        CURRENT.remove();
        try {
            t.setContextClassLoader(m.savedLoader);
        } catch (RuntimeException ignored) {
            // Courtesy only.
        }
        m.savedLoader = null;
        Events.dropm(config.name(), m.id, m.tid, config.callbackMode());
        m.sched.extram.push(m.block, port, config.name());
    }

    /**
     * The handle behind a callback stub: {@code target} wrapped with needm / dropm and the exception
     * policy ({@link Callbacks}). Makes the extra list if this is the runtime's first callback.
     *
     * @throws IllegalArgumentException if the target's type is not the descriptor's, or the policy's value
     *                                  does not fit the return type
     */
    public MethodHandle callbackHandle(MethodHandle target, FunctionDescriptor descriptor, CallbackPolicy policy) {
        MethodHandle h = Callbacks.wrap(this, target, descriptor, policy);
        initExtraMs();
        return h;
    }

    /** The extra list, or null before the first callback (for tests). */
    ExtraList extraList() {
        return extram;
    }

    /** The M of the calling thread, for callbacks: its own M (task M, nested or cached callback) or null. */
    static M callbackM() {
        return CURRENT.get();
    }

    // ---------------------------------------------------------------------------------------------
    // checkdead and blocked-in-runtime-sync accounting.

    /*
     * checkdead: sched.lock must be held. The rule: a deadlock is when some task is blocked in this
     * runtime's sync, every M holding a task is so blocked (nblocked == nmrunning), and no queued task
     * can get an M (the queue is empty, or every task M slot is taken by a blocked task), and this has
     * held for deadlockGrace, and each blocked wait, re-checked on its word, is still stuck with its
     * waiter asleep in the futex through the whole re-check (SyncWait's sleep generation). Ms blocked
     * elsewhere (Thread.sleep, I/O, Java locks) count as running: the check errs towards silence. The
     * trade-off: a waker outside the runtime that takes longer than the grace is reported as a deadlock
     * (documented on RuntimeConfig.Builder.detectDeadlocks). Returns what to do after sched.lock is
     * released (wake the blocked words, call the handler), or null.
     */
    private Runnable checkdead() {
        if (!config.detectDeadlocks()) {
            return null;
        }
        boolean stuck = nblocked > 0 && nblocked == nmrunning && (gwait == 0 || nschedm >= config.maxThreads());
        if (!stuck) {
            deadSuspectSince = -1;
            return null;
        }
        long now = System.nanoTime();
        if (deadSuspectSince < 0) {
            deadSuspectSince = now;
        }
        if (now - deadSuspectSince < deadlockGraceNanos) {
            return null;
        }
        // Three passes: every waiter must be asleep, its condition must still hold, and it must have slept
        // through that check (same sleep generation), or a waiter woken mid-check looks stuck.
        int[] generations = new int[nblocked];
        int i = 0;
        for (SyncWait w = syncWaits; w != null; w = w.next, i++) {
            if (w.deadlock() != null) {
                return null; // already declared; its waiters are on their way out
            }
            generations[i] = w.sleepGeneration();
            if ((generations[i] & 1) == 0) {
                return null; // awake: running its lock or note code, not blocked
            }
        }
        for (SyncWait w = syncWaits; w != null; w = w.next) {
            if (!w.stillBlocked.getAsBoolean()) {
                return null; // woken (from inside or outside the runtime): not a deadlock
            }
        }
        List<DeadlockReport.BlockedWait> waits = new ArrayList<>();
        i = 0;
        for (SyncWait w = syncWaits; w != null; w = w.next, i++) {
            if (w.sleepGeneration() != generations[i]) {
                return null; // woke during the check
            }
            waits.add(new DeadlockReport.BlockedWait(w.m.id, w.m.tid, w.kind, w.word.address()));
        }
        DeadlockReport report = new DeadlockReport(config.name(), Instant.now(), mnext - nmfreed, nmrunning, gwait,
                waits);
        List<MemorySegment> words = new ArrayList<>();
        for (SyncWait w = syncWaits; w != null; w = w.next) {
            w.declare(report);
            words.add(w.word);
        }
        deadlocksReported++;
        deadSuspectSince = -1;
        return () -> {
            for (MemorySegment word : words) {
                port.futexWake(word, Integer.MAX_VALUE);
            }
            Events.deadlock(report);
            try {
                config.deadlockHandler().accept(report);
            } catch (Throwable t) {
                LOG.log(Level.ERROR, "threadrt: deadlock handler failed", t);
            }
        };
    }

    private static void run(Runnable action) {
        if (action != null) {
            action.run();
        }
    }

    /**
     * Registers the calling thread as blocked in one of this runtime's Notes or RuntimeLocks, if it is a
     * task M of this runtime and deadlock detection is on; otherwise returns null and nothing is counted.
     */
    public SyncWait beginSyncWait(String kind, MemorySegment word, BooleanSupplier stillBlocked) {
        M m = CURRENT.get();
        if (m == null || m.sched != this || !config.detectDeadlocks()) {
            return null;
        }
        SyncWait w = new SyncWait(m, kind, word, stillBlocked);
        Runnable deadlockAction;
        lock.lock();
        try {
            if (m.curg == null) {
                return null;
            }
            w.next = syncWaits;
            if (syncWaits != null) {
                syncWaits.prev = w;
            }
            syncWaits = w;
            nblocked++;
            deadlockAction = checkdead();
        } finally {
            lock.unlock();
        }
        run(deadlockAction);
        return w;
    }

    /** Unregisters a wait from {@link #beginSyncWait}. */
    public void endSyncWait(SyncWait w) {
        Runnable deadlockAction;
        lock.lock();
        try {
            if (w.prev != null) {
                w.prev.next = w.next;
            } else {
                syncWaits = w.next;
            }
            if (w.next != null) {
                w.next.prev = w.prev;
            }
            w.prev = w.next = null;
            nblocked--;
            deadlockAction = checkdead(); // normally resets the suspicion: something moved
        } finally {
            lock.unlock();
        }
        run(deadlockAction);
    }

    /** How long a registered waiter sleeps before it calls {@link #recheckdead()}. */
    public long syncWaitSliceNanos() {
        long slice = deadlockGraceNanos / 2;
        if (deadlockGraceNanos == 0) {
            slice = TimeUnit.MILLISECONDS.toNanos(100);
        }
        return Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(slice, TimeUnit.SECONDS.toNanos(1)));
    }

    /** Runs checkdead again: a registered waiter's slice expired, the grace may have passed. */
    public void recheckdead() {
        Runnable deadlockAction;
        lock.lock();
        try {
            deadlockAction = checkdead();
        } finally {
            lock.unlock();
        }
        run(deadlockAction);
    }

    // ---------------------------------------------------------------------------------------------
    // The current M, locking a task to its thread.

    /** The M running on this thread, or null. */
    static M currentM() {
        return CURRENT.get();
    }

    /** What users see of the current M. */
    public static Optional<MInfo> currentMInfo() {
        M m = CURRENT.get();
        return m == null ? Optional.empty() : Optional.of(m.info());
    }

    /**
     * Wires the current task to its thread (counted). The M exits when the task ends still locked.
     *
     * @throws IllegalStateException if the caller is not a task running on an M
     */
    public static void lockOSThread() {
        M m = CURRENT.get();
        if (m == null) {
            throw new IllegalStateException("lockOSThread called on thread '" + Thread.currentThread().getName()
                    + "', which is not a threadrt M: only tasks submitted to a ThreadRuntime run on Ms");
        }
        if (m.lockedCount == Integer.MAX_VALUE) {
            throw new IllegalStateException("lockOSThread nested too deeply");
        }
        m.lockedCount++;
    }

    /**
     * Undoes one {@link #lockOSThread()}; does nothing when the count is already 0 (as in Go).
     *
     * @throws IllegalStateException if the caller is not a task running on an M
     */
    public static void unlockOSThread() {
        M m = CURRENT.get();
        if (m == null) {
            throw new IllegalStateException("unlockOSThread called on thread '" + Thread.currentThread().getName()
                    + "', which is not a threadrt M");
        }
        if (m.lockedCount > 0) {
            m.lockedCount--;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Shutdown, termination, close.

    /** Refuses new tasks; queued tasks still run; idle Ms exit now, busy ones after the queue drains. */
    public void shutdown() {
        List<M> idle = new ArrayList<>();
        lock.lock();
        try {
            shutdown = true;
            for (M m; (m = mget()) != null; ) {
                idle.add(m);
            }
        } finally {
            lock.unlock();
        }
        for (M m : idle) {
            m.park.wakeup();
        }
        Thread reaper = reaperThread;
        if (reaper != null) {
            LockSupport.unpark(reaper); // a lingering reaper ends now instead of after idleTimeout
        }
        signalTermination();
    }

    /** Shuts down, drops the queued tasks (returned) and interrupts the Ms running tasks. */
    public List<Runnable> shutdownNow() {
        shutdown();
        List<Runnable> dropped = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        lock.lock();
        try {
            for (G g; (g = gget()) != null; ) {
                dropped.add(g.task);
            }
            for (M m = allm; m != null; m = m.alllink) {
                if (m.curg != null && m.thread != null) {
                    running.add(m.thread);
                }
            }
        } finally {
            lock.unlock();
        }
        for (Thread t : running) {
            t.interrupt();
        }
        signalTermination();
        return dropped;
    }

    /** Whether shutdown was called. */
    public boolean isShutdown() {
        lock.lock();
        try {
            return shutdown;
        } finally {
            lock.unlock();
        }
    }

    /** Shut down, every task done, every task M exited and its thread body returned. */
    public boolean isTerminated() {
        lock.lock();
        try {
            return terminatedLocked();
        } finally {
            lock.unlock();
        }
    }

    private boolean terminatedLocked() {
        return shutdown && gwait == 0 && nmrunning == 0 && nschedm == 0 && liveBodies == 0;
    }

    private void signalTermination() {
        synchronized (termination) {
            termination.notifyAll();
        }
    }

    /** Waits until {@link #isTerminated()} or the timeout; returns whether terminated. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return awaitCondition(this::isTerminated, unit.toNanos(timeout));
    }

    private boolean awaitCondition(BooleanSupplier condition, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        synchronized (termination) {
            for (;;) {
                if (condition.getAsBoolean()) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                // Bounded waits: a few signals are sent without the monitor's help (races are harmless).
                TimeUnit.NANOSECONDS.timedWait(termination, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }
    }

    /**
     * Shuts down, waits for every task, every M and every BARE thread to be gone, reaps every stack
     * (waiting on the freeWait words of freem) and unmaps the stack cache. After it returns no thread
     * of this runtime runs and no stack of it is mapped. If interrupted while waiting for tasks it
     * calls {@link #shutdownNow()} and keeps waiting, like {@code ExecutorService.close()}; the interrupt
     * status is restored on return.
     */
    public void close() {
        shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (awaitCondition(() -> isTerminated() && bareGone(), Long.MAX_VALUE / 4)) {
                    break;
                }
            } catch (InterruptedException e) {
                if (!interrupted) {
                    shutdownNow();
                }
                interrupted = true;
            }
        }
        // Every M has exited; wait until the kernel says each RUNTIME thread is gone, then reap.
        for (;;) {
            List<M> waiting = new ArrayList<>();
            lock.lock();
            try {
                for (M m = freem; m != null; m = m.freelink) {
                    waiting.add(m);
                }
            } finally {
                lock.unlock();
            }
            if (waiting.isEmpty()) {
                break;
            }
            for (M m : waiting) {
                while (Words.get(m.freeWait) != 0) {
                    port.futexWait(m.freeWait, 1, TimeUnit.MILLISECONDS.toNanos(100));
                }
            }
            reapFreeMs();
        }
        List<NativeStack> cached;
        lock.lock();
        try {
            closed = true;
            cached = new ArrayList<>(stackCache);
            stackCache.clear();
        } finally {
            lock.unlock();
        }
        for (NativeStack s : cached) {
            unmap(s);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** No BARE M alive and the reaper done with the last ones (handles completed, stacks freed). */
    private boolean bareGone() {
        lock.lock();
        try {
            return nbare == 0 && !reaperRunning;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Observability and invariants.

    /** All counters, read together under sched.lock. */
    public RuntimeStats stats() {
        lock.lock();
        try {
            return new RuntimeStats(mnext, nmfreed, mnext - nmfreed, nmidle, nmrunning, nbare, nfreem, stacksReaped,
                    stacksMapped.get(), stacksUnmapped.get(), stackCache.size(), gwait, tasksSubmitted,
                    tasksCompleted, threadsStarted.get(), threadsExited, threadStartFailures, lockedExits, idleExits,
                    nblocked, deadlocksReported, nextram, extram == null ? 0 : extram.length());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks, under sched.lock, that the lists agree with the counters: the length of allm is
     * {@code mnext - nmfreed} (mcount), task Ms plus BARE Ms make mcount, idle Ms are on allm and not
     * running, freem holds only exited Ms with runtime-owned stacks and none of them is on allm.
     *
     * @throws IllegalStateException describing the first broken invariant
     */
    public void assertInvariants() {
        lock.lock();
        try {
            long walked = 0;
            for (M m = allm; m != null; m = m.alllink) {
                walked++;
                check(!m.exited, "exited M on allm: " + m);
            }
            long mcount = mnext - nmfreed;
            check(walked + nextram == mcount, "allm has " + walked + " Ms and there are " + nextram
                    + " extra Ms but mnext - nmfreed = " + mnext + " - " + nmfreed + " = " + mcount);
            check(nschedm + nbare + nextram == mcount, "task Ms " + nschedm + " + BARE Ms " + nbare + " + extra Ms "
                    + nextram + " != mcount " + mcount);
            check(nextram <= config.maxExtraMs(), "extra Ms " + nextram + " > maxExtraMs " + config.maxExtraMs());
            long extraFree = extram == null ? 0 : extram.length();
            check(extraFree >= 0 && extraFree <= nextram, "extra list length " + extraFree + " not in [0, extra Ms "
                    + nextram + "]");
            check(nschedm <= config.maxThreads(), "task Ms " + nschedm + " > maxThreads " + config.maxThreads());
            int idle = 0;
            for (M m = midle; m != null; m = m.schedlink) {
                idle++;
                check(m.idle && m.curg == null && m.nextg == null && onAllm(m), "bad idle M " + m);
            }
            check(idle == nmidle, "idle list has " + idle + " Ms, nmidle = " + nmidle);
            check(nmrunning >= 0 && nmrunning + nmidle <= nschedm, "nmrunning " + nmrunning + " + nmidle " + nmidle
                    + " > task Ms " + nschedm);
            int free = 0;
            for (M m = freem; m != null; m = m.freelink) {
                free++;
                check(m.exited && m.policy == StackPolicy.RUNTIME && !onAllm(m), "bad freem entry " + m);
            }
            check(free == nfreem, "freem has " + free + " Ms, nfreem = " + nfreem);
            int queued = 0;
            for (G g = ghead; g != null; g = g.schedlink) {
                queued++;
            }
            check(queued == gwait, "run queue has " + queued + " Gs, gwait = " + gwait);
            check(nblocked >= 0 && nblocked <= nmrunning, "nblocked " + nblocked + " not in [0, nmrunning "
                    + nmrunning + "]");
        } finally {
            lock.unlock();
        }
    }

    private boolean onAllm(M x) {
        for (M m = allm; m != null; m = m.alllink) {
            if (m == x) {
                return true;
            }
        }
        return false;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException("threadrt invariant broken: " + message);
        }
    }

    /** The port's platform name. */
    public String platform() {
        return port.platform();
    }

    /** The port. */
    public Port port() {
        return port;
    }
}
