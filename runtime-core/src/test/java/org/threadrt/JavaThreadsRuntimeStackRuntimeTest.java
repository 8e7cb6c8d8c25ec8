package org.threadrt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.threadrt.spi.Port;
import org.threadrt.testing.JavaThreadsPort;

class JavaThreadsRuntimeStackRuntimeTest extends RuntimeContractTest {
    @Override
    protected Port port() {
        return new JavaThreadsPort();
    }

    @Override
    protected StackPolicy policy() {
        return StackPolicy.RUNTIME;
    }

    @Override
    protected void afterClose(Port port) {
        JavaThreadsPort p = (JavaThreadsPort) port;
        assertEquals(0, p.liveThreads(), "threads alive after close");
        assertEquals(0, p.mappedStacks(), "stacks mapped after close");
        assertEquals(java.util.List.of(), p.violations());
    }
}
