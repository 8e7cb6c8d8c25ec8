package org.threadrt.internal;

import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.threadrt.StackPolicy;
import org.threadrt.ThreadStartException;
import org.threadrt.internal.events.Events;

/*
 * BARE Ms: native-only threads (a raw clone on a runtime stack) that run one native function and end
 * through the shim's exitThread, which stores 0 to m.freeWait as its last memory access and futex-wakes
 * it (the seed go-eff2b262's exitThread, plus the wake). A BARE thread can never call back into the
 * runtime, so someone else must notice that it is gone: a joiner (await), or the BARE reaper, a small
 * platform thread per runtime that runs only while BARE Ms exist, plus a linger.
 *
 * The rule: a BARE M is on allm and counted in mcount from start until someone sees its freeWait read 0;
 * then it leaves allm (Sched.mleave), its stack is reaped and its handle completed, exactly once, by
 * whoever saw it first (takeIfGoneLocked takes it off the BARE list once).
 *
 * Cost with many live BARE Ms (issue 15): a join reaps its own M only, unlinked in constant time (the BARE
 * list is doubly linked), so BARE churn costs the same beside ten thousand long-lived BARE Ms as beside
 * none. Only the reaper walks the whole list, because nothing tells it which unjoined BARE M ended (the
 * kernel or exitThread clears each M's own word; there is no shared "someone exited" word to sleep on),
 * and it walks at most once per SCAN_INTERVAL_NANOS: the walk's cost is bounded by the clock, not paid
 * per exit. The trade-off: an unjoined BARE M that ended is reaped up to one interval later than it
 * could be (its stack stays mapped that long).
 *
 * Synchronization: barem, the BARE links of the Ms on it and reaperRunning are guarded by sched.lock;
 * reaperThread is written under sched.lock and volatile so that shutdown can unpark it without the lock.
 */
final class BareMs {
    /** The reaper walks every live BARE M at most once per this interval (see reaper). */
    static final long SCAN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Sched sched;

    // Guarded by sched.lock.
    /** BARE Ms not yet seen gone, doubly linked through M.barelink / M.bareprev, newest first. */
    private M barem;
    private boolean reaperRunning;
    /** The BARE reaper while it runs; written under sched.lock, read without it by shutdown. */
    private volatile Thread reaperThread;

    BareMs(Sched sched) {
        this.sched = sched;
    }

    /**
     * Starts a BARE M running native {@code fn(arg)} on a runtime stack. The M is on allm and counted in
     * mcount until its freeWait is seen cleared; then it leaves allm, its stack is reaped and
     * {@link M#bareExit()} completes.
     *
     * @throws ThreadStartException if the port refused (the M is undone)
     */
    M start(MemorySegment fn, MemorySegment arg) {
        sched.stacks.reapFreeMs();
        M m;
        sched.lock.lock();
        try {
            sched.lifecycle.rejectIfShutdown();
            m = sched.allocm(StackPolicy.BARE);
        } finally {
            sched.lock.unlock();
        }
        // Only the stack and the clone are undone on a failure: once the thread runs, its stack is its own,
        // so the counting and the event after it are outside the try.
        try {
            m.stack = sched.stacks.take(sched.stacks.bareStackMapSize);
            Words.set(m.freeWait, 1);
            // The clone is made here only by a clean M of this runtime (or by the template itself, which must
            // not hand a start to itself and wait), else by the template (TemplateThread).
            m.tid = sched.callerIsCleanM() || sched.template.isCurrentThread()
                    ? sched.port.startBare(fn, arg, m.stack, m.freeWait, sched.threadName(m))
                    : sched.template.startBare(m, fn, arg);
        } catch (Throwable t) {
            sched.lock.lock();
            try {
                sched.mleave(m);
                sched.threadStartFailures++;
            } finally {
                sched.lock.unlock();
            }
            sched.stacks.free(m.stack);
            m.stack = null;
            sched.blocks.release(m.block);
            sched.lifecycle.signalTermination();
            if (t instanceof ThreadStartException e) {
                throw e;
            }
            throw new ThreadStartException("could not start a BARE thread", t);
        }
        sched.threadsStarted.incrementAndGet();
        Events.mStart(sched.config.name(), m.id, m.tid, m.policy);
        boolean startReaper;
        sched.lock.lock();
        try {
            linkLocked(m);
            startReaper = !reaperRunning;
            reaperRunning = true;
        } finally {
            sched.lock.unlock();
        }
        if (startReaper) {
            Thread t = Thread.ofPlatform().daemon().name("threadrt-reaper-" + sched.config.name())
                    .unstarted(this::reaper);
            reaperThread = t;
            t.start();
        }
        // A lingering reaper is not unparked: it looks again within 50 ms, and joiners reap
        // their own M (await), so a wake here would only add a context switch per thread.
        return m;
    }

    /**
     * Waits until the BARE M's thread is gone, sleeping on its freeWait word (exitThread futex-wakes it
     * right after its store), then reaps it on this thread instead of waiting for the reaper to notice: a
     * joiner is woken by the exiting thread itself, with no handoff through the reaper.
     */
    void await(M m) {
        while (Words.get(m.freeWait) != 0 && !m.bareExit().isDone()) {
            // Bounded, so a port whose exit makes no wake still works; the shim's exitThread wakes.
            sched.port.futexWait(m.freeWait, 1, TimeUnit.MILLISECONDS.toNanos(10));
        }
        reap(m);
    }

    /*
     * The BARE reaper: this platform thread (not a virtual one: a futex downcall pins its carrier) sleeps
     * on the freeWait word of one BARE M at a time (the newest), with a timeout so that others that end
     * first are seen too, then does mexit on its behalf (reap) and, at most once per SCAN_INTERVAL_NANOS,
     * on behalf of every other BARE M that ended (scan): the one walk over every live BARE M, bounded by
     * the clock rather than paid per exit (see the file comment). With no BARE M left it lingers for
     * idleTimeout (parked), so a steady stream of short BARE threads does not start a Java thread per BARE
     * thread; then, or at shutdown, it ends and the next start starts it again.
     */
    private void reaper() {
        long idleSince = 0;
        long lastScan = System.nanoTime();
        boolean failureLogged = false;
        for (;;) {
            try {
                M watch;
                boolean end = false;
                sched.lock.lock();
                try {
                    watch = barem;
                    if (watch == null) {
                        long now = System.nanoTime();
                        if (idleSince == 0) {
                            idleSince = now;
                        }
                        if (sched.lifecycle.shutdown || now - idleSince >= sched.idleTimeout.toNanos()) {
                            reaperRunning = false;
                            reaperThread = null;
                            end = true;
                        }
                    } else {
                        idleSince = 0;
                    }
                } finally {
                    sched.lock.unlock();
                }
                if (end) {
                    sched.lifecycle.signalTermination();
                    return;
                }
                if (watch == null) {
                    LockSupport.parkNanos(this, Math.min(sched.idleTimeout.toNanos(),
                            TimeUnit.MILLISECONDS.toNanos(50)));
                    continue;
                }
                sched.port.futexWait(watch.freeWait, 1, SCAN_INTERVAL_NANOS);
                long now = System.nanoTime();
                if (now - lastScan >= SCAN_INTERVAL_NANOS) {
                    lastScan = now;
                    scan();
                } else {
                    reap(watch);
                }
            } catch (Throwable t) {
                // The reaper must outlive its failures: BARE Ms it stopped watching would stay on allm for
                // ever and close() would wait for them. Logged once; it looks again after a pause.
                if (!failureLogged) {
                    failureLogged = true;
                    try {
                        Sched.LOG.log(Level.ERROR, "threadrt: the BARE reaper of runtime '" + sched.config.name()
                                + "' failed; it goes on (logged once)", t);
                    } catch (Throwable ignored) {
                        // keep reaping whatever the logger does
                    }
                }
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    /** Puts a started BARE M first on the BARE list. sched.lock held. */
    private void linkLocked(M m) {
        m.bareprev = null;
        m.barelink = barem;
        if (barem != null) {
            barem.bareprev = m;
        }
        barem = m;
    }

    /*
     * takeIfGoneLocked is mexit for one BARE M, with sched.lock held: if its freeWait reads 0 and it is
     * still on the BARE list, it leaves that list (unlinked in constant time) and allm, and is counted
     * exited and reaped; the caller then finishes it outside the lock. Returns whether it was taken: a BARE
     * M is taken exactly once, by whoever sees it gone first (its joiner or the reaper).
     */
    private boolean takeIfGoneLocked(M m) {
        if (m.exited || Words.get(m.freeWait) != 0) {
            return false;
        }
        if (m.bareprev == null) {
            barem = m.barelink;
        } else {
            m.bareprev.barelink = m.barelink;
        }
        if (m.barelink != null) {
            m.barelink.bareprev = m.bareprev;
        }
        m.barelink = m.bareprev = null;
        sched.mleave(m);
        sched.threadsExited++;
        sched.stacks.countReaped();
        return true;
    }

    /** Reaps one BARE M if it is gone and nobody reaped it yet (a join, the reaper's watch). Never with sched.lock held. */
    private void reap(M m) {
        boolean taken;
        Runnable deadlockAction;
        sched.lock.lock();
        try {
            sched.cycleWalkNodes++;
            taken = takeIfGoneLocked(m);
            deadlockAction = taken ? sched.deadlock.checkdead() : null;
        } finally {
            sched.lock.unlock();
        }
        if (taken) {
            finish(List.of(m));
        }
        Sched.runUnlocked(deadlockAction);
    }

    /*
     * scan walks every BARE M and reaps those that are gone: the reaper's walk, at most once per
     * SCAN_INTERVAL_NANOS (the file comment says why it must walk). Its nodes count as background work.
     * Never called with sched.lock held.
     */
    private void scan() {
        List<M> gone = null;
        Runnable deadlockAction;
        sched.lock.lock();
        try {
            for (M m = barem; m != null; ) {
                sched.backgroundWalkNodes++;
                M next = m.barelink;
                if (takeIfGoneLocked(m)) {
                    if (gone == null) {
                        gone = new ArrayList<>();
                    }
                    gone.add(m);
                }
                m = next;
            }
            deadlockAction = gone == null ? null : sched.deadlock.checkdead();
        } finally {
            sched.lock.unlock();
        }
        if (gone != null) {
            finish(gone);
        }
        Sched.runUnlocked(deadlockAction);
    }

    /** The rest of a BARE M's mexit, outside sched.lock: events, its stack, its block, its handle. */
    private void finish(List<M> gone) {
        for (M m : gone) {
            Events.mExit(sched.config.name(), m.id, m.tid, m.policy, "BARE");
            Events.stackReap(sched.config.name(), m.id, m.stack.base(), m.stack.size());
            sched.stacks.free(m.stack);
            m.stack = null;
            sched.blocks.release(m.block);
            m.bareExit.complete(null);
        }
        sched.lifecycle.signalTermination();
    }

    /** Ends a lingering reaper now instead of after idleTimeout (shutdown). */
    void wakeReaper() {
        Thread reaper = reaperThread;
        if (reaper != null) {
            LockSupport.unpark(reaper);
        }
    }

    /** No BARE M alive and the reaper done with the last ones (handles completed, stacks freed). */
    boolean gone() {
        sched.lock.lock();
        try {
            return sched.nbare == 0 && !reaperRunning;
        } finally {
            sched.lock.unlock();
        }
    }
}
