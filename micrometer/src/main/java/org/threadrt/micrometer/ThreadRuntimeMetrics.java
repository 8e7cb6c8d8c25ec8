package org.threadrt.micrometer;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.threadrt.RuntimeStats;
import org.threadrt.ThreadRuntime;

/**
 * A Micrometer {@link MeterBinder} with a {@link ThreadRuntime}'s gauges and counters, the same numbers as its
 * MXBean ({@code org.threadrt:type=ThreadRuntime}). One line binds it:
 *
 * <pre>{@code
 * new ThreadRuntimeMetrics(runtime).bindTo(registry);   // Spring Boot: expose it as a @Bean
 * }</pre>
 *
 * <p>Every meter is tagged {@code runtime=<RuntimeConfig.name>} plus the tags given here; two runtimes bound to
 * one registry need different names or different tags, or Micrometer keeps the first one's meters. Meters
 * hold the runtime weakly (Micrometer's default): a closed, unreachable runtime reads as NaN and is never kept
 * alive by a registry. Each reading takes the runtime's scheduler lock once, as {@link ThreadRuntime#stats()}
 * does; a scrape reads each meter once.
 *
 * <p>Gauges (values now): {@code threadrt.threads} (Ms alive: task, BARE and extra), {@code threadrt.threads.idle},
 * {@code threadrt.threads.running}, {@code threadrt.threads.bare}, {@code threadrt.threads.extra},
 * {@code threadrt.threads.extra.free}, {@code threadrt.threads.max}, {@code threadrt.tasks.queued},
 * {@code threadrt.tasks.blocked} (in the runtime's Notes and RuntimeLocks), {@code threadrt.stacks.cached},
 * {@code threadrt.stacks.pending} (exited Ms whose stack the kernel has not released yet).
 * Counters (from the runtime's start): {@code threadrt.tasks.submitted}, {@code threadrt.tasks.completed},
 * {@code threadrt.threads.started}, {@code threadrt.threads.exited}, {@code threadrt.threads.start.failures},
 * {@code threadrt.threads.exits} tagged {@code reason=idle|locked}, {@code threadrt.deadlocks},
 * {@code threadrt.stacks.mapped}, {@code threadrt.stacks.unmapped}, {@code threadrt.stacks.reaped}.
 */
public final class ThreadRuntimeMetrics implements MeterBinder {
    private final ThreadRuntime runtime;
    private final Tags tags;

    /**
     * The meters of {@code runtime}, tagged with its name.
     *
     * @param runtime the runtime to measure
     */
    public ThreadRuntimeMetrics(ThreadRuntime runtime) {
        this(runtime, Tags.empty());
    }

    /**
     * The meters of {@code runtime}, tagged with its name and {@code tags}.
     *
     * @param runtime the runtime to measure
     * @param tags more tags for every meter
     */
    public ThreadRuntimeMetrics(ThreadRuntime runtime, Iterable<Tag> tags) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.tags = Tags.of("runtime", runtime.config().name()).and(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "threadrt.threads", "threads", "Ms alive now: task, BARE and extra", RuntimeStats::mcount);
        gauge(registry, "threadrt.threads.idle", "threads", "Task Ms parked waiting for work", RuntimeStats::nmidle);
        gauge(registry, "threadrt.threads.running", "threads", "Task Ms holding a task", RuntimeStats::nmrunning);
        gauge(registry, "threadrt.threads.bare", "threads", "BARE (native-only) Ms alive", RuntimeStats::nbare);
        gauge(registry, "threadrt.threads.extra", "threads", "Extra Ms made for callbacks from foreign threads",
                RuntimeStats::extraMs);
        gauge(registry, "threadrt.threads.extra.free", "threads", "Extra Ms lent to no foreign thread",
                RuntimeStats::extraMsFree);
        Gauge.builder("threadrt.threads.max", runtime, r -> r.config().maxThreads()).tags(tags).baseUnit("threads")
                .description("The most task Ms alive at once (RuntimeConfig.maxThreads)").register(registry);
        gauge(registry, "threadrt.tasks.queued", "tasks", "Tasks waiting for an M", RuntimeStats::runqLength);
        gauge(registry, "threadrt.tasks.blocked", "tasks", "Tasks blocked in the runtime's Notes and RuntimeLocks",
                RuntimeStats::blockedInSync);
        gauge(registry, "threadrt.stacks.cached", "stacks", "Freed stacks kept mapped for the next M",
                RuntimeStats::stackCacheSize);
        gauge(registry, "threadrt.stacks.pending", "stacks",
                "Exited Ms whose runtime-owned stack the kernel has not released yet", RuntimeStats::freemLength);

        counter(registry, "threadrt.tasks.submitted", "tasks", "Tasks accepted", Tags.empty(),
                RuntimeStats::tasksSubmitted);
        counter(registry, "threadrt.tasks.completed", "tasks", "Tasks that ran to their end", Tags.empty(),
                RuntimeStats::tasksCompleted);
        counter(registry, "threadrt.threads.started", "threads", "OS threads started for task and BARE Ms",
                Tags.empty(), RuntimeStats::threadsStarted);
        counter(registry, "threadrt.threads.exited", "threads", "Task M threads that ended", Tags.empty(),
                RuntimeStats::threadsExited);
        counter(registry, "threadrt.threads.start.failures", "threads", "Thread starts the OS refused",
                Tags.empty(), RuntimeStats::threadStartFailures);
        counter(registry, "threadrt.threads.exits", "threads", "Task Ms that exited after the idle timeout",
                Tags.of("reason", "idle"), RuntimeStats::idleExits);
        counter(registry, "threadrt.threads.exits", "threads",
                "Task Ms that exited because their task ended locked to the thread", Tags.of("reason", "locked"),
                RuntimeStats::lockedExits);
        counter(registry, "threadrt.deadlocks", "deadlocks", "Deadlocks declared", Tags.empty(),
                RuntimeStats::deadlocksReported);
        counter(registry, "threadrt.stacks.mapped", "stacks", "Stacks the runtime mapped", Tags.empty(),
                RuntimeStats::stacksMapped);
        counter(registry, "threadrt.stacks.unmapped", "stacks", "Stacks the runtime unmapped", Tags.empty(),
                RuntimeStats::stacksUnmapped);
        counter(registry, "threadrt.stacks.reaped", "stacks", "Runtime-owned stacks reaped after their thread ended",
                Tags.empty(), RuntimeStats::stacksReaped);
    }

    private void gauge(MeterRegistry registry, String name, String unit, String description,
            ToDoubleFunction<RuntimeStats> value) {
        Gauge.builder(name, runtime, r -> value.applyAsDouble(r.stats())).tags(tags).baseUnit(unit)
                .description(description).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String unit, String description, Tags extra,
            ToDoubleFunction<RuntimeStats> value) {
        FunctionCounter.builder(name, runtime, r -> value.applyAsDouble(r.stats())).tags(tags.and(extra))
                .baseUnit(unit).description(description).register(registry);
    }
}
