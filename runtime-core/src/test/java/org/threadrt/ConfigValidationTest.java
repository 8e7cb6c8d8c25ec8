package org.threadrt;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.threadrt.testing.JavaThreadsPort;

class ConfigValidationTest {

    private static String refused(RuntimeConfig.Builder b) {
        return assertThrows(IllegalArgumentException.class, b::build).getMessage();
    }

    @Test
    void defaults() {
        RuntimeConfig c = RuntimeConfig.defaults();
        assertEquals(StackPolicy.OS, c.stackPolicy());
        assertEquals(1024 * 1024, c.stackSize());
        assertEquals(Duration.ofSeconds(10), c.idleTimeout());
        assertEquals(RuntimeConfig.defaultMaxThreads(), c.maxThreads());
        assertTrue(c.maxThreads() >= 16);
    }

    /**
     * Before: 10^12 hours passed build(); start() then threw ArithmeticException and the BARE reaper died
     * (idleTimeout.toNanos() overflowed).
     */
    @Test
    void hugeDurationsAreRefusedAtBuildNotOverflowedLater() {
        Duration huge = Duration.ofHours(1_000_000_000_000L);
        String m = refused(RuntimeConfig.builder().idleTimeout(huge));
        assertTrue(m.contains("idleTimeout") && m.contains("100 days") && m.contains("MAX_DURATION"), m);
        m = refused(RuntimeConfig.builder().deadlockGrace(huge));
        assertTrue(m.contains("deadlockGrace") && m.contains("detectDeadlocks(false)"), m);
        m = refused(RuntimeConfig.builder().idleTimeout(RuntimeConfig.MAX_DURATION.plusNanos(1)));
        assertTrue(m.contains("idleTimeout"), m);
        // The limit itself works end to end: a runtime starts, runs a task and closes.
        RuntimeConfig c = RuntimeConfig.builder().idleTimeout(RuntimeConfig.MAX_DURATION)
                .deadlockGrace(RuntimeConfig.MAX_DURATION).build();
        try (ThreadRuntime rt = ThreadRuntime.start(c, new JavaThreadsPort())) {
            assertEquals(7, assertDoesNotThrow(() -> rt.submit(() -> 7).get()));
        }
    }

    @Test
    void refusesBadValuesWithTheLimitAndTheReason() {
        String m = refused(RuntimeConfig.builder().maxThreads(0));
        assertTrue(m.contains("maxThreads") && m.contains("at least 1"), m);

        m = refused(RuntimeConfig.builder().stackSize(104 * 1024));
        assertTrue(m.contains("131072") && m.contains("128 KiB") && m.contains("shadow zone") && m.contains("1 MiB"), m);
        RuntimeConfig.builder().stackSize(128 * 1024).build();

        m = refused(RuntimeConfig.builder().idleTimeout(Duration.ZERO));
        assertTrue(m.contains("idleTimeout must be positive"), m);
        m = refused(RuntimeConfig.builder().idleTimeout(Duration.ofSeconds(-1)));
        assertTrue(m.contains("idleTimeout"), m);

        m = refused(RuntimeConfig.builder().stackPolicy(StackPolicy.BARE));
        assertTrue(m.contains("startBare"), m);

        m = refused(RuntimeConfig.builder().bareStackSize(4096));
        assertTrue(m.contains("bareStackSize"), m);
        m = refused(RuntimeConfig.builder().stackCacheSize(-1));
        assertTrue(m.contains("stackCacheSize"), m);
        m = refused(RuntimeConfig.builder().deadlockGrace(Duration.ofMillis(-1)));
        assertTrue(m.contains("deadlockGrace"), m);
    }

    @Test
    void refusesAStackPolicyThePlatformLacksAtStart() {
        JavaThreadsPort port = new JavaThreadsPort("darwin-aarch64", EnumSet.of(StackPolicy.OS));
        RuntimeConfig c = RuntimeConfig.builder().stackPolicy(StackPolicy.RUNTIME).build();
        String m = assertThrows(IllegalArgumentException.class, () -> ThreadRuntime.start(c, port)).getMessage();
        assertTrue(m.contains("RUNTIME") && m.contains("darwin-aarch64") && m.contains("use StackPolicy.OS"), m);
        assertEquals(0, port.threadsStarted(), "refused before any native call");
        try (ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.defaults(), port)) {
            assertThrows(UnsupportedOperationException.class,
                    () -> rt.startBare(port.bareFunction(() -> { }), java.lang.foreign.MemorySegment.NULL));
        }
    }

    @Test
    void noPortFoundSaysWhatToAdd() {
        // runtime-core's tests have no port registered with ServiceLoader.
        String m = assertThrows(IllegalStateException.class, ThreadRuntime::start).getMessage();
        assertTrue(m.contains("org.threadrt:threadrt") && m.contains("--enable-native-access"), m);
    }
}
