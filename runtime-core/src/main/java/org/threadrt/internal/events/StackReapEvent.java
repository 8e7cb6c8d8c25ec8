package org.threadrt.internal.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The runtime-mapped stack of an exited M was reclaimed: its freeWait word read 0. */
@Name("org.threadrt.StackReap")
@Label("Stack Reap")
@Category("threadrt")
@Description("The stack of an exited M (RUNTIME or BARE policy) was reaped after the kernel reported the thread gone")
@StackTrace(false)
final class StackReapEvent extends jdk.jfr.Event {
    @Label("Runtime") String runtime;
    @Label("M") long mId;
    @Label("Stack Base") @MemoryAddress long base;
    @Label("Stack Size") @DataAmount long size;
}
