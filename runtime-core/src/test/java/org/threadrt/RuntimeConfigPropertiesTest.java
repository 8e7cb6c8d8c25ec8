package org.threadrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import org.threadrt.testing.Await;
import org.threadrt.testing.JavaThreadsPort;

/**
 * Issue 12, fuzzing the inputs: every value of every {@link RuntimeConfig.Builder} setter, edge values and
 * huge Durations included, either builds a configuration that holds exactly what was set, or is refused
 * with an IllegalArgumentException (NullPointerException for a null, at the setter) whose message names
 * an argument that really is out of range and states the rule; never an ArithmeticException or any other
 * exception. And a configuration that builds gives a runtime that starts, runs a task and closes with
 * nothing left behind (on the Java-threads port).
 */
class RuntimeConfigPropertiesTest {
    static final long TIB = 1L << 40;
    static final long DAY_NANOS = TimeUnit.DAYS.toNanos(1);

    /** One value for every setter. */
    record Inputs(int maxThreads, StackPolicy stackPolicy, long stackSize, long bareStackSize, Duration idleTimeout,
            int stackCacheSize, String name, boolean detectDeadlocks, Duration deadlockGrace, CallbackMode callbackMode,
            int maxExtraMs, Duration threadStartTimeout) {

        RuntimeConfig.Builder builder() {
            return RuntimeConfig.builder().maxThreads(maxThreads).stackPolicy(stackPolicy).stackSize(stackSize)
                    .bareStackSize(bareStackSize).idleTimeout(idleTimeout).stackCacheSize(stackCacheSize).name(name)
                    .detectDeadlocks(detectDeadlocks).deadlockGrace(deadlockGrace).callbackMode(callbackMode)
                    .maxExtraMs(maxExtraMs).threadStartTimeout(threadStartTimeout);
        }

        /** The arguments out of range, by the documented rules (the oracle). */
        List<String> invalid() {
            List<String> bad = new ArrayList<>();
            if (maxThreads < 1) {
                bad.add("maxThreads");
            }
            if (stackPolicy == StackPolicy.BARE) {
                bad.add("stackPolicy");
            }
            if (stackSize < RuntimeConfig.MIN_JAVA_STACK || stackSize > TIB) {
                bad.add("stackSize");
            }
            if (bareStackSize < RuntimeConfig.MIN_BARE_STACK || bareStackSize > TIB) {
                bad.add("bareStackSize");
            }
            if (idleTimeout.isNegative() || idleTimeout.isZero() || idleTimeout.compareTo(RuntimeConfig.MAX_DURATION) > 0) {
                bad.add("idleTimeout");
            }
            if (stackCacheSize < 0) {
                bad.add("stackCacheSize");
            }
            if (!nameBuilds(name)) {
                bad.add("name");
            }
            if (deadlockGrace.isNegative() || deadlockGrace.compareTo(RuntimeConfig.MAX_DURATION) > 0) {
                bad.add("deadlockGrace");
            }
            if (maxExtraMs < 1) {
                bad.add("maxExtraMs");
            }
            if (threadStartTimeout.isNegative() || threadStartTimeout.compareTo(RuntimeConfig.MAX_DURATION) > 0) {
                bad.add("threadStartTimeout");
            }
            return bad;
        }
    }

    @Provide
    Arbitrary<Inputs> inputs() {
        // Each argument is mostly in range (weight 8) and otherwise an edge or any value at all, so that a
        // sample often has exactly one argument out of range: what the oracle must then see refused.
        Arbitrary<Integer> counts = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.integers().between(1, 64)),
                Tuple.of(1, Arbitraries.integers().between(-2, 0)), Tuple.of(1, Arbitraries.integers()));
        Arbitrary<Long> sizes = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.longs().between(RuntimeConfig.MIN_JAVA_STACK, 8L << 20)),
                Tuple.of(1, Arbitraries.of(0L, -1L, RuntimeConfig.MIN_BARE_STACK - 1, RuntimeConfig.MIN_BARE_STACK,
                        RuntimeConfig.MIN_JAVA_STACK - 1, RuntimeConfig.MIN_JAVA_STACK, TIB, TIB + 1, Long.MAX_VALUE,
                        Long.MIN_VALUE)),
                Tuple.of(1, Arbitraries.longs()));
        Arbitrary<Duration> durations = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.longs().between(1, 100 * DAY_NANOS).map(Duration::ofNanos)),
                Tuple.of(1, Arbitraries.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofNanos(-1),
                        RuntimeConfig.MAX_DURATION, RuntimeConfig.MAX_DURATION.plusNanos(1),
                        Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), Duration.ofSeconds(Long.MIN_VALUE),
                        Duration.ofNanos(Long.MAX_VALUE))),
                Tuple.of(1, Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 999_999_999))
                        .as(Duration::ofSeconds)));
        Arbitrary<String> names = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)),
                Tuple.of(1, Arbitraries.strings().withChars(" \t\n\u2003").ofMaxLength(4)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(24)));
        Arbitrary<StackPolicy> policies = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(StackPolicy.OS, StackPolicy.RUNTIME)), Tuple.of(1, Arbitraries.just(StackPolicy.BARE)));
        Arbitrary<Object[]> first = Combinators.combine(counts, policies, sizes, sizes,
                durations, counts).as((a, b, c, d, e, f) -> new Object[] {a, b, c, d, e, f});
        Arbitrary<Object[]> second = Combinators.combine(names, Arbitraries.of(true, false), durations,
                Arbitraries.of(CallbackMode.class), counts, durations).as((a, b, c, d, e, f) -> new Object[] {a, b, c, d, e, f});
        return Combinators.combine(first, second).as((v, w) -> new Inputs((Integer) v[0], (StackPolicy) v[1],
                (Long) v[2], (Long) v[3], (Duration) v[4], (Integer) v[5], (String) w[0], (Boolean) w[1],
                (Duration) w[2], (CallbackMode) w[3], (Integer) w[4], (Duration) w[5]));
    }

    @Property(tries = 3000)
    void everyInputBuildsOrIsRefusedNamingTheArgumentAndTheRule(@ForAll("inputs") Inputs in) {
        List<String> invalid = in.invalid();
        RuntimeConfig c;
        try {
            c = in.builder().build();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            assertTrue(!invalid.isEmpty(), () -> "refused valid inputs " + in + ": " + m);
            assertTrue(invalid.stream().anyMatch(a -> m.startsWith(a + " ") || m.startsWith(a + ":")),
                    () -> "the message names one of the invalid arguments " + invalid + ": " + m);
            assertTrue(m.matches("(?s).*(must|below|longer than|limit|between|not a policy).*"),
                    () -> "the message states the rule: " + m);
            return;
        } catch (RuntimeException | Error e) {
            fail("inputs " + in + " threw " + e + " instead of building or being refused", e);
            return;
        }
        assertTrue(invalid.isEmpty(), () -> "built although " + invalid + " are out of range: " + in);
        assertEquals(in.maxThreads(), c.maxThreads());
        assertEquals(in.stackPolicy(), c.stackPolicy());
        assertEquals(in.stackSize(), c.stackSize());
        assertEquals(in.bareStackSize(), c.bareStackSize());
        assertEquals(in.idleTimeout(), c.idleTimeout());
        assertEquals(in.stackCacheSize(), c.stackCacheSize());
        assertEquals(in.name(), c.name());
        assertEquals(in.detectDeadlocks(), c.detectDeadlocks());
        assertEquals(in.deadlockGrace(), c.deadlockGrace());
        assertEquals(in.callbackMode(), c.callbackMode());
        assertEquals(in.maxExtraMs(), c.maxExtraMs());
        assertEquals(in.threadStartTimeout(), c.threadStartTimeout());
        assertTrue(c.toString().contains("name=" + in.name()), c::toString);
    }

    /** Every object-typed setter refuses null at once, naming itself. */
    @Property(tries = 20)
    void nullIsRefusedAtTheSetterNamingIt(@ForAll("inputs") Inputs in) {
        List<Consumer<RuntimeConfig.Builder>> nulls = List.of(b -> b.stackPolicy(null), b -> b.idleTimeout(null),
                b -> b.name(null), b -> b.deadlockGrace(null), b -> b.deadlockHandler(null), b -> b.callbackMode(null),
                b -> b.threadStartTimeout(null));
        List<String> names = List.of("stackPolicy", "idleTimeout", "name", "deadlockGrace", "deadlockHandler",
                "callbackMode", "threadStartTimeout");
        for (int i = 0; i < nulls.size(); i++) {
            RuntimeConfig.Builder b = in.builder();
            Consumer<RuntimeConfig.Builder> set = nulls.get(i);
            NullPointerException e = assertThrows(NullPointerException.class, () -> set.accept(b));
            assertEquals(names.get(i), e.getMessage());
        }
        RuntimeConfig.builder().contextClassLoader(null).build(); // null here means "the starter's loader"
    }

    @Provide
    Arbitrary<Inputs> runnable() {
        return inputs().map(in -> new Inputs(Math.floorMod(in.maxThreads(), 8) + 1,
                in.stackPolicy() == StackPolicy.BARE ? StackPolicy.RUNTIME : in.stackPolicy(),
                RuntimeConfig.MIN_JAVA_STACK + Math.floorMod(in.stackSize(), 4L << 20),
                RuntimeConfig.MIN_BARE_STACK + Math.floorMod(in.bareStackSize(), 1L << 20),
                in.idleTimeout().isNegative() || in.idleTimeout().isZero()
                        || in.idleTimeout().compareTo(RuntimeConfig.MAX_DURATION) > 0 ? RuntimeConfig.MAX_DURATION
                        : in.idleTimeout(),
                Math.floorMod(in.stackCacheSize(), 6), buildableName(in.name()), in.detectDeadlocks(),
                in.deadlockGrace().isNegative() || in.deadlockGrace().compareTo(RuntimeConfig.MAX_DURATION) > 0
                        ? Duration.ZERO : in.deadlockGrace(),
                in.callbackMode(), Math.floorMod(in.maxExtraMs(), 100) + 1,
                in.threadStartTimeout().isNegative() || in.threadStartTimeout().compareTo(RuntimeConfig.MAX_DURATION) > 0
                        ? RuntimeConfig.MAX_DURATION : in.threadStartTimeout()));
    }

    /**
     * The name itself where build() takes it, else "rt": blank names and names with control characters are
     * refused (the refusal has its own property above). Until this used only isBlank(), a generated name
     * such as "a\u0001" reached build() here and failed a fresh machine's run (the seed is random).
     */
    static String buildableName(String name) {
        return nameBuilds(name) ? name : "rt";
    }

    /** RuntimeConfig's rule for {@code name}: not blank, no control characters. */
    static boolean nameBuilds(String name) {
        return !name.isBlank() && name.chars().noneMatch(Character::isISOControl);
    }

    /** A configuration that builds, huge durations included, runs tasks and closes with nothing left. */
    @Property(tries = 40)
    void everyBuiltConfigurationRunsAndClosesCleanly(@ForAll("runnable") Inputs in) throws Exception {
        JavaThreadsPort port = new JavaThreadsPort();
        ThreadRuntime rt = ThreadRuntime.start(in.builder().build(), port);
        try {
            for (int i = 0; i < 3; i++) {
                int n = i;
                assertEquals(n, rt.submit(() -> n).get(30, TimeUnit.SECONDS));
            }
            rt.checkInvariants();
        } finally {
            rt.close();
        }
        assertEquals(0, rt.stats().mcount(), rt.stats()::toString);
        assertEquals(0, port.mappedStacks(), "every stack unmapped");
        Await.until(() -> port.liveThreads() == 0, Duration.ofSeconds(10), () -> "threads left: " + port.liveThreads());
        assertEquals(List.of(), port.violations());
    }
}
