package org.threadrt;

import java.lang.foreign.MemorySegment;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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

        /** A BARE M that wakes {@code note} after about {@code delay}, as the shim's trt_work_wake would. */
        private BareThread startBareWaker(ThreadRuntime rt, Note note, Duration delay) {
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

        // ---- deadlock check and BARE Ms

        /**
         * Before: checkdead declared a deadlock while a live BARE M would still wake the note (the shim's
         * trt_work_wake and the C lock loops run on BARE threads).
         */
        @org.junit.jupiter.api.Test
        void aLiveBareMCountsAsAWaker() throws Exception {
            List<DeadlockReport> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
            ThreadRuntime rt = start(RuntimeConfig.builder().name("bare-waker").deadlockGrace(Duration.ZERO)
                    .deadlockHandler(reports::add));
            Note note = rt.newNote();
            BareThread waker = startBareWaker(rt, note, Duration.ofMillis(300));
            Future<String> f = rt.submit(() -> {
                note.sleep();
                return "woken";
            });
            assertEquals("woken", f.get(20, TimeUnit.SECONDS));
            waker.join();
            assertEquals(List.of(), reports, "no deadlock while a BARE M was alive to wake the note");
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
