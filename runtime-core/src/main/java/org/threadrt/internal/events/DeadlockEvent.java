package org.threadrt.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** checkdead declared a deadlock. */
@Name("org.threadrt.Deadlock")
@Label("Deadlock Detected")
@Category("threadrt")
@Description("Every task of a threadrt runtime was blocked in its Notes and RuntimeLocks with nothing to wake them")
@StackTrace(false)
final class DeadlockEvent extends jdk.jfr.Event {
    @Label("Runtime") String runtime;
    @Label("Ms Alive") long mcount;
    @Label("Blocked Tasks") long blocked;
    @Label("Queued Tasks") long queued;
    @Label("Report") String report;
}
