package org.threadrt.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.RuntimeConfig;
import org.threadrt.ThreadRuntime;
import org.threadrt.testing.Await;
import org.threadrt.testing.JavaThreadsPort;

/** The binder on Micrometer's SimpleMeterRegistry, over a runtime on the Java-threads port. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThreadRuntimeMetricsTest {

    @Test
    void gaugesAndCountersFollowTheRuntime() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.builder().name("metered").maxThreads(3)
                .stackSize(256 * 1024).build(), new JavaThreadsPort())) {
            new ThreadRuntimeMetrics(rt, Tags.of("app", "test")).bindTo(registry);
            for (int i = 0; i < 5; i++) {
                rt.submit(ThreadRuntime::lockOSThread).get(); // each M exits LOCKED
            }
            Await.until(() -> rt.stats().lockedExits() == 5, Duration.ofSeconds(10), () -> rt.stats().toString());
            assertEquals(5.0, counter(registry, "threadrt.tasks.submitted").count());
            assertEquals(5.0, counter(registry, "threadrt.tasks.completed").count());
            assertEquals(5.0, registry.get("threadrt.threads.exits").tags("reason", "locked").functionCounter().count());
            assertEquals(0.0, registry.get("threadrt.threads.exits").tags("reason", "idle").functionCounter().count());
            assertTrue(counter(registry, "threadrt.threads.started").count() >= 5);
            assertEquals(3.0, gauge(registry, "threadrt.threads.max").value());

            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch running = new CountDownLatch(3);
            List<Future<?>> busy = new ArrayList<>();
            for (int i = 0; i < 4; i++) { // three run, one waits in the queue
                busy.add(rt.submit(() -> {
                    running.countDown();
                    release.await();
                    return null;
                }));
            }
            running.await();
            assertEquals(3.0, gauge(registry, "threadrt.threads.running").value());
            assertEquals(1.0, gauge(registry, "threadrt.tasks.queued").value());
            assertEquals((double) rt.stats().mcount(), gauge(registry, "threadrt.threads").value());
            release.countDown();
            for (Future<?> f : busy) {
                f.get();
            }
            Await.until(() -> gauge(registry, "threadrt.threads.running").value() == 0.0, Duration.ofSeconds(10),
                    () -> rt.stats().toString());
            assertEquals(9.0, counter(registry, "threadrt.tasks.completed").count());

            for (Meter m : registry.getMeters()) {
                assertEquals("metered", m.getId().getTag("runtime"), m.getId()::toString);
                assertEquals("test", m.getId().getTag("app"), m.getId()::toString);
                assertNotNull(m.getId().getDescription(), m.getId()::toString);
                assertNotNull(m.getId().getBaseUnit(), m.getId()::toString);
            }
            assertEquals(22, registry.getMeters().size(), () -> registry.getMetersAsString());
        }
    }

    private static FunctionCounter counter(SimpleMeterRegistry registry, String name) {
        return registry.get(name).functionCounter();
    }

    private static Gauge gauge(SimpleMeterRegistry registry, String name) {
        return registry.get(name).gauge();
    }
}
