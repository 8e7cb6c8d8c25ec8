package org.threadrt.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** An M's thread started running (task Ms: on the thread itself, first thing; BARE Ms: by the starter). */
@Name("org.threadrt.MStart")
@Label("M Start")
@Category("threadrt")
@Description("An OS thread of a threadrt runtime (an M) started")
@StackTrace(false)
final class MStartEvent extends jdk.jfr.Event {
    @Label("Runtime") String runtime;
    @Label("M") long mId;
    @Label("OS Thread Id") long tid;
    @Label("Stack Policy") String policy;
}
