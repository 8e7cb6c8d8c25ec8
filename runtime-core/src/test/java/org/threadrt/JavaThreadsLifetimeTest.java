package org.threadrt;

import java.lang.foreign.MemorySegment;
import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.threadrt.spi.Port;
import org.threadrt.testing.JavaThreadsPort;

/** The lifetime and shutdown contract on the Java-threads port, for both task stack policies. */
class JavaThreadsLifetimeTest {

    abstract static class OnJavaThreads extends LifetimeContractTest {
        private JavaThreadsPort port;

        @Override
        protected Port port() {
            if (port == null) {
                port = new JavaThreadsPort();
            }
            return port;
        }

        @Override
        protected BareThread startBareWaker(ThreadRuntime rt, Note note, Duration delay) {
            MemorySegment fn = ((JavaThreadsPort) port()).bareFunction(() -> {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                note.wakeup(); // what trt_work_wake does from C
            });
            return rt.startBare(fn, MemorySegment.NULL);
        }
    }

    @Nested
    class OsStacks extends OnJavaThreads {
        @Override
        protected StackPolicy policy() {
            return StackPolicy.OS;
        }
    }

    @Nested
    class RuntimeStacks extends OnJavaThreads {
        @Override
        protected StackPolicy policy() {
            return StackPolicy.RUNTIME;
        }
    }
}
