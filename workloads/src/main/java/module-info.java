/**
 * threadrt's benchmark workloads: thread churn, dispatch, callbacks, locks, wake-ups and idle memory, with
 * their plain-Java anchors. The one set of workload code that the JMH suite ({@code jmh/}) and
 * {@code ./threadrt bench} ({@code cli/}) both run.
 *
 * <p>TODO(issue 9): not compiled yet (see this module's pom.xml): the workloads still import
 * {@code org.threadrt.ffm.bind}, which {@code org.threadrt.ffm} does not export.
 */
module org.threadrt.workloads {
    requires org.threadrt;
    requires org.threadrt.ffm;
    requires static com.sun.jna;   // JnaCallbacks only: the JNA anchor

    exports org.threadrt.workloads;
}
