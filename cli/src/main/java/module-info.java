/**
 * The threadrt command line ({@code ./threadrt}): {@code stress} (the stress runner, {@code org.threadrt.stress}),
 * {@code platforms}, {@code doctor} and {@code bench} (its harness and report in {@code org.threadrt.bench}, its
 * workloads from {@code org.threadrt.workloads}). Product code, shipped as {@code cli/target/threadrt-cli.jar}.
 *
 * <p>TODO(issue 9): not compiled yet (see this module's pom.xml): the CLI still imports
 * {@code org.threadrt.ffm.bind}, which {@code org.threadrt.ffm} does not export, and the stress runner's
 * {@code TrackingPort} implements {@code org.threadrt.spi.Port}, which {@code org.threadrt} exports only to
 * {@code org.threadrt.ffm}.
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
    requires jdk.jfr;               // doctor: is Flight Recorder available

    exports org.threadrt.cli;
    exports org.threadrt.stress;   // src-test's leak checks use TrackingPort and ProcSelf
    exports org.threadrt.bench;

    opens org.threadrt.cli to info.picocli;        // @Command, @Option and @Spec fields, set reflectively
    opens org.threadrt.stress to com.google.gson;  // the stress result, written as JSON by reflection
}
