package org.threadrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.testing.JavaThreadsPort;

/** Thread names from RuntimeConfig's patterns, their validation, and the UncaughtExceptionHandler. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThreadIdentityTest {

    private static ThreadRuntime start(RuntimeConfig.Builder b) {
        return ThreadRuntime.start(b.stackSize(256 * 1024).build(), new JavaThreadsPort());
    }

    @Test
    void thePatternNamesEveryMAndTheDefaultCarriesTheRuntimesNameAndNumber() throws Exception {
        String first;
        String second;
        try (ThreadRuntime rt = start(RuntimeConfig.builder().name("pool"))) {
            String[] seen = rt.submit(() -> new String[] {Thread.currentThread().getName(),
                    String.valueOf(ThreadRuntime.currentM().orElseThrow().id())}).get();
            first = seen[0];
            assertTrue(first.matches("pool-\\d+-M" + seen[1]), first);
        }
        try (ThreadRuntime rt = start(RuntimeConfig.builder().name("pool"))) {
            second = rt.submit(() -> Thread.currentThread().getName()).get();
        }
        assertNotEquals(first, second, "two runtimes of one name do not repeat names");
        try (ThreadRuntime rt = start(RuntimeConfig.builder().name("svc").threadNamePattern("worker[{runtime}/{m}]"))) {
            String[] seen = rt.submit(() -> new String[] {Thread.currentThread().getName(),
                    String.valueOf(ThreadRuntime.currentM().orElseThrow().id())}).get();
            assertEquals("worker[svc/" + seen[1] + "]", seen[0]);
        }
    }

    @Test
    void badPatternsAreRefusedAtBuildNamingTheOptionAndTheRule() {
        record Case(String pattern, String rule) {}
        for (Case c : List.of(new Case("worker", "must contain {m}"), new Case("w-{n}", "unknown placeholder"),
                new Case("w-{m", "unknown placeholder"), new Case("w-}{m}", "closes no placeholder"),
                new Case(" ", "must not be blank"), new Case("w-{m}\n", "control characters"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RuntimeConfig.builder().threadNamePattern(c.pattern()).build(), c::toString);
            assertTrue(e.getMessage().startsWith("threadNamePattern '") && e.getMessage().contains(c.rule()),
                    e.getMessage());
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                    () -> RuntimeConfig.builder().extraThreadNamePattern(c.pattern()).build(), c::toString);
            assertTrue(x.getMessage().startsWith("extraThreadNamePattern '") && x.getMessage().contains(c.rule()),
                    x.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RuntimeConfig.builder().name("a\u0000b").build());
        assertTrue(e.getMessage().startsWith("name '") && e.getMessage().contains("control characters"), e.getMessage());
        assertThrows(NullPointerException.class, () -> RuntimeConfig.builder().uncaughtExceptionHandler(null));
    }

    @Test
    void executeFailuresGoToTheHandlerWithTheMsThreadAndTheMSurvives() throws Exception {
        BlockingQueue<Object[]> seen = new LinkedBlockingQueue<>();
        try (ThreadRuntime rt = start(RuntimeConfig.builder().name("ueh").maxThreads(1)
                .uncaughtExceptionHandler((t, e) -> seen.add(new Object[] {t, e, Thread.currentThread()})))) {
            IllegalStateException boom = new IllegalStateException("boom");
            rt.execute(() -> {
                throw boom;
            });
            Object[] got = seen.poll(10, TimeUnit.SECONDS);
            assertTrue(got != null, "the handler was called");
            assertSame(boom, got[1]);
            assertSame(got[2], got[0], "called on the M's thread, with that thread");
            assertTrue(((Thread) got[0]).getName().matches("ueh-\\d+-M\\d+"), ((Thread) got[0]).getName());
            // submit()'s failures stay in the future; the single M survived and runs the next task.
            ExecutionException ee = assertThrows(ExecutionException.class, () -> rt.submit(() -> {
                throw new IllegalArgumentException("in the future");
            }).get());
            assertTrue(ee.getCause() instanceof IllegalArgumentException);
            assertEquals("still here", rt.submit(() -> "still here").get());
            assertEquals(null, seen.poll(200, TimeUnit.MILLISECONDS), "submit's failure did not reach the handler");
            assertEquals(1, rt.stats().mnext(), "the same M ran everything");
        }
    }

    @Test
    void aHandlerThatThrowsDoesNotKillTheM() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        try (ThreadRuntime rt = start(RuntimeConfig.builder().name("bad-ueh").maxThreads(1)
                .uncaughtExceptionHandler((t, e) -> {
                    called.countDown();
                    throw new UnsupportedOperationException("handler broke");
                }))) {
            rt.execute(() -> {
                throw new IllegalStateException("task broke");
            });
            assertTrue(called.await(10, TimeUnit.SECONDS));
            assertEquals(7, rt.submit(() -> 7).get(), "the M survived its handler");
            assertEquals(1, rt.stats().mnext(), "the same M");
        }
    }

    @Test
    void theDefaultHandlerIsTheLoggingOne() {
        Thread.UncaughtExceptionHandler h = RuntimeConfig.builder().name("logs").build().uncaughtExceptionHandler();
        assertTrue(h != null);
        h.uncaughtException(Thread.currentThread(), new IllegalStateException("logged, not thrown"));
    }

    @Test
    void theDefaultPatternsAndACustomExtraPattern() {
        RuntimeConfig c = RuntimeConfig.builder().extraThreadNamePattern("cb-{m}").build();
        assertEquals("cb-{m}", c.extraThreadNamePattern());
        assertEquals("{runtime}-{seq}-extra-M{m}", RuntimeConfig.defaults().extraThreadNamePattern());
        assertEquals("{runtime}-{seq}-M{m}", RuntimeConfig.defaults().threadNamePattern());
    }
}
