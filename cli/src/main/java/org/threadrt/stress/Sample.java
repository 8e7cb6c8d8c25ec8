package org.threadrt.stress;

/**
 * One point of a run's time series, taken about once a second. The counts are totals since the start
 * (the same names as the result's {@code totals}); the {@code ...PerSecond} rates are over the interval
 * since the previous sample.
 *
 * @param elapsedSeconds           seconds since the workloads started
 * @param liveMs                   Ms alive (mcount)
 * @param freemLength              exited Ms whose stacks are not yet reaped
 * @param threadsCreated           threads created so far (task and BARE Ms)
 * @param threadsExited            threads exited so far
 * @param stacksReaped             stacks reaped so far
 * @param threadsCreatedPerSecond  threads created per second
 * @param threadsExitedPerSecond   threads exited per second
 * @param stacksReapedPerSecond    stacks reaped per second
 * @param tasksCompletedPerSecond  tasks completed per second
 * @param callbacksPerSecond       callbacks per second
 * @param lockOpsPerSecond         increments under the shared lock per second
 * @param rssBytes                 resident set size, bytes (-1: unknown)
 */
public record Sample(double elapsedSeconds, long liveMs, long freemLength, long threadsCreated, long threadsExited,
                     long stacksReaped, double threadsCreatedPerSecond, double threadsExitedPerSecond,
                     double stacksReapedPerSecond, double tasksCompletedPerSecond, double callbacksPerSecond,
                     double lockOpsPerSecond, long rssBytes) {
}
