/**
 * threadrt: Go's runtime management of OS threads ("M"s) on the JVM.
 *
 * <p>{@code org.threadrt} is the public API. {@code org.threadrt.spi} holds the one interface through
 * which the runtime reaches the operating system; it is exported to everyone because the public API names
 * it (a runtime over a given port, a lock or note over a given word and port) and ports are written
 * outside this module ({@code org.threadrt.ffm}, tests, embedders); see its package documentation.
 * {@code org.threadrt.internal} is the runtime itself and is not exported.
 */
module org.threadrt {
    requires org.apache.commons.lang3;
    requires jdk.jfr;            // the runtime's JFR events (org.threadrt.internal.events)
    requires java.management;    // the ThreadRuntime MXBean

    exports org.threadrt;
    exports org.threadrt.spi;

    uses org.threadrt.spi.Port;
}
