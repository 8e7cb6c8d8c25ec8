package org.threadrt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.threadrt.spi.Port;
import org.threadrt.testing.Await;
import org.threadrt.testing.JavaThreadsPort;

class JavaThreadsOsRuntimeTest extends RuntimeContractTest {
    @Override
    protected Port port() {
        return new JavaThreadsPort();
    }

    @Override
    protected StackPolicy policy() {
        return StackPolicy.OS;
    }

    @Override
    protected void afterClose(Port port) {
        JavaThreadsPort p = (JavaThreadsPort) port;
        // OS policy: close() waits until every M's body has returned; the Java thread ends a moment later.
        Await.until(() -> p.liveThreads() == 0, Duration.ofSeconds(5), () -> "threads alive after close");
        assertEquals(java.util.List.of(), p.violations());
    }
}
