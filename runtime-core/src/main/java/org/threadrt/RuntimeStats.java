package org.threadrt;

/**
 * An immutable snapshot of a runtime's counters, all read together under its scheduler lock
 * ({@link ThreadRuntime#stats()}).
 *
 * <p>Always {@code mcount() == mnext() - nmfreed()}.
 *
 * @param mnext            Ms ever allocated (the next M id is {@code mnext + 1})
 * @param nmfreed          Ms that exited (mexit ran, or a BARE thread was seen gone, or a start failed)
 * @param mcount           Ms alive now: {@code mnext - nmfreed}, task Ms, BARE Ms and extra Ms
 * @param nmidle           Ms parked on the idle list waiting for work
 * @param nmrunning        Ms running a task now
 * @param nbare            BARE Ms alive now
 * @param freemLength      exited Ms whose stacks are not yet reaped (their freeWait was not yet 0)
 * @param stacksReaped     Ms taken off freem (or BARE Ms seen gone) whose stack was freed or cached
 * @param stacksMapped     stacks the runtime mapped
 * @param stacksUnmapped   stacks the runtime unmapped
 * @param stackCacheSize   stacks in the cache now, ready for reuse
 * @param runqLength       tasks queued, waiting for an M
 * @param tasksSubmitted   tasks accepted
 * @param tasksCompleted   tasks that ran to the end, normally or not
 * @param threadsStarted   OS threads started (task Ms and BARE Ms)
 * @param threadsExited    thread bodies that returned (task Ms) plus BARE threads seen gone
 * @param threadStartFailures thread starts the port refused
 * @param lockedExits      Ms that exited because a task ended while locked to its thread
 * @param idleExits        Ms that exited after idling for the idle timeout
 * @param blockedInSync    tasks blocked now in this runtime's Notes or RuntimeLocks
 * @param deadlocksReported deadlocks reported
 * @param extraMs          extra Ms made for callbacks from foreign threads (counted in mnext and mcount;
 *                         never freed, as in Go)
 * @param extraMsFree      extra Ms on the extra list, lent to no thread: {@code extraMs - extraMsFree} are held
 *                         by threads inside a callback (PER_CALL) or by live native threads (CACHED). Read
 *                         without the list's lock: exact whenever no callback starts or ends meanwhile
 * @param startRefusalEpisodes times the OS began refusing thread starts: each episode runs from a refused
 *                         start to the next one that succeeds (its refusals count in threadStartFailures)
 */
public record RuntimeStats(
        long mnext,
        long nmfreed,
        long mcount,
        long nmidle,
        long nmrunning,
        long nbare,
        long freemLength,
        long stacksReaped,
        long stacksMapped,
        long stacksUnmapped,
        long stackCacheSize,
        long runqLength,
        long tasksSubmitted,
        long tasksCompleted,
        long threadsStarted,
        long threadsExited,
        long threadStartFailures,
        long lockedExits,
        long idleExits,
        long blockedInSync,
        long deadlocksReported,
        long extraMs,
        long extraMsFree,
        long startRefusalEpisodes) {
}
