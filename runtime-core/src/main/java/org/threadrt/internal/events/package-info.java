/**
 * JDK Flight Recorder events of threadrt (category "threadrt"): M start and exit, stack reap, needm and
 * dropm, lock contention, deadlock. {@link org.threadrt.internal.events.Events} is the one entry point the
 * runtime calls; while no recording runs anywhere in the JVM each of its methods is one volatile read and
 * allocates nothing.
 */
package org.threadrt.internal.events;
