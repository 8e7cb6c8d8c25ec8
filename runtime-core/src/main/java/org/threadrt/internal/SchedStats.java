package org.threadrt.internal;

import org.threadrt.RuntimeStats;
import org.threadrt.StackPolicy;

/**
 * The scheduler's counters read together, and its invariants: read-only views of every part, each taken
 * in one critical section of sched.lock so that the numbers agree with each other.
 */
final class SchedStats {
    private SchedStats() {
    }

    /** All counters, read together under sched.lock. */
    static RuntimeStats stats(Sched s) {
        s.lock.lock();
        try {
            return new RuntimeStats(s.mnext, s.nmfreed, s.mcount(), s.midle.size(), s.nmrunning, s.nbare,
                    s.stacks.nfreem(), s.stacks.stacksReaped(), s.stacks.stacksMapped(), s.stacks.stacksUnmapped(),
                    s.stacks.cached(), s.runq.size(), s.tasksSubmitted, s.tasksCompleted, s.threadsStarted.get(),
                    s.threadsExited, s.threadStartFailures, s.lockedExits, s.idleExits, s.deadlock.nblocked(),
                    s.deadlock.deadlocksReported(), s.extra.count(), s.extra.free(), s.refusals.episodes());
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * Checks, under sched.lock, that the lists agree with the counters: the length of allm is
     * {@code mnext - nmfreed} (mcount) less the extra Ms, task Ms plus BARE Ms plus extra Ms make mcount,
     * idle Ms are on allm and not running, freem holds only exited Ms with runtime-owned stacks and none of
     * them is on allm, the run queue's length is its count.
     *
     * @throws IllegalStateException describing the first broken invariant
     */
    static void assertInvariants(Sched s) {
        s.lock.lock();
        try {
            long walked = 0;
            int tasks = 0;
            int bares = 0;
            M prev = null;
            for (M m = s.allm; m != null; prev = m, m = m.alllink) {
                walked++;
                check(!m.exited, "exited M on allm: " + m);
                check(m.allprev == prev, "allm back link of " + m + " is " + m.allprev + ", not " + prev);
                if (m.policy == StackPolicy.BARE) {
                    bares++;
                } else {
                    tasks++;
                }
            }
            int nextram = s.extra.count();
            long mcount = s.mcount();
            check(walked + nextram == mcount, "allm has " + walked + " Ms and there are " + nextram
                    + " extra Ms but mnext - nmfreed = " + s.mnext + " - " + s.nmfreed + " = " + mcount);
            check(tasks == s.nschedm && bares == s.nbare, "allm has " + tasks + " task Ms and " + bares
                    + " BARE Ms, counted " + s.nschedm + " and " + s.nbare);
            check(s.nschedm + s.nbare + nextram == mcount, "task Ms " + s.nschedm + " + BARE Ms " + s.nbare
                    + " + extra Ms " + nextram + " != mcount " + mcount);
            check(nextram <= s.config.maxExtraMs(), "extra Ms " + nextram + " > maxExtraMs " + s.config.maxExtraMs());
            long extraFree = s.extra.free();
            check(extraFree >= 0 && extraFree <= nextram, "extra list length " + extraFree + " not in [0, extra Ms "
                    + nextram + "]");
            check(s.nschedm <= s.config.maxThreads(), "task Ms " + s.nschedm + " > maxThreads "
                    + s.config.maxThreads());
            int[] idle = {0};
            s.midle.forEach(m -> {
                idle[0]++;
                check(m.idle && m.curg == null && m.nextg == null && !m.exited, "bad idle M " + m);
            });
            check(idle[0] == s.midle.size(), "idle list has " + idle[0] + " Ms, nmidle = " + s.midle.size());
            check(s.nmrunning >= 0 && s.nmrunning + s.midle.size() <= s.nschedm, "nmrunning " + s.nmrunning
                    + " + nmidle " + s.midle.size() + " > task Ms " + s.nschedm);
            M waking = s.waking;
            check(waking == null || (!waking.idle && !waking.exited && waking.nextg != null),
                    "the waking M " + waking + " is not an M that was handed a G and has not taken it");
            check(s.runq.isEmpty() || s.midle.isEmpty() || waking != null, s.runq.size() + " Gs queued and "
                    + s.midle.size() + " Ms idle with no wake in flight: the queued Gs would wait for the next submit");
            s.stacks.checkFreem();
            int queued = s.runq.walkedLength();
            check(queued == s.runq.size(), "run queue has " + queued + " Gs, gwait = " + s.runq.size());
            int nblocked = s.deadlock.nblocked();
            check(nblocked >= 0 && nblocked <= s.nmrunning, "nblocked " + nblocked + " not in [0, nmrunning "
                    + s.nmrunning + "]");
        } finally {
            s.lock.unlock();
        }
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException("threadrt invariant broken: " + message);
        }
    }
}
