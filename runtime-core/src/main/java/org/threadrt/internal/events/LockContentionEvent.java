package org.threadrt.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.Threshold;

/** A RuntimeLock was not free at once: the event's duration is the time spent getting it. */
@Name("org.threadrt.LockContention")
@Label("RuntimeLock Contention")
@Category("threadrt")
@Description("A thread found a RuntimeLock held and waited (spun, then slept on the futex word); the duration is the wait")
@Threshold("1 ms")
final class LockContentionEvent extends jdk.jfr.Event {
    @Label("Lock Word") @MemoryAddress long address;
    @Label("Acquired") boolean acquired;
    @Label("Runtime Lock")
    @Description("The lock was made by a runtime (newLock, lockOver) and takes part in its deadlock check; false for a "
            + "runtime's own scheduler lock and for RuntimeLock.over")
    boolean runtimeLock;
}
