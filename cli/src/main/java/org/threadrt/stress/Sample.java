package org.threadrt.stress;

/**
 * One point of a run's time series, taken about once a second. Rates are per second over the interval
 * since the previous sample.
 *
 * @param t           seconds since the start
 * @param liveMs      Ms alive (mcount)
 * @param freem       exited Ms whose stacks are not yet reaped
 * @param created     threads created per second (task and BARE Ms)
 * @param exited      threads exited per second
 * @param reaped      stacks reaped per second
 * @param tasks       tasks completed per second
 * @param callbacks   callbacks per second
 * @param lockOps     lock acquisitions (increments under the lock) per second
 * @param rssBytes    resident set size
 */
public record Sample(double t, long liveMs, long freem, double created, double exited, double reaped, double tasks,
                     double callbacks, double lockOps, long rssBytes) {
}
