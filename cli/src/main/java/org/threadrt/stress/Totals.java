package org.threadrt.stress;

import org.threadrt.RuntimeStats;

/** The counters of the run's runtimes, summed (the runner's view of {@link RuntimeStats}). */
record Totals(long mnext, long nmfreed, long mcount, long freemLength, long stacksReaped, long stacksMapped,
              long stacksUnmapped, long stackCacheSize, long tasksSubmitted, long tasksCompleted, long threadsStarted,
              long threadsExited, long threadStartFailures, long lockedExits, long idleExits, long deadlocksReported,
              long extraMs) {

    static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    static Totals of(RuntimeStats s) {
        return new Totals(s.mnext(), s.nmfreed(), s.mcount(), s.freemLength(), s.stacksReaped(), s.stacksMapped(),
                s.stacksUnmapped(), s.stackCacheSize(), s.tasksSubmitted(), s.tasksCompleted(), s.threadsStarted(),
                s.threadsExited(), s.threadStartFailures(), s.lockedExits(), s.idleExits(), s.deadlocksReported(),
                s.extraMs());
    }

    Totals plus(Totals o) {
        return new Totals(mnext + o.mnext, nmfreed + o.nmfreed, mcount + o.mcount, freemLength + o.freemLength,
                stacksReaped + o.stacksReaped, stacksMapped + o.stacksMapped, stacksUnmapped + o.stacksUnmapped,
                stackCacheSize + o.stackCacheSize, tasksSubmitted + o.tasksSubmitted, tasksCompleted + o.tasksCompleted,
                threadsStarted + o.threadsStarted, threadsExited + o.threadsExited,
                threadStartFailures + o.threadStartFailures, lockedExits + o.lockedExits, idleExits + o.idleExits,
                deadlocksReported + o.deadlocksReported, extraMs + o.extraMs);
    }
}
