package org.threadrt.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A foreign thread calling back took an extra M (needm). */
@Name("org.threadrt.NeedM")
@Label("needm")
@Category("threadrt")
@Description("A native thread with no M calling back into Java took an extra M from the runtime's list")
@StackTrace(false)
final class NeedMEvent extends jdk.jfr.Event {
    @Label("Runtime") String runtime;
    @Label("M") long mId;
    @Label("OS Thread Id") long tid;
    @Label("Callback Mode") String mode;
}
