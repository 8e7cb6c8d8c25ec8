/**
 * The threadrt command line ({@code ./threadrt}): {@code stress} (the stress runner, {@code org.threadrt.stress}),
 * {@code platforms}, {@code doctor} and {@code bench} (its harness and report in {@code org.threadrt.bench}, its
 * workloads from {@code org.threadrt.workloads}). Product code, shipped as {@code cli/target/threadrt-cli.jar}.
 *
 * <p>Runs on the module path: {@code java --module-path <jars> --enable-native-access=org.threadrt.ffm,
 * org.threadrt.workloads,org.threadrt.cli,com.sun.jna -m org.threadrt.cli/org.threadrt.cli.Main} ({@code ./threadrt} does it).
 * ({@code org.threadrt.cli} itself: {@code bench --scale} makes plain FFM upcall stubs, the anchor of its callback figures.)
 * The shim is described through {@link org.threadrt.ffm.NativeShim}; the testkit's functions come from
 * {@code org.threadrt.workloads.natives}.
 */
module org.threadrt.cli {
    requires org.threadrt;
    requires org.threadrt.ffm;
    requires org.threadrt.workloads;
    requires org.apache.commons.lang3;
    requires info.picocli;
    requires com.google.gson;
    requires com.sun.jna;          // the bench command's JNA anchor (optional in org.threadrt.workloads)
    requires java.management;
    requires jdk.management;        // stress: the process's CPU time (com.sun.management.OperatingSystemMXBean)
    requires jdk.unsupported;       // stress: sun.misc.Signal, Ctrl-C and SIGTERM end a run with its report (SignalStop)
    requires jdk.jfr;               // doctor: is Flight Recorder available

    exports org.threadrt.cli;
    exports org.threadrt.stress;   // src-test's leak checks use TrackingPort and ProcSelf
    exports org.threadrt.bench;

    opens org.threadrt.cli to info.picocli;        // @Command, @Option and @Spec fields, set reflectively
    opens org.threadrt.stress to com.google.gson;  // the stress result, written as JSON by reflection
}
