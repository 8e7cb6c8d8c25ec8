package org.threadrt.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** An M left the runtime (mexit ran; for a BARE M: its thread was seen gone). */
@Name("org.threadrt.MExit")
@Label("M Exit")
@Category("threadrt")
@Description("An M of a threadrt runtime exited: IDLE (idle timeout), LOCKED (its task ended locked to the thread), "
        + "SHUTDOWN, CRASH, or BARE (a native-only thread ended)")
@StackTrace(false)
final class MExitEvent extends jdk.jfr.Event {
    @Label("Runtime") String runtime;
    @Label("M") long mId;
    @Label("OS Thread Id") long tid;
    @Label("Stack Policy") String policy;
    @Label("Reason") String reason;
}
