package org.threadrt.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A foreign thread gave its extra M back (dropm). */
@Name("org.threadrt.DropM")
@Label("dropm")
@Category("threadrt")
@Description("A native thread gave its extra M back to the runtime's list (after the call, or at thread exit)")
@StackTrace(false)
final class DropMEvent extends jdk.jfr.Event {
    @Label("Runtime") String runtime;
    @Label("M") long mId;
    @Label("OS Thread Id") long tid;
    @Label("Callback Mode") String mode;
}
