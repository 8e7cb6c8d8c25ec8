package org.threadrt.internal;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.threadrt.CallbackPolicy;
import org.threadrt.RuntimeConfig;
import org.threadrt.RuntimeLock;
import org.threadrt.RuntimeStats;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadStartException;
import org.threadrt.internal.events.Events;
import org.threadrt.spi.Port;

/*
 * threadrt scheduler (Go's proc.go)
 *
 * The scheduler's job is to match ready tasks (Gs) with OS threads waiting for work (Ms), as the first
 * Go scheduler did: a G that becomes ready goes straight to an idle M if one waits (the M is taken off
 * the idle list, the G is put in m.nextg, and the M's park note is woken); otherwise it goes on the run
 * queue, and a new M is started while fewer than maxThreads task Ms are alive. There are no Ps: every M
 * that has a G runs it, so the number of running tasks is bounded by maxThreads alone.
 *
 * Ms come and go. A task M exits
 *   - when it has idled for idleTimeout (Go issue 14592: a burst must not keep its threads forever);
 *     the idle list is LIFO, so the M that idled last is reused first and the others can time out;
 *   - when a task ends while locked to its thread (lockOSThread without the matching unlock; Go 1.10,
 *     issues 20395 and 28979): the task may have changed per-thread OS state, so the thread is destroyed
 *     instead of reused. Such an M never goes back on the idle list: it goes from its task straight to
 *     mexit, so no submitter can hand it work, not even one racing with the exit;
 *   - when the runtime shuts down and the run queue is empty.
 * Every M leaves allm in one place, mleave, under sched.lock, so mcount == mnext - nmfreed at every
 * moment. A thread that ran Java always ends by returning through libc, never with a raw exit syscall
 * (HotSpot detaches it in a thread_local destructor).
 *
 * The runtime is split by lifetime, as Go splits it across files; each file states its rule at the top:
 *   Sched         this file: the M lifetime allocm, newm, mstart, schedule, mexit; submission; allm and
 *                 the M counts.
 *   CurrentM      the M of the calling thread, and lockOSThread.
 *   TemplateThread the thread that creates Ms for callers that may carry OS state (Go's templateThread).
 *   RunQueue      ready Gs no M holds yet.           IdleList   Ms parked for work.
 *   Stacks        runtime-owned stacks: freem, reaping through the kernel's clear-tid word, the cache (stack.go).
 *   BareMs        native-only Ms and their reaper.
 *   ExtraMs       Ms for foreign threads that call back: needm, dropm, the native list (cgocall.go).
 *   DeadlockCheck checkdead and the waits the sync types report (the WaitObserver).
 *   Lifecycle     shutdown, shutdownNow, termination, close.
 *   StartRefusals thread starts the OS refused: the refusal episode, its retries on the template, giving up.
 *   SchedStats    the counters read together, and the invariants.
 * RuntimeLock and Note (lock_futex.go) are the public org.threadrt types and know of the scheduler only
 * the WaitObserver interface.
 *
 * Synchronization. There is one scheduler lock, sched.lock (the field `lock` below), a RuntimeLock: a
 * futex word, the same lock users get. Every mutable field of the scheduler's parts is guarded by it
 * unless its declaration says otherwise; the few exceptions are counters bumped after a syscall outside
 * the lock (AtomicLong) and handles a thread reads without the lock (volatile, written under it). It is
 * never held across a call that can block or that enters the OS for long: starting threads, mapping and
 * unmapping stacks, waking notes and running user callbacks all happen after it is released.
 *
 * Approaches rejected:
 *   - A java.util.concurrent.ThreadPoolExecutor underneath: its workers are Java-created threads whose
 *     stacks and exit the runtime can neither own nor observe, and its worker reuse is exactly what a
 *     locked task must never get.
 *   - Java locks (ReentrantLock, monitors) for sched.lock: C code and the kernel could not take part,
 *     and the lock would differ from the one users share with native code.
 *   - Waking an M by interrupting or unparking its Java thread: the M may be a native thread blocked in a
 *     futex; a note on a native word works for every kind of M.
 *   - Handing work to Ms through a Java queue they poll: an idle M must really sleep (futex) so the idle
 *     timeout means something, and a direct handoff saves a queue round trip.
 *   - One lock per part (stacks, BARE Ms, deadlock check): an M's move from allm to freem or off the BARE
 *     list, and the counts the deadlock check reads, must change together; separate locks would need an
 *     order and would let the invariant check see half a move.
 */

/**
 * The scheduler of one {@code ThreadRuntime}: its lock, allm and the M counts, and the task-M lifetime
 * (allocm, newm, mstart, schedule, mexit). The other lifetimes are in the parts it holds; see the comment
 * at the top of this file. {@code ThreadRuntime} reaches the runtime only through this class.
 */
public final class Sched {
    static final System.Logger LOG = System.getLogger("org.threadrt");

    // Immutable after construction.
    final Port port;
    final RuntimeConfig config;
    final ClassLoader contextClassLoader;
    final Duration idleTimeout;
    /** This runtime's number in the JVM ({seq} in thread names): 1 for the first runtime started. */
    final long seq = ThreadNames.nextRuntimeSeq();
    /** Per-M native words; its own monitor (see NativeBlocks). */
    final NativeBlocks blocks = new NativeBlocks();
    /** sched.lock: guards every field below it and the parts' fields (see the file comment). */
    final RuntimeLock lock;
    final Stacks stacks;
    final BareMs bare;
    final ExtraMs extra;
    final DeadlockCheck deadlock;
    final Lifecycle lifecycle;
    /** Creates the Ms that callers which may carry OS state ask for (see TemplateThread); its own rule. */
    final TemplateThread template;

    // Guarded by sched.lock.
    final RunQueue runq = new RunQueue();
    final IdleList midle = new IdleList();
    /** Every live task and BARE M, doubly linked through M.alllink / M.allprev (extra Ms are not on it). */
    M allm;
    long mnext;
    long nmfreed;
    long goidgen;
    /** Task Ms alive (allm minus BARE Ms); bounded by maxThreads. */
    int nschedm;
    /** BARE Ms alive (on allm until the BARE reaper sees them gone). */
    int nbare;
    /** Ms holding a G (running it, or handed it and about to run it). */
    int nmrunning;
    /**
     * The idle M a submitter handed a G and woke, until that M takes the G in findRunnable; null when no
     * such wake is in flight (Go's one spinning M, wakep). While it is set, submit queues instead of waking
     * a second idle M, and each M that takes a G wakes the next idle M for what is still queued
     * (wakeForQueuedLocked), so wakes of sleeping Ms go one at a time, and a burst of submits is drained by
     * the Ms that are awake instead of waking every idle M for one task each (issue 15: batch dispatch with
     * 16 idle Ms ran 7x slower than a ThreadPoolExecutor before).
     */
    M waking;
    /** Thread bodies (mstart) started and not yet returned. */
    int liveBodies;
    long tasksSubmitted;
    long tasksCompleted;
    long threadsExited;
    long threadStartFailures;
    long lockedExits;
    long idleExits;
    /**
     * List nodes visited by the walks a cycle makes (submit, newm's freem walk, mexit, a BARE join's reap,
     * checkdead): the scale tests check that this does not grow with the number of live Ms (issue 15).
     * Every walk under sched.lock adds what it visited; walks off the cycle's path count in
     * backgroundWalkNodes instead.
     */
    long cycleWalkNodes;
    /** List nodes visited by the BARE reaper's periodic scan (at most one per BareMs.SCAN_INTERVAL_NANOS). */
    long backgroundWalkNodes;

    /** The refusal episode (StartRefusals): its own fields, guarded by sched.lock as its file says. */
    final StartRefusals refusals = new StartRefusals(this);

    /** Threads the port started (task and BARE); bumped after the port call, outside sched.lock. */
    final AtomicLong threadsStarted = new AtomicLong();

    /**
     * A scheduler for the given configuration over the given port. Allocates the lock word and starts the
     * template thread, a clone of the calling thread (ThreadRuntime.start's caller): every M starts with the
     * per-thread OS state this thread has now (see TemplateThread). The caller has checked that the port
     * supports the stack policy.
     */
    public Sched(RuntimeConfig config, Port port, ClassLoader contextClassLoader) {
        this.config = config;
        this.port = port;
        this.contextClassLoader = contextClassLoader;
        this.idleTimeout = config.idleTimeout();
        this.lock = RuntimeLock.over(Arena.ofAuto().allocate(4, 4), port);
        this.stacks = new Stacks(this);
        this.bare = new BareMs(this);
        this.extra = new ExtraMs(this);
        this.deadlock = new DeadlockCheck(this);
        this.lifecycle = new Lifecycle(this);
        this.template = new TemplateThread(this);
    }

    /** The configuration. */
    public RuntimeConfig config() {
        return config;
    }

    /** The port's platform name. */
    public String platform() {
        return port.platform();
    }

    /** The port. */
    public Port port() {
        return port;
    }

    /** What the runtime's locks and notes report their waits to. */
    public WaitObserver waits() {
        return deadlock;
    }

    /** mcount: Ms that exist (task, BARE and extra). sched.lock held. */
    long mcount() {
        return mnext - nmfreed;
    }

    // ---------------------------------------------------------------------------------------------
    // Submission.

    /**
     * Makes a task ready (Go's ready/readylocked): hands it to an idle M if one waits, else queues it and
     * starts a new M while fewer than maxThreads task Ms are alive and the OS is not refusing threads. The
     * caller never waits for the OS: a new M's thread is created here only by a clean M of this runtime,
     * else by the template thread after submit returned; a refused start leaves the task queued and is
     * retried by the template (see StartRefusals).
     *
     * @throws RejectedExecutionException after shutdown, or while the runtime has given up starting threads
     *                                    (no task M alive and every start refused for threadStartTimeout;
     *                                    its cause is the last ThreadStartException)
     */
    public void submit(Runnable task) {
        refusals.runDeferredFailures();
        M handedTo = null;
        M started = null;
        Runnable deadlockAction;
        lock.lock();
        try {
            lifecycle.rejectIfShutdown();
            G g = new G(goidgen + 1, task); // allocated before any M is taken off a list
            if (midle.isEmpty() && refusals.gaveUpLocked()) {
                throw refusals.refusedLocked();
            }
            goidgen++;
            tasksSubmitted++;
            handedTo = waking == null ? midle.get() : null;
            if (handedTo != null) {
                handedTo.nextg = g;
                nmrunning++;
                waking = handedTo;
            } else if (midle.isEmpty() && nschedm < config.maxThreads() && !refusals.refusingLocked()) {
                started = allocm(config.stackPolicy());
                started.nextg = g;
                nmrunning++;
            } else {
                runq.put(g);
            }
            deadlockAction = deadlock.checkdead();
        } finally {
            lock.unlock();
        }
        if (handedTo != null) {
            handedTo.park.wakeup();
        } else if (started != null) {
            newm(started, false);
        }
        runUnlocked(deadlockAction);
    }

    // ---------------------------------------------------------------------------------------------
    // The M lifetime.

    /*
     * allocm makes an M: a number, a native block (park and freeWait words) and a place on allm, all
     * under sched.lock (the caller holds it) so that mcount == mnext - nmfreed at every moment and so that
     * the decision to start an M and the M's existence are one step (no overshoot of maxThreads). Its other
     * half, the walk of freem that frees stacks no thread uses any more, runs first thing in newm: freeing
     * a stack is a syscall and must not run under sched.lock. The trade-off: an M may be counted a few
     * microseconds before its thread exists, and a stack freed by the walk is reused by the very M that
     * needs one only because the walk runs just before the stack is taken.
     */
    M allocm(StackPolicy policy) {
        MemorySegment block = blocks.take(); // first: if it throws, no number was taken (mcount stays exact)
        M m = new M(this, mnext + 1, policy, block);
        mnext++;
        m.allprev = null;
        m.alllink = allm;
        if (allm != null) {
            allm.allprev = m;
        }
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
     * mleave is the one place where an M leaves allm, with sched.lock held: unlinked in constant time
     * (allm is doubly linked, so an exit costs the same with ten thousand live Ms as with one), counted in
     * nmfreed, taken off its kind's count, marked exited. What happens to its stack and block is the
     * caller's business (mexit puts a RUNTIME M on freem; a failed start frees them at once; the BARE
     * reaper reaps them), because only the caller knows whether a thread may still be on the stack.
     */
    void mleave(M m) {
        if (m.exited) {
            throw new IllegalStateException(m + " left allm twice");
        }
        if (m.allprev == null) {
            allm = m.alllink;
        } else {
            m.allprev.alllink = m.alllink;
        }
        if (m.alllink != null) {
            m.alllink.allprev = m.allprev;
        }
        m.alllink = m.allprev = null;
        nmfreed++;
        if (m.policy == StackPolicy.BARE) {
            nbare--;
        } else {
            nschedm--;
        }
        m.exited = true;
    }

    /*
     * newm starts the OS thread of an M made by allocm, whose body is mstart(m). It first reaps freem
     * (the first half of Go's allocm) so that a free stack can serve this M, then takes a stack if the
     * runtime owns it (from the cache, reprotected, or freshly mapped) and stores 1 to freeWait. The thread
     * itself is created by newm1: here, if the caller is a clean M of this runtime (or the template thread
     * itself), else on the template thread (Go's newm and newmHandoff; the rule is in TemplateThread), so
     * that no M is a clone of a thread whose OS state a task may have changed. A handoff returns at once, as
     * Go's does: the submitter never waits for the OS, so a refusal (the port's own EAGAIN retries included)
     * is paid by the template, not by the caller. The trade-off: a submit that returns may have its M's
     * thread not yet created; the M is counted (mcount, nmrunning) from allocm on either way. Never called
     * with sched.lock held. {@code retry} marks the template's retry of a refused start (retryStart), the
     * one start that may ask the OS during a refusal episode (StartRefusals).
     */
    void newm(M m, boolean retry) {
        stacks.reapFreeMs();
        try {
            if (m.policy == StackPolicy.RUNTIME) {
                m.stack = stacks.take(stacks.taskStackMapSize);
                Words.set(m.freeWait, 1);
            }
        } catch (Throwable t) {
            refusals.startFailed(m, t);
            return;
        }
        if (callerIsCleanM() || template.isCurrentThread()) {
            newm1(m, retry); // the template must not hand a start to itself (a retry, or a submit from its code)
            return;
        }
        template.handoff(new TemplateThread.Start() {
            @Override
            public void start() {
                newm1(m, retry);
            }

            @Override
            public void abandon(ThreadStartException why) {
                refusals.startAbandoned(m, why);
            }
        });
    }

    /*
     * newm1 creates m's thread from the calling thread: a clean M of this runtime, or the template thread.
     * During a refusal episode a start that was already on its way when the episode began does not ask
     * the OS again (StartRefusals.startSkipped); a start that succeeds ends the episode (refusalEnded). The counting
     * after the port call is outside the try: once the thread runs, nothing may undo its M.
     */
    private void newm1(M m, boolean retry) {
        if (!retry && refusals.refusing() && refusals.startSkipped(m)) {
            return;
        }
        try {
            String name = threadName(m);
            if (m.policy == StackPolicy.RUNTIME) {
                port.startThreadOnStack(() -> mstart(m), m.stack, m.freeWait, name);
            } else {
                port.startThread(() -> mstart(m), stacks.taskStackMapSize, name);
            }
        } catch (Throwable t) {
            refusals.startFailed(m, t);
            return;
        }
        threadsStarted.incrementAndGet();
        if (refusals.refusing()) {
            refusals.refusalEnded();
        }
    }

    /** The thread name of a task or BARE M (RuntimeConfig.threadNamePattern). */
    String threadName(M m) {
        return ThreadNames.format(config.threadNamePattern(), config.name(), seq, m.id);
    }

    /** The Java name of a foreign thread holding extra M m (RuntimeConfig.extraThreadNamePattern). */
    String extraThreadName(M m) {
        return ThreadNames.format(config.extraThreadNamePattern(), config.name(), seq, m.id);
    }

    /*
     * Whether the calling thread may be the parent of a new M (TemplateThread's rule): a task M of this
     * runtime, not an extra M, not locked, not exiting. m.exited and m.lockedCount of the current M are
     * written only by the M's own thread while it runs (mleave in its own mexit; schedule), so its own
     * reads need no lock.
     */
    boolean callerIsCleanM() {
        M cur = CurrentM.get();
        return cur != null && cur.sched == this && !cur.extra && cur.lockedCount == 0 && !cur.exited;
    }

    /*
     * wakeForQueuedLocked is the rule that keeps queued work from waiting while Ms sleep: an M that has just
     * taken a G (and so is awake) wakes one idle M for the first queued G if no other wake is in flight.
     * Called with sched.lock held by every M as it takes a G; returns the M to wake after the unlock, or null.
     * The trade-off (Go's): a queued G may wait for one wake-up chain step, a few microseconds, where waking
     * every idle M at submit time would have started it sooner and cost a wake-up per task.
     */
    private M wakeForQueuedLocked(M taker) {
        if (waking == taker) {
            waking = null;
        }
        return waking != null ? null : handQueuedToIdleLocked();
    }

    /**
     * Hands the first queued G to an idle M, if both exist; returns the M to wake. It becomes the waking M
     * when none is in flight, so "queued work and idle Ms, yet no wake in flight" never holds after a
     * critical section (SchedStats checks it). sched.lock held.
     */
    M handQueuedToIdleLocked() {
        if (runq.isEmpty() || midle.isEmpty()) {
            return null;
        }
        M m = midle.get();
        m.nextg = runq.get();
        nmrunning++;
        if (waking == null) {
            waking = m;
        }
        return m;
    }


    /*
     * mstart is the body of every task M's thread, the first Java it runs (on the FFM port: the upcall).
     * It makes the thread presentable (its name, unless the port gave it already before the thread entered
     * Java, as the FFM port does; the runtime's context class loader: HotSpot attaches a native thread with
     * none), records the OS tid, sets the current M and runs
     * schedule. When schedule returns, mexit has run, and mstart returns so the thread ends through libc
     * (never through an exit-thread primitive: the thread ran Java). It catches every Throwable: an
     * exception escaping an upcall ends the JVM.
     */
    void mstart(M m) {
        try {
            Thread t = Thread.currentThread();
            m.thread = t;
            try {
                String name = threadName(m);
                if (!name.equals(t.getName())) {
                    t.setName(name); // a syscall (prctl) for a thread the JVM started; a port that named it skips it
                }
                t.setContextClassLoader(contextClassLoader);
            } catch (RuntimeException ignored) {
                // Naming is a courtesy; a security manager or an odd thread must not stop the M.
            }
            m.tid = port.gettid();
            Events.mStart(config.name(), m.id, m.tid, m.policy);
            CurrentM.set(m);
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
            CurrentM.set(null);
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
        if (m.policy == StackPolicy.OS && !m.crashed) {
            // An OS-stack M left allm and the idle list in mexit: nothing touches its words any more. A
            // crashed M may have been handed a G whose submitter has not woken it yet: that late wakeup
            // would land in the next M's park word, so a crashed M's 64-byte block is never recycled.
            blocks.release(m.block);
        }
        lifecycle.signalTermination();
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
     * (FutureTask does that) or, for execute(), goes to the configured UncaughtExceptionHandler with this
     * thread (a handler that throws is logged), and the M survives. Interrupts do not leak
     * from one task to the next, except shutdownNow's, which every task that starts after it sees.
     */
    private void execute(M m, G g) {
        Thread.interrupted();
        if (lifecycle.stoppingNow) {
            // shutdownNow's sweep may have interrupted this thread between the hand-off and the clear
            // above: the task must still see it (see Lifecycle.shutdownNow).
            Thread.currentThread().interrupt();
        }
        m.curgStarted = true;
        try {
            g.task.run();
        } catch (Throwable t) {
            taskFailed(t);
        }
        Thread.interrupted();
    }

    /** Hands what an execute() task threw to the configured handler; nothing escapes (the M must survive). */
    private void taskFailed(Throwable failure) {
        Thread t = Thread.currentThread();
        try {
            config.uncaughtExceptionHandler().uncaughtException(t, failure);
        } catch (Throwable handlerFailure) {
            try {
                handlerFailure.addSuppressed(failure);
                LOG.log(Level.ERROR, "threadrt runtime '" + config.name() + "': the uncaughtExceptionHandler threw "
                        + "while handling a task failure on " + t.getName(), handlerFailure);
            } catch (Throwable ignored) {
                // Logging failed too: the M must still survive.
            }
        }
    }

    /**
     * Finds the next G for m, sleeping on m's park note while there is none. Accounts the task m just
     * finished in the same critical section. Returns null after mexit when m should end. Every region that
     * holds sched.lock is a try/finally: whatever throws in it (an allocation in checkdead, a port call)
     * leaves the lock free, and mstart's crash path (mexit with CRASH) finds the M wherever it was.
     */
    private G findRunnable(M m, boolean finishedTask) {
        for (;;) {
            G g;
            boolean exit = false;
            Runnable deadlockAction = null;
            M wakeNext = null;
            lock.lock();
            try {
                if (finishedTask) {
                    finishedTask = false;
                    nmrunning--;
                    tasksCompleted++;
                    m.curg = null;
                }
                g = m.nextg;
                if (g != null) {
                    m.nextg = null; // nmrunning was counted by whoever handed it over
                } else if ((g = runq.get()) != null) {
                    nmrunning++;
                }
                if (g != null) {
                    m.curg = g;
                    m.curgStarted = false;
                    wakeNext = wakeForQueuedLocked(m);
                    deadlockAction = deadlock.checkdead();
                } else if (lifecycle.shutdown) {
                    exit = true;
                } else {
                    // Idle: park on the note (the idle list is LIFO) for at most idleTimeout.
                    m.park.clear();
                    midle.put(m);
                    deadlockAction = deadlock.checkdead();
                }
            } finally {
                lock.unlock();
            }
            if (wakeNext != null) {
                wakeNext.park.wakeup();
            }
            runUnlocked(deadlockAction);
            if (g != null) {
                return g;
            }
            if (exit) {
                mexit(m, ExitReason.SHUTDOWN, false);
                return null;
            }
            if (!m.deadStackReleased) {
                releaseDeadStack(m);
            }
            if (!m.park.sleep(idleTimeout)) {
                boolean timedOut;
                lock.lock();
                try {
                    timedOut = m.idle;
                    if (timedOut) {
                        midle.remove(m);
                    }
                } finally {
                    lock.unlock();
                }
                if (timedOut) {
                    mexit(m, ExitReason.IDLE, false);
                    return null;
                }
                // A submitter (or shutdown) took m off the idle list just as the timeout hit: its wakeup is
                // certain, so wait for it before looking at m.nextg.
                m.park.sleep();
            }
        }
    }

    /**
     * How much of the stack below the releasing call stays resident: the frames of the sleep that follows
     * (Note.sleep, the futex downcall and the C function) reach a little deeper than the release call's own.
     */
    static final long DEAD_STACK_KEEP_BYTES = 8 * 1024;

    /*
     * releaseDeadStack gives back, once per M, the pages of the M's stack below its frames, on the M itself,
     * just before its first idle sleep (issue 15, docs/DESIGN.md "Memory per idle M"). The rule: an M's
     * bottom frames (the upcall, threadEntry, mstart, schedule) are entered once per M, so HotSpot runs them
     * interpreted, and the interpreter touches its whole stack shadow zone (20 pages on x86_64) below the
     * first of them; a Java thread's warm, compiled entry touches one page. Without the release an idle M
     * holds 88 KiB of stack where a warm Java thread holds about 30. Once is enough where the sleep path is
     * compiled (any warm JVM): compiled code touches one page of the zone per entry, so only real use (a
     * deeper task, or code that runs interpreted) brings pages back, as on a Java thread. Where the sleep
     * path is still interpreted (a fresh JVM's first Ms) it touches the zone again right after the release,
     * and those Ms hold what a fresh JVM's Java thread holds (measured: BENCHMARKS.md "Memory per idle M").
     * The trade-off: one madvise per M (a few microseconds, with a TLB flush on the CPUs running this
     * process) at the end of its first task, paid before the M sleeps, so a submitter that hands the M work
     * in that moment waits for it; and a page fault for each released page a later task touches again. Ms
     * that never idle (a locked task's M, which exits) never pay it.
     */
    private void releaseDeadStack(M m) {
        m.deadStackReleased = true;
        try {
            long rc = port.releaseDeadStack(DEAD_STACK_KEEP_BYTES);
            if (rc < 0) {
                LOG.log(Level.DEBUG, "threadrt: M" + m.id + " could not release its dead stack (error " + -rc + ")");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "threadrt: M" + m.id + " could not release its dead stack", e);
        }
    }

    enum ExitReason { IDLE, LOCKED, SHUTDOWN, CRASH }

    /*
     * mexit tears a task M down, on its own thread, with the rule of the seed: the M leaves allm (mleave);
     * if the runtime owns its stack (RUNTIME), it goes on freem (freeWait has been 1 since before the
     * thread started; the kernel clears it once the thread is gone); checkdead runs. If tasks are queued
     * and no M is idle, the freed slot starts a replacement M, as Go's handoffp passes the P on: otherwise
     * an exiting locked M could strand queued work. Then it returns, and the thread ends as its policy
     * says. The trade-off: the stack of a RUNTIME M is reclaimed only at the next allocm (or close), not
     * when the thread dies, because nobody is waiting on freeWait in between.
     */
    private void mexit(M m, ExitReason reason, boolean finishedTask) {
        M replacement = null;
        M crashWake = null;
        boolean retryNow = false;
        Runnable deadlockAction;
        lock.lock();
        try {
            if (finishedTask) {
                G done = m.curg;
                nmrunning--;
                m.curg = null;
                if (reason == ExitReason.CRASH && !m.curgStarted && done != null) {
                    runq.putFront(done); // taken but never run (the M failed before execute): it still runs
                } else {
                    tasksCompleted++;
                }
            }
            if (waking == m) {
                waking = null; // it will take no G: shutdownNow took its G, or it crashed
            }
            if (reason == ExitReason.CRASH) {
                // The M failed somewhere in its loop: it may still be on the idle list or hold a handed G.
                m.crashed = true;
                if (m.idle) {
                    midle.remove(m);
                }
                if (m.nextg != null) {
                    nmrunning--;
                    runq.putFront(m.nextg);
                    m.nextg = null;
                }
                crashWake = handQueuedToIdleLocked(); // a requeued G must not wait for the next submit
            }
            mleave(m);
            if (m.policy == StackPolicy.RUNTIME) {
                stacks.putFreem(m);
            }
            switch (reason) {
                case IDLE -> idleExits++;
                case LOCKED -> lockedExits++;
                default -> { }
            }
            if (!runq.isEmpty() && midle.isEmpty() && nschedm < config.maxThreads()) {
                if (refusals.refusingLocked()) {
                    retryNow = true; // an exit frees an OS thread: the template retries now, not after its backoff
                } else {
                    replacement = allocm(config.stackPolicy());
                    replacement.nextg = runq.get();
                    nmrunning++;
                }
            }
            deadlockAction = deadlock.checkdead();
        } finally {
            lock.unlock();
        }
        Events.mExit(config.name(), m.id, m.tid, m.policy, reason.name());
        if (crashWake != null) {
            crashWake.park.wakeup();
        }
        if (replacement != null) {
            newm(replacement, false);
        } else if (retryNow) {
            template.requestRetry(0);
        }
        runUnlocked(deadlockAction);
        lifecycle.signalTermination();
    }

    /** Runs what checkdead asked for once sched.lock is released; null is nothing. */
    static void runUnlocked(Runnable deadlockAction) {
        if (deadlockAction != null) {
            deadlockAction.run();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The other lifetimes, as ThreadRuntime reaches them.

    /** Starts a BARE M; see {@link BareMs#start}. */
    public M startBare(MemorySegment fn, MemorySegment arg) {
        return bare.start(fn, arg);
    }

    /** Waits until a BARE M is gone and reaps it; see {@link BareMs#await}. */
    public void awaitBare(M m) {
        bare.await(m);
    }

    /** The handle behind a callback stub; see {@link ExtraMs#callbackHandle}. */
    public MethodHandle callbackHandle(MethodHandle target, FunctionDescriptor descriptor, CallbackPolicy policy) {
        return extra.callbackHandle(target, descriptor, policy);
    }

    /** See {@link Lifecycle#shutdown()}. */
    public void shutdown() {
        refusals.runDeferredFailures();
        lifecycle.shutdown();
    }

    /** See {@link Lifecycle#shutdownNow()}. */
    public List<Runnable> shutdownNow() {
        return lifecycle.shutdownNow();
    }

    /** See {@link Lifecycle#isShutdown()}. */
    public boolean isShutdown() {
        return lifecycle.isShutdown();
    }

    /** See {@link Lifecycle#isTerminated()}. */
    public boolean isTerminated() {
        return lifecycle.isTerminated();
    }

    /** See {@link Lifecycle#awaitTermination}. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return lifecycle.awaitTermination(timeout, unit);
    }

    /** See {@link Lifecycle#close()}; returns whether every thread of the runtime is gone. */
    public boolean close() {
        refusals.runDeferredFailures();
        boolean allGone = lifecycle.close();
        template.stop(); // shut down: nothing can ask for an M any more
        return allGone;
    }

    /** See {@link SchedStats#stats}. */
    public RuntimeStats stats() {
        return SchedStats.stats(this);
    }

    /** See {@link SchedStats#assertInvariants}. */
    public void assertInvariants() {
        SchedStats.assertInvariants(this);
    }
}
