/**
 * threadrt's benchmark workloads: thread churn, dispatch, callbacks, locks, wake-ups and idle memory, with
 * their plain-Java anchors. The one set of workload code that the JMH suite ({@code jmh/}) and
 * {@code ./threadrt bench} ({@code cli/}) both run.
 *
 * <p>{@code org.threadrt.workloads.natives} is the generated binding of the testkit library
 * ({@code libthreadrt_testkit}: benchmark anchors, test drivers, BARE workloads), which this module's jar
 * carries under {@code org/threadrt/workloads/native/<platform>/} and loads after the shim
 * ({@link org.threadrt.ffm.NativeShim#loadCompanion}). Needs {@code --enable-native-access=org.threadrt.workloads}.
 */
module org.threadrt.workloads {
    requires transitive org.threadrt;
    requires transitive org.threadrt.ffm;
    requires static transitive com.sun.jna;   // JnaCallbacks only: the JNA anchor (its API names JNA types)

    exports org.threadrt.workloads;
    exports org.threadrt.workloads.natives;
}
