/**
 * The runtime: {@link org.threadrt.internal.Sched} (the scheduler, its lock and lists, and the M
 * lifetime functions allocm, newm, mstart, schedule, mexit, checkdead), {@link org.threadrt.internal.M}
 * (an OS thread) and {@link org.threadrt.internal.G} (a task). Not exported.
 */
package org.threadrt.internal;
