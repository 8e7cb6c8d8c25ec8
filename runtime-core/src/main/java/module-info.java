/**
 * threadrt: Go's runtime management of OS threads ("M"s) on the JVM.
 *
 * <p>{@code org.threadrt} is the public API. {@code org.threadrt.spi} holds the one interface through
 * which the runtime reaches the operating system; it is exported only to the module that implements
 * it for real machines ({@code org.threadrt.ffm}). {@code org.threadrt.internal} is the runtime itself
 * and is not exported.
 */
module org.threadrt {
    requires org.apache.commons.lang3;
    requires jdk.jfr;            // the runtime's JFR events (org.threadrt.internal.events)
    requires java.management;    // the ThreadRuntime MXBean

    exports org.threadrt;
    exports org.threadrt.spi to org.threadrt.ffm;

    uses org.threadrt.spi.Port;
}
