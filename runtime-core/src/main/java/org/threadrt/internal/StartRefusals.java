package org.threadrt.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.threadrt.ThreadStartException;
import org.threadrt.internal.events.ThreadStartRefusedEvent;

/*
 * Thread-start refusals (issue 12): the refusal episode, from a thread start the OS refused (EAGAIN,
 * ENOMEM, or any other failure of the port or of the stack mapping) to the next start that succeeds.
 *
 * The rule: a submitter never waits for the OS, and a refusal never drops a task by itself. A refused
 * start is undone (startFailed: the M leaves allm, its stack is freed before it stops counting as alive,
 * its G goes back to the front of the run queue) and begins or prolongs an episode. While it lasts no
 * submitter starts an M (Sched.submit and mexit look at refusingLocked): tasks queue, starts already on
 * their way are undone without asking the OS (startSkipped), and the template thread retries one start
 * at a time on its own timer (retryStart; 1 ms, doubling to 1 s; an M's exit retries at once). The first
 * start that succeeds ends the episode (refusalEnded) and starts Ms for what queued meanwhile
 * (startQueued). The first refusal of an episode is logged, every refusal is counted and emitted as a
 * ThreadStartRefused JFR event. A task fails only when the runtime cannot run it at all: no task M alive
 * and every start refused for threadStartTimeout (the episode gives up: queued futures fail, submits are
 * rejected until a probe start succeeds), or the template is gone for good (startAbandoned,
 * failStranded).
 *
 * The trade-off: during an episode a runtime with free slots runs fewer Ms than it could (one start at a
 * time is tried, after a backoff), and a start that the OS would now allow waits for the retry; in
 * exchange a submitter pays nothing for a refusal and the OS is asked at most once per backoff. The
 * template runs no user code, so failure reports of tasks other than our own futures are deferred from
 * it to the next thread that calls submit, shutdown or close (failTasks).
 *
 * Synchronization: every field is guarded by sched.lock, except the two volatile flags (refusing,
 * failuresDeferred), which are written under it and read without it as hints whose stale value costs one
 * locked re-check. Nothing here runs a syscall, a wake or a user callback under the lock.
 *
 * Rejected (see docs/DESIGN.md "Thread-start refusals"): retrying on the submitter's thread (the 8.3 s
 * of issue 12), rejecting at the first refusal (a transient EAGAIN would fail work that could run a
 * millisecond later), and waiting for ever (a limit nobody lifts would hang close() and every get()).
 */

/** The refusal episode of one scheduler: see the comment at the top of this file. */
final class StartRefusals {
    private final Sched sched;

    // Guarded by sched.lock.
    /** The latest refusal of the episode, or null when there is none: the episode is on while it is set. */
    private ThreadStartException refusal;
    /** When the episode began (System.nanoTime). */
    private long refusedSince;
    /** Refusals counted since the episode began (the log line and the JFR event). */
    private long refusalsInEpisode;
    /** The delay of the next retry: RETRY_MIN_NANOS at the first refusal, doubled by each further one. */
    private long retryBackoffNanos;
    /** Episodes so far (RuntimeStats.startRefusalEpisodes). */
    private long refusalEpisodes;
    /** The episode lasted threadStartTimeout with no task M alive: queued tasks failed, submits are refused. */
    private boolean refusalGaveUp;
    /** Reports of tasks that will never run, deferred off the template thread (see failTasks). */
    private final List<Runnable> deferredFailures = new ArrayList<>();

    // Written under sched.lock, read without it.
    /**
     * {@code refusal != null}, read without the lock by starts already on their way (Sched.newm1) so that
     * they do not ask the OS again; written with refusal. A stale read costs one locked re-check.
     */
    private volatile boolean refusing;
    /** Whether deferredFailures may be non-empty (runDeferredFailures' fast path). */
    private volatile boolean failuresDeferred;

    /** The first retry of a refused start comes after 1 ms; each further refusal doubles it, up to 1 s. */
    static final long RETRY_MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long RETRY_MAX_NANOS = TimeUnit.SECONDS.toNanos(1);

    StartRefusals(Sched sched) {
        this.sched = sched;
    }

    /** Whether an episode is on: no submitter may start an M. sched.lock held. */
    boolean refusingLocked() {
        return refusal != null;
    }

    /** Whether the episode gave up (no task M alive for threadStartTimeout): submits are refused. sched.lock held. */
    boolean gaveUpLocked() {
        return refusalGaveUp;
    }

    /** {@link #refusingLocked()} without the lock: a hint for starts on their way; re-checked under the lock. */
    boolean refusing() {
        return refusing;
    }

    /** Episodes so far. sched.lock held. */
    long episodes() {
        return refusalEpisodes;
    }

    /** The rejection of a submit while the runtime has given up starting threads. sched.lock held. */
    RejectedExecutionException refusedLocked() {
        return new RejectedExecutionException("threadrt runtime '" + sched.config.name() + "' could not start an OS thread "
                + "for " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - refusedSince) + " ms with no task M alive ("
                + refusalsInEpisode + " refused start(s), threadStartTimeout " + sched.config.threadStartTimeout()
                + "); it keeps retrying and accepts tasks again once a thread starts. Last refusal: "
                + refusal.getMessage(), refusal);
    }

    /*
     * startFailed undoes an M whose thread the port refused (or whose stack could not be mapped), and makes
     * the refusal cost nobody but the template: the M leaves allm (mleave), its G goes back to the front of
     * the run queue (or to an M gone idle meanwhile), and a refusal episode begins or goes on. While it
     * lasts no submitter starts an M; the template retries one start after a backoff (1 ms, doubling to
     * 1 s) and the first start that succeeds ends the episode and starts Ms for what queued meanwhile. Only
     * the first refusal of an episode is logged (with its stack trace); each is counted (threadStartFailures)
     * and emitted (ThreadStartRefused). A task is failed only when the runtime cannot run it at all: no task
     * M alive and every start refused for threadStartTimeout (then submits are refused too, until a start
     * succeeds). The stack is freed first, then the M stops counting as alive (liveBodies), so that close
     * cannot return while it is still mapped; no thread ever ran on it, and the block is released at once.
     */
    void startFailed(M m, Throwable cause) {
        ThreadStartException why = cause instanceof ThreadStartException e ? e
                : new ThreadStartException("threadrt runtime '" + sched.config.name() + "' could not start an OS thread for M"
                        + m.id, cause);
        sched.stacks.free(m.stack);
        m.stack = null;
        List<G> failed = null;
        RejectedExecutionException rejection = null;
        M wake;
        boolean first;
        boolean gaveUp = false;
        long refusals;
        long retryIn;
        Runnable deadlockAction = null;
        sched.lock.lock();
        try {
            unstartLocked(m);
            sched.liveBodies--;
            sched.threadStartFailures++;
            long now = System.nanoTime();
            first = refusal == null;
            if (first) {
                refusalEpisodes++;
                refusedSince = now;
                refusalsInEpisode = 0;
                retryBackoffNanos = RETRY_MIN_NANOS;
            } else {
                retryBackoffNanos = Math.min(retryBackoffNanos * 2, RETRY_MAX_NANOS);
            }
            refusal = why;
            refusing = true;
            refusalsInEpisode++;
            refusals = refusalsInEpisode;
            retryIn = retryBackoffNanos;
            wake = sched.handQueuedToIdleLocked();
            if (sched.nschedm == 0 && now - refusedSince >= sched.config.threadStartTimeout().toNanos()) {
                gaveUp = !refusalGaveUp;
                refusalGaveUp = true;
                if (!sched.runq.isEmpty()) {
                    rejection = refusedLocked();
                    failed = drainRunqLocked();
                }
            }
            if (!sched.template.isCurrentThread()) {
                deadlockAction = sched.deadlock.checkdead(); // the template runs no user code (a deadlock handler)
            }
        } finally {
            sched.lock.unlock();
        }
        if (wake != null) {
            wake.park.wakeup();
        }
        sched.blocks.release(m.block);
        ThreadStartRefusedEvent.emit(sched.config.name(), m.id, why.errno(), why.getMessage(), refusals,
                TimeUnit.NANOSECONDS.toMillis(retryIn), gaveUp);
        boolean retries = sched.template.requestRetry(retryIn);
        if (first) {
            Sched.LOG.log(Level.WARNING, "threadrt runtime '" + sched.config.name() + "': the OS refused to start a thread (M"
                    + m.id + "); tasks stay queued and the start is retried with backoff on the template thread. "
                    + "Logged once per episode; every refusal is counted in threadStartFailures and emitted as a "
                    + "ThreadStartRefused JFR event", why);
        }
        if (gaveUp) {
            Sched.LOG.log(Level.ERROR, "threadrt runtime '" + sched.config.name() + "': no OS thread could be started for "
                    + sched.config.threadStartTimeout() + " with no task M alive; " + (failed == null ? 0 : failed.size())
                    + " queued task(s) fail and new tasks are rejected until a thread starts again");
        }
        if (failed != null) {
            failTasks(failed, rejection);
        }
        if (!retries) {
            failStranded(why); // the template is gone for good: nobody will retry
        }
        Sched.runUnlocked(deadlockAction);
        sched.lifecycle.signalTermination();
    }

    /*
     * startSkipped undoes, without asking the OS, a start that was already on its way (queued on the
     * template, or racing on a clean M) when a refusal episode began: its G goes back to the front of the
     * queue for the template's retry, and nothing is counted as a refusal. Returns false, undoing nothing,
     * if the episode ended meanwhile: the start then goes ahead. As in startFailed the stack is freed
     * before the M stops counting as alive.
     */
    boolean startSkipped(M m) {
        M wake;
        sched.lock.lock();
        try {
            if (refusal == null) {
                return false;
            }
            unstartLocked(m);
            wake = sched.handQueuedToIdleLocked();
        } finally {
            sched.lock.unlock();
        }
        if (wake != null) {
            wake.park.wakeup();
        }
        sched.stacks.free(m.stack);
        m.stack = null;
        sched.blocks.release(m.block);
        sched.lock.lock();
        try {
            sched.liveBodies--;
        } finally {
            sched.lock.unlock();
        }
        sched.lifecycle.signalTermination();
        return true;
    }

    /*
     * startAbandoned undoes an M whose start the template can never make (it is closed, or died too often):
     * no retry can help, so with no task M left every queued G fails with the cause instead of waiting for
     * a thread that cannot exist; with an M gone idle meanwhile, that M gets the G.
     */
    void startAbandoned(M m, Throwable cause) {
        sched.stacks.free(m.stack);
        m.stack = null;
        List<G> failed = List.of();
        M wake = null;
        Runnable deadlockAction = null;
        sched.lock.lock();
        try {
            unstartLocked(m);
            sched.liveBodies--;
            sched.threadStartFailures++;
            if (sched.nschedm == 0) {
                failed = drainRunqLocked();
            } else {
                wake = sched.handQueuedToIdleLocked();
            }
            if (!sched.template.isCurrentThread()) {
                deadlockAction = sched.deadlock.checkdead();
            }
        } finally {
            sched.lock.unlock();
        }
        if (wake != null) {
            wake.park.wakeup();
        }
        sched.blocks.release(m.block);
        Sched.LOG.log(Level.WARNING, "threadrt: could not start an OS thread for M" + m.id + "; "
                + (failed.isEmpty() ? "its task waits for another M" : failed.size() + " queued task(s) fail"), cause);
        failTasks(failed, new RejectedExecutionException("threadrt runtime '" + sched.config.name()
                + "' could not start an OS thread to run the task", cause));
        Sched.runUnlocked(deadlockAction);
        sched.lifecycle.signalTermination();
    }

    /** With no task M alive, fails every queued G: nobody will start a thread for them (the template is gone). */
    private void failStranded(Throwable cause) {
        List<G> failed = List.of();
        sched.lock.lock();
        try {
            if (sched.nschedm == 0) {
                failed = drainRunqLocked();
            }
        } finally {
            sched.lock.unlock();
        }
        failTasks(failed, new RejectedExecutionException("threadrt runtime '" + sched.config.name()
                + "' could not start an OS thread to run the task", cause));
        sched.lifecycle.signalTermination();
    }

    /** Takes an M whose thread never ran off allm and puts its G back at the front of the queue. sched.lock held. */
    private void unstartLocked(M m) {
        sched.mleave(m);
        G g = m.nextg;
        m.nextg = null;
        if (g != null) {
            sched.nmrunning--;
            sched.runq.putFront(g);
        }
    }

    /** Empties the run queue, in order. sched.lock held. */
    private List<G> drainRunqLocked() {
        List<G> gs = new ArrayList<>(sched.runq.size());
        for (G q; (q = sched.runq.get()) != null; ) {
            gs.add(q);
        }
        return gs;
    }

    /*
     * failTasks ends tasks that will never run. Our own futures (GFuture) complete exceptionally at once,
     * on any thread: GFuture is final and has no done() hook, so that runs no user code. The other tasks (a
     * user's RunnableFuture given to execute, whose cancel runs its done(); a plain Runnable, which only a
     * log line can report) are reported at once, except on the template thread, which runs no user code:
     * there they are deferred to the next thread that calls submit, shutdown or close.
     */
    private void failTasks(List<G> gs, RuntimeException why) {
        boolean onTemplate = sched.template.isCurrentThread();
        List<Runnable> later = null;
        for (G g : gs) {
            if (g.task instanceof GFuture<?> f) {
                f.fail(why);
            } else if (onTemplate) {
                if (later == null) {
                    later = new ArrayList<>();
                }
                later.add(() -> reportUnrunnable(g, why));
            } else {
                reportUnrunnable(g, why);
            }
        }
        if (later != null) {
            sched.lock.lock();
            try {
                deferredFailures.addAll(later);
                failuresDeferred = true;
            } finally {
                sched.lock.unlock();
            }
        }
    }

    private static void reportUnrunnable(G g, RuntimeException why) {
        try {
            if (!g.fail(why)) {
                Sched.LOG.log(Level.ERROR, "threadrt: task " + g.task + " dropped: no OS thread could be started for it", why);
            }
        } catch (Throwable t) {
            Sched.LOG.log(Level.ERROR, "threadrt: reporting the failure of task " + g.task + " failed", t);
        }
    }

    /** Runs the failure reports deferred off the template thread (see failTasks), on the calling thread. */
    void runDeferredFailures() {
        if (!failuresDeferred) {
            return;
        }
        List<Runnable> reports;
        sched.lock.lock();
        try {
            reports = new ArrayList<>(deferredFailures);
            deferredFailures.clear();
            failuresDeferred = false;
        } finally {
            sched.lock.unlock();
        }
        for (Runnable r : reports) {
            r.run();
        }
    }

    /*
     * retryStart runs on the template thread when a retry of a refused start is due (TemplateThread's
     * timer): if queued tasks still need an M (a slot is free and no M idles), it makes one and starts it
     * there, outside the queue of handoffs; with nothing to start the episode ends quietly (the next
     * submit asks the OS afresh, from the template). After the runtime gave up (no task M alive), it starts
     * a probe M with no task, so that the runtime notices when the OS allows threads again; that M idles
     * and the next submit gets it.
     */
    void retryStart() {
        M m = null;
        M wake;
        sched.lock.lock();
        try {
            if (refusal == null) {
                return;
            }
            wake = sched.handQueuedToIdleLocked();
            boolean needed = !sched.runq.isEmpty() && sched.midle.isEmpty() && sched.nschedm < sched.config.maxThreads();
            boolean probe = refusalGaveUp && !sched.lifecycle.shutdown && sched.midle.isEmpty() && sched.nschedm == 0;
            if (needed || probe) {
                m = sched.allocm(sched.config.stackPolicy());
                G g = sched.runq.get();
                if (g != null) {
                    m.nextg = g;
                    sched.nmrunning++;
                }
            } else {
                refusal = null;
                refusing = false;
                refusalGaveUp = false;
            }
        } finally {
            sched.lock.unlock();
        }
        if (wake != null) {
            wake.park.wakeup();
        }
        if (m != null) {
            sched.newm(m, true);
        }
    }

    /*
     * refusalEnded: a start succeeded during an episode. The episode ends (logged once, with its length),
     * the pending retry is cancelled, and Ms are started for the tasks that queued meanwhile, as many as
     * free slots allow (startQueued).
     */
    void refusalEnded() {
        long refusals;
        long millis;
        sched.lock.lock();
        try {
            if (refusal == null) {
                return;
            }
            refusals = refusalsInEpisode;
            millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - refusedSince);
            refusal = null;
            refusing = false;
            refusalGaveUp = false;
            sched.template.cancelRetryLocked();
        } finally {
            sched.lock.unlock();
        }
        Sched.LOG.log(Level.INFO, "threadrt runtime '" + sched.config.name() + "': threads start again, after " + refusals
                + " refused start(s) over " + millis + " ms");
        startQueued();
    }

    /** Starts Ms for queued tasks while a slot is free, no M idles and the OS is not refusing. */
    private void startQueued() {
        for (;;) {
            M m = null;
            sched.lock.lock();
            try {
                if (refusal == null && !sched.runq.isEmpty() && sched.midle.isEmpty() && sched.nschedm < sched.config.maxThreads()) {
                    m = sched.allocm(sched.config.stackPolicy());
                    m.nextg = sched.runq.get();
                    sched.nmrunning++;
                }
            } finally {
                sched.lock.unlock();
            }
            if (m == null) {
                return;
            }
            sched.newm(m, false);
        }
    }
}
