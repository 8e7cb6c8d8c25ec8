package org.threadrt.stress;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.threadrt.BareThread;
import org.threadrt.CallbackMode;
import org.threadrt.RuntimeConfig;
import org.threadrt.RuntimeLock;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadRuntime;
import org.threadrt.ffm.FfmPort;
import org.threadrt.workloads.natives.threadrt_testkit_h;
import org.threadrt.workloads.natives.trt_lock_loop;

/**
 * One stress run: starts a runtime on the FFM port, runs the chosen workloads against it at once for the
 * duration, samples and checks it while they run, shuts it down, and checks that everything it did is
 * accounted for and everything it made is gone.
 *
 * <p>Every workload is a driver thread (a plain platform thread, not an M) that keeps a bounded amount of
 * work in flight, so nothing queues without bound; the share of the runtime's {@code maxThreads} each gets
 * is in proportion to its weight (churn, pool and idle 2 each, lock 1). The idle workload has a runtime of
 * its own ({@code stress-idle}, with its share as maxThreads): Ms time out only in a runtime that is quiet
 * for its idle timeout, which the other workloads never let the shared one be. Counters are summed over
 * both. Work is wrapped so that it counts its own runs: a task that runs twice, or never, is a violation.
 *
 * <p>Invariants, by name (the JSON's {@code invariantViolations[].invariant}):
 * <ul>
 * <li>{@code scheduler-invariants}: {@link ThreadRuntime#checkInvariants()} (allm length ==
 *     mnext - nmfreed, lists agree with counts) every 250 ms during the run and at the end;</li>
 * <li>{@code mcount}: mcount == mnext - nmfreed in every sample, and 0 after shutdown;</li>
 * <li>{@code stacks-reaped}: after shutdown freem is empty and every exited RUNTIME and BARE M was reaped;</li>
 * <li>{@code stacks-unmapped}: the runtime unmapped every stack it mapped;</li>
 * <li>{@code os-threads-baseline}, {@code jvm-threads-baseline}, {@code stack-mappings-baseline}: after
 *     shutdown the process is back where it started;</li>
 * <li>{@code tasks-exactly-once}, {@code callbacks-exactly-once}, {@code bare-ran-once}: every submitted
 *     task, callback and BARE function ran exactly once;</li>
 * <li>{@code lock-counter-exact}: the counter incremented under the shared lock by Java and C is exact,
 *     and the lock word is 0 at the end;</li>
 * <li>{@code thread-starts-succeed}: the OS refused no thread start (after the runtime's EAGAIN retries);</li>
 * <li>{@code no-deadlock}: the runtime declared no deadlock;</li>
 * <li>{@code workloads-finish}: every workload's work finished within a minute of the end.</li>
 * </ul>
 */
public final class StressRun {
    private static final VarHandle ONCE_STATE;

    static {
        try {
            ONCE_STATE = MethodHandles.lookup().findVarHandle(Once.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(60);
    private static final Duration BASELINE_WAIT = Duration.ofSeconds(20);
    private static final int LOCK_JAVA_ITERATIONS = 2_000;
    private static final long LOCK_C_ITERATIONS = 20_000;
    private static final int BARE_IN_FLIGHT = 16;

    private final StressConfig config;
    private final PrintWriter out;
    /** Ends the workloads before the deadline when requested (a signal); read by the monitor loop. */
    private final StopRequest stopRequest;
    private final Violations violations = new Violations();
    private final List<String> unavailable = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();

    private volatile boolean stop;
    /** The runtime every workload but idle uses. */
    private ThreadRuntime rt;
    /**
     * The idle workload's own runtime: Ms time out only when a runtime is quiet for its idle timeout, and
     * the other workloads never let a shared one be.
     */
    private ThreadRuntime idleRt;
    private final List<ThreadRuntime> runtimes = new ArrayList<>();

    // What the workloads did, counted by themselves.
    private final AtomicLong tasksSubmitted = new AtomicLong();
    private final LongAdder tasksRan = new LongAdder();
    private final LongAdder tasksRanTwice = new LongAdder();
    private final AtomicLong bareStarted = new AtomicLong();
    private final AtomicLong bareJoined = new AtomicLong();
    private final AtomicLong bareWorkStarted = new AtomicLong();
    private final AtomicLong lockJavaOps = new AtomicLong();
    private final AtomicLong lockCOps = new AtomicLong();
    private final LongAdder callbacks = new LongAdder();
    private final AtomicLong callbacksExpected = new AtomicLong();
    private final AtomicLong callbacksWrong = new AtomicLong();
    /** Tasks each task-submitting workload got accepted (churn, pool, idle, lock's Java side). */
    private final Map<Workload, AtomicLong> tasksByWorkload = new EnumMap<>(Workload.class);
    /** Driver threads per workload; written before the drivers start, read after they end. */
    private final Map<Workload, Integer> instances = new EnumMap<>(Workload.class);

    private MemorySegment bareCounter;
    private MemorySegment lockCounter;
    private RuntimeLock sharedLock;

    private StressRun(StressConfig config, PrintWriter out, StopRequest stopRequest) {
        this.config = config;
        this.out = out;
        this.stopRequest = stopRequest;
        for (Workload w : Workload.values()) {
            tasksByWorkload.put(w, new AtomicLong());
        }
    }

    /**
     * Runs a stress test and returns its result. Progress goes to {@code out}.
     *
     * @throws IllegalStateException    if the native shim cannot be loaded (the message says why)
     * @throws IllegalArgumentException if the stack policy is not supported on this platform
     */
    public static StressResult run(StressConfig config, PrintWriter out) throws InterruptedException {
        return run(config, out, new StopRequest());
    }

    /**
     * Runs a stress test that {@code stop} can end early: the workloads stop, and the drain, the shutdown,
     * the checks and the result follow as at the deadline, the result marked interrupted.
     */
    public static StressResult run(StressConfig config, PrintWriter out, StopRequest stop) throws InterruptedException {
        return new StressRun(config, out, stop).run();
    }

    /** A unit of work that counts its runs; a second run is a violation. */
    private final class Once implements Runnable {
        private final Runnable body;
        private final Semaphore permit;
        @SuppressWarnings("unused") // through ONCE_STATE
        private volatile int state;

        Once(Runnable body, Semaphore permit) {
            this.body = body;
            this.permit = permit;
        }

        @Override
        public void run() {
            if (!ONCE_STATE.compareAndSet(this, 0, 1)) {
                tasksRanTwice.increment();
                return;
            }
            try {
                body.run();
            } finally {
                tasksRan.increment();
                if (permit != null) {
                    permit.release();
                }
            }
        }
    }

    private StressResult run() throws InterruptedException {
        FfmPort ffm = new FfmPort();
        threadrt_testkit_h.library(); // load the shim and the testkit now: a missing one is reported before anything starts
        StackPolicy stack = config.stack();
        if (!ffm.supports(stack)) {
            throw new IllegalArgumentException("--stack " + stack.name().toLowerCase() + " is not supported on "
                    + ffm.platform() + "; use --stack os");
        }
        long pageSize = ffm.pageSize();
        String startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        CpuTime.Reading cpuAtStart = CpuTime.read();
        long cpuWallStart = System.nanoTime(); // the CPU time's wall clock: from the same moment as its reading
        StressResult.Threads baseline = threadsNow();
        TrackingPort port = new TrackingPort(ffm);

        RuntimeConfig.Builder builder = RuntimeConfig.builder()
                .name("stress")
                .maxThreads(config.threads())
                .stackPolicy(stack)
                .idleTimeout(StressConfig.IDLE_TIMEOUT)
                .callbackMode("per-call".equals(config.callbackMode()) ? CallbackMode.PER_CALL : CallbackMode.CACHED)
                .deadlockHandler(report -> violations.add("no-deadlock", report.toString()));
        rt = ThreadRuntime.start(builder.build(), port);
        runtimes.add(rt);
        Map<Workload, Integer> share = shares();
        if (config.workloads().contains(Workload.IDLE)) {
            idleRt = ThreadRuntime.start(builder.name("stress-idle").maxThreads(share.get(Workload.IDLE)).build(), port);
            runtimes.add(idleRt);
        }

        List<Thread> drivers = new ArrayList<>();
        try (Arena arena = Arena.ofShared()) {
            bareCounter = arena.allocate(JAVA_LONG);
            lockCounter = arena.allocate(JAVA_LONG);
            sharedLock = rt.newLock(arena); // read after close (the lock-counter check): the word must outlive the runtime
            MemorySegment lockLoop = trt_lock_loop.allocate(arena);
            trt_lock_loop.key(lockLoop, sharedLock.word());
            trt_lock_loop.counter(lockLoop, lockCounter);
            trt_lock_loop.iterations(lockLoop, LOCK_C_ITERATIONS);
            boolean bareOk = ffm.supports(StackPolicy.BARE);

            for (Workload w : config.workloads()) {
                switch (w) {
                    case CHURN -> drivers.add(driver(w, () -> churn(share.get(w))));
                    case POOL -> drivers.add(driver(w, () -> pool(share.get(w))));
                    case IDLE -> drivers.add(driver(w, () -> idle(share.get(w))));
                    case LOCK -> {
                        drivers.add(driver(w, () -> lockJava(share.get(w))));
                        if (bareOk) {
                            drivers.add(driver(w, () -> lockC(lockLoop)));
                        } else {
                            unavailable.add("lock (C side): BARE threads are not supported on " + ffm.platform()
                                    + "; only Java Ms take the lock");
                        }
                    }
                    case BARE -> {
                        if (bareOk) {
                            drivers.add(driver(w, this::bare));
                        } else {
                            unavailable.add("bare: BARE threads are not supported on " + ffm.platform());
                        }
                    }
                    case CALLBACK -> drivers.add(driver(w, CallbackWorkload.create(this)));
                }
            }
            for (String u : unavailable) {
                out.println("threadrt stress: UNAVAILABLE " + u);
            }

            long start = System.nanoTime();
            long deadline = start + config.duration().toNanos();
            drivers.forEach(Thread::start);
            if ("lost-task".equals(config.inject())) {
                tasksSubmitted.incrementAndGet(); // a task "submitted" that never runs: tasks-exactly-once must break
            }
            monitor(start, deadline, pageSize);
            double seconds = (System.nanoTime() - start) / 1e9;
            String interruptedBy = stopRequest.reason(); // a request after this point finds the workloads ended
            stop = true;
            if (interruptedBy != null) {
                out.println((config.progress() == StressConfig.Progress.LIVE ? "\n" : "") + "threadrt stress: "
                        + interruptedBy + " after " + round(seconds) + " s: the workloads stopped; draining, shutting "
                        + "down and checking");
                out.flush();
            }

            // Drain: every driver waits for its own work in flight.
            long drainDeadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
            for (Thread d : drivers) {
                d.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(drainDeadline - System.nanoTime())));
                violations.check("workloads-finish", !d.isAlive(), d.getName() + " did not finish its work within "
                        + DRAIN_LIMIT.toSeconds() + " s of the end");
            }
            checkScheduler();
            sample(start, pageSize, totals());
            if (config.progress() == StressConfig.Progress.LIVE) {
                out.println();
            }

            // Shut down, bounded: a hung task would hang close() forever.
            Thread closer = Thread.ofPlatform().name("stress-close").start(() -> runtimes.forEach(ThreadRuntime::close));
            closer.join(DRAIN_LIMIT.toMillis());
            boolean closed = !closer.isAlive();
            violations.check("workloads-finish", closed, "the runtime did not close within " + DRAIN_LIMIT.toSeconds()
                    + " s (a task or thread is stuck)");
            Totals s = totals();
            checkWork(s);
            if (closed) {
                checkAfterClose(s, stack);
            }

            StressResult.Threads after = awaitBaseline(baseline);
            int leakedOs = Math.max(0, after.osThreadsOurs() - baseline.osThreadsOurs());
            int leakedJvm = Math.max(0, after.jvmThreadsOurs() - baseline.jvmThreadsOurs());
            int leakedStacks = ProcSelf.stillMapped(port.everMapped());
            if (ProcSelf.available()) {
                violations.check("os-threads-baseline", leakedOs == 0, leakedOs + " OS thread(s) more than before the "
                        + "run after shutdown (/proc/self/task: " + baseline.osThreadsOurs() + " -> "
                        + after.osThreadsOurs() + ", not counting the JVM's GC/JIT/JFR threads)");
                violations.check("stack-mappings-baseline", leakedStacks == 0, leakedStacks + " stack(s) the runtime "
                        + "mapped are still in /proc/self/maps after shutdown");
            }
            violations.check("jvm-threads-baseline", leakedJvm == 0, leakedJvm + " Java thread(s) more than before the "
                    + "run after shutdown (" + baseline.jvmThreadsOurs() + " -> " + after.jvmThreadsOurs() + ")");

            long lockOps = lockJavaOps.get() + lockCOps.get();
            long peakMs = samples.stream().mapToLong(Sample::liveMs).max().orElse(0);
            long peakFreem = samples.stream().mapToLong(Sample::freemLength).max().orElse(0);
            long peakRss = samples.stream().mapToLong(Sample::rssBytes).max().orElse(-1);
            CpuTime cpu = CpuTime.between(cpuAtStart, CpuTime.read(), (System.nanoTime() - cpuWallStart) / 1e9);
            StressResult.Options options = new StressResult.Options(config.duration().toMillis() / 1000.0,
                    config.threads(), config.workloads().stream().map(Workload::cliName).toList(),
                    stack.name().toLowerCase(java.util.Locale.ROOT), config.callbackMode(), config.seed(),
                    config.progress().name().toLowerCase(java.util.Locale.ROOT), List.copyOf(config.arguments()));
            StressResult.Rates rates = new StressResult.Rates(rate(s.threadsStarted(), seconds),
                    rate(s.threadsExited(), seconds), rate(s.stacksReaped(), seconds), rate(s.tasksCompleted(), seconds),
                    rate(callbacks.sum(), seconds), rate(lockOps, seconds), rate(bareStarted.get(), seconds));
            Comparison comparison = config.baseline() == null ? null : Comparison.of(config.baseline(), rates, options);
            return new StressResult(RunEnvironment.SCHEMA_VERSION, "stress", RunEnvironment.toolVersion(), startedAt,
                    RunEnvironment.current(), options, ffm.platform(), violations.allHold(), interruptedBy != null,
                    interruptedBy, List.copyOf(unavailable), round(seconds),
                    new StressResult.Counts(s.threadsStarted(), s.threadsExited(), s.stacksReaped(),
                            tasksSubmitted.get(), s.tasksCompleted(), callbacks.sum(), lockOps, bareStarted.get(),
                            s.idleExits(), s.lockedExits(), s.threadStartFailures()),
                    rates, new StressResult.Peaks(peakMs, peakFreem, peakRss), cpu, perWorkload(share, seconds),
                    new StressResult.Leaks(leakedOs, leakedJvm, leakedStacks), baseline, after,
                    violations.checkedInvariants(), violations.list(), comparison, List.copyOf(samples));
        } finally {
            stop = true;
            for (Thread d : drivers) {
                d.interrupt();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Shares and drivers.

    private Map<Workload, Integer> shares() {
        Map<Workload, Integer> weight = Map.of(Workload.CHURN, 2, Workload.POOL, 2, Workload.IDLE, 2, Workload.LOCK, 1);
        int sum = 0;
        for (Workload w : config.workloads()) {
            sum += weight.getOrDefault(w, 0);
        }
        Map<Workload, Integer> out = new EnumMap<>(Workload.class);
        for (Workload w : config.workloads()) {
            int wt = weight.getOrDefault(w, 0);
            out.put(w, sum == 0 ? 1 : Math.max(1, config.threads() * wt / sum));
        }
        return out;
    }

    /** Each workload's instances, bound on work in flight and operations, in the order asked for. */
    private List<StressResult.WorkloadFigures> perWorkload(Map<Workload, Integer> share, double seconds) {
        List<StressResult.WorkloadFigures> out = new ArrayList<>();
        for (Workload w : config.workloads()) {
            int n = instances.getOrDefault(w, 0);
            record Op(int inFlight, String what, long count) {}
            Op op = switch (w) {
                case CHURN -> new Op(share.get(w), "task that locks its M, which exits", tasksByWorkload.get(w).get());
                case POOL -> new Op(share.get(w), "tiny task", tasksByWorkload.get(w).get());
                case IDLE -> new Op(share.get(w), "task of a burst", tasksByWorkload.get(w).get());
                case LOCK -> new Op(share.get(w) + (n > 1 ? 1 : 0), "increment under the shared lock",
                        lockJavaOps.get() + lockCOps.get());
                case BARE -> new Op(n == 0 ? 0 : Math.min(BARE_IN_FLIGHT, Math.max(1, config.threads())),
                        "BARE thread started and joined", bareWorkStarted.get());
                case CALLBACK -> new Op(CallbackWorkload.THREADS, "callback from a native thread", callbacks.sum());
            };
            out.add(new StressResult.WorkloadFigures(w.cliName(), n, op.inFlight(), op.what(), op.count(),
                    rate(op.count(), seconds)));
        }
        return List.copyOf(out);
    }

    /** A workload's driver loop. */
    interface Body {
        void run() throws Exception;
    }

    private Thread driver(Workload w, Body body) {
        instances.merge(w, 1, Integer::sum);
        return Thread.ofPlatform().daemon().name("stress-" + w.cliName()).unstarted(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                violations.add("workloads-finish", "workload " + w.cliName() + " was interrupted");
            } catch (Throwable t) {
                violations.add("workloads-finish", "workload " + w.cliName() + " failed: " + t);
            }
        });
    }

    SplittableRandom random(Workload w) {
        return new SplittableRandom(config.seed() ^ (0x9E3779B97F4A7C15L * (w.ordinal() + 1)));
    }

    boolean stopped() {
        return stop;
    }

    ThreadRuntime runtime() {
        return rt;
    }

    StressConfig config() {
        return config;
    }

    Violations violations() {
        return violations;
    }

    /** For the callback workload: count one run of a callback. */
    void callbackRan() {
        callbacks.increment();
    }

    /** For the callback workload: callbacks that a finished round must have made. */
    void callbacksExpected(long n) {
        callbacksExpected.addAndGet(n);
    }

    /** For the callback workload: a round whose per-call counts were not all exact. */
    void callbacksWrong(String message) {
        callbacksWrong.incrementAndGet();
        violations.add("callbacks-exactly-once", message);
    }

    /** Submits one counted task of {@code w}; blocks while {@code permits} has none (bounded in flight). */
    private boolean submit(Workload w, Semaphore permits, Runnable body) throws InterruptedException {
        return submit(w, rt, permits, body);
    }

    private boolean submit(Workload w, ThreadRuntime to, Semaphore permits, Runnable body) throws InterruptedException {
        while (!permits.tryAcquire(20, TimeUnit.MILLISECONDS)) {
            if (stop) {
                return false;
            }
        }
        tasksSubmitted.incrementAndGet();
        try {
            to.execute(new Once(body, permits));
            tasksByWorkload.get(w).incrementAndGet();
        } catch (RuntimeException e) {
            permits.release();
            violations.add("tasks-exactly-once", "a task was refused: " + e);
            return false;
        }
        return true;
    }

    private static void drain(Semaphore permits, int n) throws InterruptedException {
        if (!permits.tryAcquire(n, DRAIN_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException((n - permits.availablePermits()) + " task(s) still running "
                    + DRAIN_LIMIT.toSeconds() + " s after the end");
        }
    }

    private void churn(int inFlight) {
        try {
            Semaphore permits = new Semaphore(inFlight);
            while (!stop) {
                submit(Workload.CHURN, permits, ThreadRuntime::lockOSThread); // ends locked: the M exits
            }
            drain(permits, inFlight);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pool(int inFlight) {
        LongAdder work = new LongAdder();
        try {
            Semaphore permits = new Semaphore(inFlight);
            while (!stop) {
                submit(Workload.POOL, permits, work::increment);
            }
            drain(permits, inFlight);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void idle(int burst) {
        SplittableRandom rnd = random(Workload.IDLE);
        try {
            Semaphore permits = new Semaphore(burst);
            while (!stop) {
                int n = 1 + rnd.nextInt(burst);
                long sleepMs = 1 + rnd.nextInt(3);
                for (int i = 0; i < n && !stop; i++) {
                    submit(Workload.IDLE, idleRt, permits, () -> sleepQuietly(sleepMs));
                }
                // Quiet for longer than the idle timeout: the burst's Ms time out and exit.
                long quiet = StressConfig.IDLE_TIMEOUT.toMillis() * 2 + rnd.nextInt(100);
                for (long t = 0; t < quiet && !stop; t += 10) {
                    Thread.sleep(10);
                }
            }
            drain(permits, burst);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void lockJava(int inFlight) {
        RuntimeLock lock = sharedLock;
        MemorySegment counter = lockCounter;
        try {
            Semaphore permits = new Semaphore(inFlight);
            while (!stop) {
                submit(Workload.LOCK, permits, () -> {
                    for (int i = 0; i < LOCK_JAVA_ITERATIONS; i++) {
                        lock.lock();
                        counter.set(JAVA_LONG, 0, counter.get(JAVA_LONG, 0) + 1);
                        lock.unlock();
                    }
                    lockJavaOps.addAndGet(LOCK_JAVA_ITERATIONS);
                });
            }
            drain(permits, inFlight);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void lockC(MemorySegment lockLoop) throws InterruptedException {
        MemorySegment fn = threadrt_testkit_h.trt_work_lock_loop$address();
        while (!stop) {
            BareThread t = rt.startBare(fn, lockLoop);
            bareStarted.incrementAndGet();
            t.join();
            lockCOps.addAndGet(LOCK_C_ITERATIONS);
        }
    }

    private void bare() throws InterruptedException {
        MemorySegment fn = threadrt_testkit_h.trt_work_count$address();
        ArrayDeque<BareThread> inFlight = new ArrayDeque<>();
        int max = Math.min(BARE_IN_FLIGHT, Math.max(1, config.threads()));
        while (!stop) {
            if (inFlight.size() >= max) {
                inFlight.removeFirst().join();
                bareJoined.incrementAndGet();
            }
            inFlight.addLast(rt.startBare(fn, bareCounter));
            bareWorkStarted.incrementAndGet();
            bareStarted.incrementAndGet();
        }
        for (BareThread t : inFlight) {
            t.join();
            bareJoined.incrementAndGet();
        }
    }

    static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Monitoring.

    private long lastSampleNanos;
    private Totals lastStats;
    private long lastCallbacks;
    private long lastLockOps;

    private void monitor(long start, long deadline, long pageSize) throws InterruptedException {
        lastSampleNanos = start;
        lastStats = totals();
        long nextSample = start + TimeUnit.SECONDS.toNanos(1);
        long nextCheck = start + TimeUnit.MILLISECONDS.toNanos(250);
        long nextLine = start + TimeUnit.SECONDS.toNanos(5);
        for (long now = System.nanoTime(); now < deadline && !stopRequest.requested(); now = System.nanoTime()) {
            long wake = Math.min(deadline, Math.min(nextSample, nextCheck));
            TimeUnit.NANOSECONDS.sleep(Math.max(0, wake - now));
            now = System.nanoTime();
            if (now >= nextCheck) {
                checkScheduler();
                nextCheck += TimeUnit.MILLISECONDS.toNanos(250);
            }
            if (now >= nextSample && now < deadline) {
                Sample smp = sample(start, pageSize, totals());
                nextSample += TimeUnit.SECONDS.toNanos(1);
                if (config.progress() == StressConfig.Progress.LIVE) {
                    out.print("\r" + progressLine(smp));
                    out.flush();
                } else if (config.progress() == StressConfig.Progress.LINES && now >= nextLine) {
                    out.println(progressLine(smp));
                    out.flush();
                    nextLine += TimeUnit.SECONDS.toNanos(5);
                }
            }
        }
    }

    private Totals totals() {
        Totals t = Totals.ZERO;
        for (ThreadRuntime r : runtimes) {
            t = t.plus(Totals.of(r.stats()));
        }
        return t;
    }

    private Sample sample(long start, long pageSize, Totals s) {
        long now = System.nanoTime();
        double dt = Math.max(1e-6, (now - lastSampleNanos) / 1e9);
        long cb = callbacks.sum();
        long lockOps = lockCounter.get(JAVA_LONG, 0);
        violations.check("mcount", s.mcount() == s.mnext() - s.nmfreed(), "mcount " + s.mcount() + " != mnext "
                + s.mnext() + " - nmfreed " + s.nmfreed());
        Sample smp = new Sample(round((now - start) / 1e9), s.mcount(), s.freemLength(), s.threadsStarted(),
                s.threadsExited(), s.stacksReaped(), round((s.threadsStarted() - lastStats.threadsStarted()) / dt),
                round((s.threadsExited() - lastStats.threadsExited()) / dt),
                round((s.stacksReaped() - lastStats.stacksReaped()) / dt),
                round((s.tasksCompleted() - lastStats.tasksCompleted()) / dt),
                round((cb - lastCallbacks) / dt), round((lockOps - lastLockOps) / dt), ProcSelf.rssBytes(pageSize));
        lastSampleNanos = now;
        lastStats = s;
        lastCallbacks = cb;
        lastLockOps = lockOps;
        samples.add(smp);
        return smp;
    }

    /** The live progress line. */
    static String progressLine(Sample s) {
        return String.format("%6.1fs  created %s/s  exited %s/s  reaped %s/s  callbacks %s/s  lock %s ops/s  "
                        + "Ms %d  freem %d  RSS %s ", s.elapsedSeconds(), Format.si(s.threadsCreatedPerSecond()),
                Format.si(s.threadsExitedPerSecond()), Format.si(s.stacksReapedPerSecond()),
                Format.si(s.callbacksPerSecond()), Format.si(s.lockOpsPerSecond()), s.liveMs(), s.freemLength(),
                Format.bytes(s.rssBytes()));
    }

    private void checkScheduler() {
        for (ThreadRuntime r : runtimes) {
            try {
                r.checkInvariants();
                violations.checked("scheduler-invariants");
            } catch (IllegalStateException e) {
                violations.add("scheduler-invariants", r.config().name() + ": " + e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Final checks.

    private void checkWork(Totals s) {
        long submitted = tasksSubmitted.get();
        long ran = tasksRan.sum();
        violations.check("tasks-exactly-once", ran == submitted && tasksRanTwice.sum() == 0,
                submitted + " tasks submitted, " + ran + " ran, " + tasksRanTwice.sum() + " ran twice");
        violations.check("tasks-exactly-once", s.tasksCompleted() == s.tasksSubmitted(), "the runtime accepted "
                + s.tasksSubmitted() + " tasks and completed " + s.tasksCompleted());
        if (config.workloads().contains(Workload.BARE) && !unavailable.stream().anyMatch(u -> u.startsWith("bare"))) {
            long counted = bareCounter.get(JAVA_LONG, 0);
            violations.check("bare-ran-once", counted == bareWorkStarted.get(), bareWorkStarted.get()
                    + " BARE threads started, their function counted " + counted);
        }
        if (config.workloads().contains(Workload.LOCK)) {
            long expected = lockJavaOps.get() + lockCOps.get();
            long counted = lockCounter.get(JAVA_LONG, 0);
            violations.check("lock-counter-exact", counted == expected, "counter " + counted + " != " + expected
                    + " increments made under the lock (" + lockJavaOps.get() + " Java, " + lockCOps.get() + " C)");
            int word = sharedLock.word().get(JAVA_INT, 0);
            violations.check("lock-counter-exact", word == 0, "lock word is 0x" + Integer.toHexString(word)
                    + " after every holder finished (want 0: free, no sleepers)");
        }
        if (config.workloads().contains(Workload.CALLBACK)
                && unavailable.stream().noneMatch(u -> u.startsWith("callback"))) {
            violations.check("callbacks-exactly-once", callbacks.sum() == callbacksExpected.get(),
                    callbacksExpected.get() + " callbacks made by native threads, " + callbacks.sum() + " ran");
        }
        violations.check("thread-starts-succeed", s.threadStartFailures() == 0, s.threadStartFailures()
                + " thread start(s) refused by the OS after retries (see ./threadrt doctor for the limits)");
        violations.check("no-deadlock", s.deadlocksReported() == 0, s.deadlocksReported() + " deadlock(s) declared");
    }

    private void checkAfterClose(Totals s, StackPolicy stack) {
        checkScheduler();
        // Extra Ms (callbacks) are never freed, as in Go: they belong to the foreign threads, even after close.
        violations.check("mcount", s.mcount() == s.extraMs() && s.mcount() == s.mnext() - s.nmfreed(),
                "after shutdown mcount " + s.mcount() + " (mnext " + s.mnext() + ", nmfreed " + s.nmfreed()
                        + "), want the " + s.extraMs() + " extra Ms only");
        long runtimeStacks = (stack == StackPolicy.RUNTIME ? s.threadsStarted() - bareStarted.get() : 0)
                + bareStarted.get();
        violations.check("stacks-reaped", s.freemLength() == 0 && s.stacksReaped() == runtimeStacks,
                "after shutdown freem has " + s.freemLength() + " Ms and " + s.stacksReaped() + " stacks were reaped; "
                        + runtimeStacks + " Ms with runtime-owned stacks exited");
        violations.check("stacks-unmapped", s.stacksMapped() == s.stacksUnmapped() && s.stackCacheSize() == 0,
                "the runtime mapped " + s.stacksMapped() + " stacks and unmapped " + s.stacksUnmapped() + " ("
                        + s.stackCacheSize() + " left in the cache)");
    }

    private static StressResult.Threads threadsNow() {
        return new StressResult.Threads(ProcSelf.osThreads(), ProcSelf.jvmThreads(), ProcSelf.osThreadsExceptJvm(),
                ProcSelf.jvmThreadsExceptJvm());
    }

    /** Waits (bounded) for the thread counts to come back: a thread's last steps run after close() returns. */
    private static StressResult.Threads awaitBaseline(StressResult.Threads baseline) throws InterruptedException {
        long deadline = System.nanoTime() + BASELINE_WAIT.toNanos();
        StressResult.Threads now = threadsNow();
        while (System.nanoTime() < deadline && (now.osThreadsOurs() > baseline.osThreadsOurs()
                || now.jvmThreadsOurs() > baseline.jvmThreadsOurs())) {
            Thread.sleep(20);
            now = threadsNow();
        }
        return now;
    }

    private static double rate(long n, double seconds) {
        return seconds <= 0 ? 0 : round(n / seconds);
    }

    private static double round(double x) {
        return Math.round(x * 10) / 10.0;
    }
}
