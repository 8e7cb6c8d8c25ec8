package org.threadrt;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import org.apache.commons.lang3.Validate;
import org.threadrt.internal.ThreadNames;

/**
 * How a {@link ThreadRuntime} manages its threads. Immutable; made with {@link #builder()}. Every value
 * is checked by {@link Builder#build()} before any native call, and a refused value is reported with the
 * limit and the reason. Whether the port supports the stack policy is checked by
 * {@link ThreadRuntime#start(RuntimeConfig)}, which knows the platform.
 *
 * <h2>Thread identity</h2>
 * What a user sees of an M's thread, and why (each option in the manner of JNA's
 * {@code CallbackThreadInitializer}):
 * <ul>
 *   <li><b>Name</b> ({@link Builder#threadNamePattern}, default {@code {runtime}-{seq}-M{m}}, e.g.
 *       {@code threadrt-1-M3}): given before the thread first enters Java, so thread dumps, JFR's event thread
 *       and the OS name ({@code /proc/<pid>/task/<tid>/comm}, top -H, perf, gdb) all show it from the
 *       thread's birth. {@code {seq}} numbers runtimes in this JVM, so names never repeat across runtimes. The
 *       OS keeps a short name (15 bytes on Linux): a longer name is cut in the middle, keeping its start and
 *       its end (the M number): {@code netns-workers-2-M17} becomes {@code netns-~rs-2-M17}.</li>
 *   <li><b>Extra Ms' name</b> ({@link Builder#extraThreadNamePattern}, default
 *       {@code {runtime}-{seq}-extra-M{m}}): the Java name of a foreign thread while it holds an extra M for a
 *       callback, set only on a thread HotSpot attached ({@code Thread-N}) or one threadrt named, never on a
 *       thread the application named. The OS name of a foreign thread is its creator's business and is left
 *       alone, and JFR keeps the name the thread had when HotSpot attached it (see docs/DESIGN.md).</li>
 *   <li><b>Daemon</b>: every M's thread is a daemon thread, as HotSpot makes every thread that enters Java
 *       through an upcall. A runtime's threads end through {@link ThreadRuntime#close()}, {@code shutdown()}
 *       or the idle timeout; a JVM must not wait at exit for Ms that would idle for 10 s, nor for a foreign
 *       thread that happens to hold an extra M. Not configurable.</li>
 *   <li><b>Uncaught exceptions</b> ({@link Builder#uncaughtExceptionHandler}): what a task given to
 *       {@code execute()} throws goes to the handler with the M's thread, as a {@code ThreadPoolExecutor}
 *       worker's would; the M survives and runs the next task. {@code submit()}'s failures go to its
 *       future instead.</li>
 *   <li><b>Context class loader</b> ({@link Builder#contextClassLoader}).</li>
 * </ul>
 */
public final class RuntimeConfig {

    /** Smallest stack for an M that runs Java: HotSpot takes a 16 KiB guard zone and an 80 KiB shadow zone, and attaching a thread fails fatally at 104 KiB. */
    public static final long MIN_JAVA_STACK = 128 * 1024;
    /** Smallest stack for a BARE M: it runs only small native functions, but a page or two is never enough. */
    public static final long MIN_BARE_STACK = 16 * 1024;
    /** Default stack size of task Ms: 1 MiB, as a Java platform thread on 64-bit Linux gets. */
    public static final long DEFAULT_STACK_SIZE = 1024 * 1024;
    /** Default stack size of BARE Ms: 64 KiB. */
    public static final long DEFAULT_BARE_STACK_SIZE = 64 * 1024;
    /** Default idle timeout: 10 s. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
    /** Default deadlock grace: 1 s. */
    public static final Duration DEFAULT_DEADLOCK_GRACE = Duration.ofSeconds(1);
    /**
     * The longest {@code idleTimeout} and {@code deadlockGrace} accepted: 100 days. The runtime keeps both in
     * nanoseconds and adds them to {@link System#nanoTime()}; anything longer means "never" in practice, and
     * values near {@code Long.MAX_VALUE} nanoseconds would overflow that arithmetic.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(100);
    /** Default thread start timeout: 30 s (see {@link Builder#threadStartTimeout(Duration)}). */
    public static final Duration DEFAULT_THREAD_START_TIMEOUT = Duration.ofSeconds(30);
    /** Default stack cache size: 4 stacks. */
    public static final int DEFAULT_STACK_CACHE_SIZE = 4;
    /** Default bound on extra Ms (callbacks from foreign threads): 4096. */
    public static final int DEFAULT_MAX_EXTRA_MS = 4096;

    private static final System.Logger LOG = System.getLogger("org.threadrt");

    private final int maxThreads;
    private final StackPolicy stackPolicy;
    private final long stackSize;
    private final long bareStackSize;
    private final Duration idleTimeout;
    private final int stackCacheSize;
    private final String name;
    private final ClassLoader contextClassLoader;
    private final boolean detectDeadlocks;
    private final Duration deadlockGrace;
    private final Consumer<DeadlockReport> deadlockHandler;
    private final CallbackMode callbackMode;
    private final int maxExtraMs;
    private final Duration threadStartTimeout;
    private final String threadNamePattern;
    private final String extraThreadNamePattern;
    private final Thread.UncaughtExceptionHandler uncaughtExceptionHandler;

    private RuntimeConfig(Builder b) {
        this.maxThreads = b.maxThreads;
        this.stackPolicy = b.stackPolicy;
        this.stackSize = b.stackSize;
        this.bareStackSize = b.bareStackSize;
        this.idleTimeout = b.idleTimeout;
        this.stackCacheSize = b.stackCacheSize;
        this.name = b.name;
        this.contextClassLoader = b.contextClassLoader;
        this.detectDeadlocks = b.detectDeadlocks;
        this.deadlockGrace = b.deadlockGrace;
        this.deadlockHandler = b.deadlockHandler;
        this.callbackMode = b.callbackMode;
        this.maxExtraMs = b.maxExtraMs;
        this.threadStartTimeout = b.threadStartTimeout;
        this.threadNamePattern = b.threadNamePattern;
        this.extraThreadNamePattern = b.extraThreadNamePattern;
        this.uncaughtExceptionHandler = b.uncaughtExceptionHandler != null ? b.uncaughtExceptionHandler
                : logTaskFailures(b.name);
    }

    /**
     * A builder with every default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The configuration with every default.
     *
     * @return the default configuration
     */
    public static RuntimeConfig defaults() {
        return builder().build();
    }

    /**
     * The default for {@link Builder#maxThreads(int)}: {@code max(16, 4 * availableProcessors)}.
     *
     * @return the default most task Ms
     */
    public static int defaultMaxThreads() {
        return Math.max(16, 4 * Runtime.getRuntime().availableProcessors());
    }

    /** {@return the most task Ms alive at once} */
    public int maxThreads() { return maxThreads; }
    /** {@return who owns the stacks of task Ms} */
    public StackPolicy stackPolicy() { return stackPolicy; }
    /** {@return usable stack bytes of a task M} */
    public long stackSize() { return stackSize; }
    /** {@return usable stack bytes of a BARE M} */
    public long bareStackSize() { return bareStackSize; }
    /** {@return how long an idle M waits for work before its thread exits} */
    public Duration idleTimeout() { return idleTimeout; }
    /** {@return how many freed runtime-mapped stacks are kept for reuse} */
    public int stackCacheSize() { return stackCacheSize; }
    /** {@return the runtime's name, used in messages and reports} */
    public String name() { return name; }
    /** {@return the context class loader of every M's thread; empty means the loader of the thread that starts the runtime} */
    public Optional<ClassLoader> contextClassLoader() { return Optional.ofNullable(contextClassLoader); }
    /** {@return whether deadlocks in runtime Notes and Locks are detected} */
    public boolean detectDeadlocks() { return detectDeadlocks; }
    /** {@return how long a deadlock must persist before it is declared} */
    public Duration deadlockGrace() { return deadlockGrace; }
    /** {@return who is told about a deadlock} */
    public Consumer<DeadlockReport> deadlockHandler() { return deadlockHandler; }
    /** {@return how foreign threads get an M for a callback} */
    public CallbackMode callbackMode() { return callbackMode; }
    /** {@return the most extra Ms (Ms lent to foreign threads for callbacks) this runtime makes} */
    public int maxExtraMs() { return maxExtraMs; }
    /** {@return how long queued tasks wait for the OS to allow a thread when no task M is alive to run them} */
    public Duration threadStartTimeout() { return threadStartTimeout; }
    /** {@return the pattern of task and BARE Ms' thread names} */
    public String threadNamePattern() { return threadNamePattern; }
    /** {@return the pattern of the Java name a foreign thread has while it holds an extra M} */
    public String extraThreadNamePattern() { return extraThreadNamePattern; }
    /** {@return who gets what a task given to {@code execute()} throws} */
    public Thread.UncaughtExceptionHandler uncaughtExceptionHandler() { return uncaughtExceptionHandler; }

    @Override
    public String toString() {
        return "RuntimeConfig[name=" + name + ", maxThreads=" + maxThreads + ", stackPolicy=" + stackPolicy
                + ", stackSize=" + stackSize + ", bareStackSize=" + bareStackSize + ", idleTimeout=" + idleTimeout
                + ", stackCacheSize=" + stackCacheSize + ", detectDeadlocks=" + detectDeadlocks
                + ", deadlockGrace=" + deadlockGrace + ", callbackMode=" + callbackMode + ", maxExtraMs=" + maxExtraMs
                + ", threadStartTimeout=" + threadStartTimeout
                + ", threadNamePattern=" + threadNamePattern + ", extraThreadNamePattern=" + extraThreadNamePattern
                + "]";
    }

    /**
     * The default deadlock handler: logs the report to {@code System.getLogger("org.threadrt")} at ERROR.
     *
     * @param report the deadlock to log
     */
    public static void logDeadlock(DeadlockReport report) {
        LOG.log(Level.ERROR, "deadlock: " + report);
    }

    /**
     * The default {@link Builder#uncaughtExceptionHandler}: logs the failure to
     * {@code System.getLogger("org.threadrt")} at WARNING, naming the runtime and the M's thread (whose name
     * carries the M's number), with the stack trace.
     *
     * @param runtimeName the runtime's name, as the messages give it
     * @return a handler that logs each failure
     */
    public static Thread.UncaughtExceptionHandler logTaskFailures(String runtimeName) {
        Objects.requireNonNull(runtimeName, "runtimeName");
        return (thread, failure) -> LOG.log(Level.WARNING, "threadrt runtime '" + runtimeName + "': a task given to "
                + "execute() failed on " + thread.getName(), failure);
    }

    /**
     * Builds a {@link RuntimeConfig}. Setters check what they can alone; {@link #build()} checks the rest.
     */
    public static final class Builder {
        private int maxThreads = defaultMaxThreads();
        private StackPolicy stackPolicy = StackPolicy.OS;
        private long stackSize = DEFAULT_STACK_SIZE;
        private long bareStackSize = DEFAULT_BARE_STACK_SIZE;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int stackCacheSize = DEFAULT_STACK_CACHE_SIZE;
        private String name = "threadrt";
        private ClassLoader contextClassLoader;
        private boolean detectDeadlocks = true;
        private Duration deadlockGrace = DEFAULT_DEADLOCK_GRACE;
        private Consumer<DeadlockReport> deadlockHandler = RuntimeConfig::logDeadlock;
        private CallbackMode callbackMode = CallbackMode.CACHED;
        private int maxExtraMs = DEFAULT_MAX_EXTRA_MS;
        private Duration threadStartTimeout = DEFAULT_THREAD_START_TIMEOUT;
        private String threadNamePattern = ThreadNames.DEFAULT_PATTERN;
        private String extraThreadNamePattern = ThreadNames.DEFAULT_EXTRA_PATTERN;
        private Thread.UncaughtExceptionHandler uncaughtExceptionHandler;

        private Builder() {
        }

        /**
         * The name of each task and BARE M's thread: a pattern with the placeholders {@code {runtime}} (the
         * runtime's {@link #name}), {@code {seq}} (the runtime's number in this JVM, from 1, never reused) and
         * {@code {m}} (the M's number, required). Default {@code {runtime}-{seq}-M{m}}, e.g.
         * {@code threadrt-1-M3}: the runtime's name first, as {@code ForkJoinPool-1-worker-3}, so a dump of a
         * process with several runtimes reads by runtime, and {@code {seq}} so that two runtimes of the same
         * name do not repeat names. The name is given before the thread first enters Java (JFR and thread
         * dumps show it from birth) and to the OS, cut to its limit (Linux: 15 bytes) by keeping the start and
         * the end. Checked by {@link #build()}: no other braces, no control characters.
         *
         * @param pattern the thread-name pattern
         * @return this builder
         */
        public Builder threadNamePattern(String pattern) {
            this.threadNamePattern = Objects.requireNonNull(pattern, "threadNamePattern");
            return this;
        }

        /**
         * The Java name a foreign thread has while it holds one of this runtime's extra Ms (a callback from a
         * thread the runtime did not create); the placeholders of {@link #threadNamePattern}. Default
         * {@code {runtime}-{seq}-extra-M{m}}. Only a thread HotSpot attached for the callback ({@code Thread-N})
         * or one threadrt named is renamed; the name stays after the call (renaming costs a syscall).
         *
         * @param pattern the thread-name pattern for extra Ms
         * @return this builder
         */
        public Builder extraThreadNamePattern(String pattern) {
            this.extraThreadNamePattern = Objects.requireNonNull(pattern, "extraThreadNamePattern");
            return this;
        }

        /**
         * Who gets what a task given to {@link ThreadRuntime#execute} throws, with the M's thread, as a
         * {@code ThreadPoolExecutor} worker's uncaught exception goes to its thread's handler; the M survives
         * and runs the next task. A handler that throws is logged. Tasks given to {@code submit()} never reach
         * it: their futures hold the failure. Default {@link RuntimeConfig#logTaskFailures}: a WARNING naming
         * the runtime and the thread.
         *
         * @param handler the handler for what tasks given to {@code execute()} throw
         * @return this builder
         */
        public Builder uncaughtExceptionHandler(Thread.UncaughtExceptionHandler handler) {
            this.uncaughtExceptionHandler = Objects.requireNonNull(handler, "uncaughtExceptionHandler");
            return this;
        }

        /**
         * The most task Ms (OS threads running tasks) alive at once; a task submitted when all of them are
         * busy waits in the run queue. Default {@code max(16, 4 * availableProcessors)}: more than the cores
         * because these are the tasks that want a real thread of their own and often block in it (locked
         * threads, native calls), yet bounded so that a burst of submissions cannot create thousands of
         * threads each reserving a stack. Must be at least 1.
         *
         * @param maxThreads the most task Ms alive at once
         * @return this builder
         */
        public Builder maxThreads(int maxThreads) {
            this.maxThreads = maxThreads;
            return this;
        }

        /**
         * Who owns the stacks of task Ms: {@link StackPolicy#OS} (default, every platform) or
         * {@link StackPolicy#RUNTIME} (Linux: the runtime maps, caches and reaps them, and knows exactly when
         * a thread is gone). {@link StackPolicy#BARE} is refused here: BARE Ms never run Java, they are
         * started one by one with {@link ThreadRuntime#startBare}.
         *
         * @param stackPolicy who owns the stacks of task Ms
         * @return this builder
         */
        public Builder stackPolicy(StackPolicy stackPolicy) {
            this.stackPolicy = Objects.requireNonNull(stackPolicy, "stackPolicy");
            return this;
        }

        /**
         * Usable stack bytes of each task M (rounded up to the page size; a RUNTIME stack gets one guard
         * page more). Default 1 MiB. At least 128 KiB: a thread that runs Java needs
         * HotSpot's 16 KiB guard zone and 80 KiB shadow zone, and attaching a thread with 104 KiB or less
         * fails with a fatal VM error, not an exception. 256 KiB to 1 MiB is recommended.
         *
         * @param bytes usable stack bytes of each task M
         * @return this builder
         */
        public Builder stackSize(long bytes) {
            this.stackSize = bytes;
            return this;
        }

        /**
         * Usable stack bytes of each BARE M. Default 64 KiB; at least 16 KiB. BARE Ms run only native
         * functions that use no libc, so they need little; the stack is never grown.
         *
         * @param bytes usable stack bytes of each BARE M
         * @return this builder
         */
        public Builder bareStackSize(long bytes) {
            this.bareStackSize = bytes;
            return this;
        }

        /**
         * How long an idle M waits for work before its thread exits (Go issue 14592: a burst must not keep
         * its threads forever). An M that gets work before then is reused, thread and all. Default 10 s;
         * must be positive and at most {@link #MAX_DURATION} (checked by {@link #build()}).
         *
         * @param idleTimeout how long an idle M waits for work
         * @return this builder
         */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
            return this;
        }

        /**
         * How many freed runtime-mapped stacks (RUNTIME and BARE) are kept mapped for the next M instead of
         * unmapped: reuse saves an mmap/munmap pair per thread. Default 4; 0 disables the cache.
         *
         * @param stackCacheSize how many freed stacks are kept for reuse
         * @return this builder
         */
        public Builder stackCacheSize(int stackCacheSize) {
            this.stackCacheSize = stackCacheSize;
            return this;
        }

        /**
         * The runtime's name, used in messages, logs and deadlock reports. Default {@code "threadrt"}.
         *
         * @param name the runtime's name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * The context class loader of every M's thread. HotSpot attaches a native thread with none, which
         * breaks ServiceLoader and most frameworks; by default Ms get the context class loader of the thread
         * that calls {@link ThreadRuntime#start}.
         *
         * @param loader the context class loader of every M's thread
         * @return this builder
         */
        public Builder contextClassLoader(ClassLoader loader) {
            this.contextClassLoader = loader;
            return this;
        }

        /**
         * Whether {@code checkdead} looks for tasks that are all blocked in this runtime's Notes and Locks.
         * Default on. The runtime sees only its own Ms: a Note woken or a lock released by a thread outside
         * the runtime (or by C code) looks like a deadlock until it happens, hence the grace.
         *
         * @param detect whether to look for deadlocks
         * @return this builder
         */
        public Builder detectDeadlocks(boolean detect) {
            this.detectDeadlocks = detect;
            return this;
        }

        /**
         * How long the deadlock condition must hold, unchanged, before it is declared. Default 1 s; zero
         * declares at once, as Go does (right when every waker is an M of this runtime). Must not be negative
         * and at most {@link #MAX_DURATION} (checked by {@link #build()}).
         *
         * @param grace how long the deadlock condition must hold
         * @return this builder
         */
        public Builder deadlockGrace(Duration grace) {
            this.deadlockGrace = Objects.requireNonNull(grace, "deadlockGrace");
            return this;
        }

        /**
         * Who is told when a deadlock is declared; it runs on one of the blocked Ms, once per deadlock, and
         * must not block. Then every blocked {@link Note#sleep()} and {@link RuntimeLock#lock()} of the
         * deadlock throws {@link DeadlockException}, so nothing hangs. Default: log at ERROR to
         * {@code System.getLogger("org.threadrt")}.
         *
         * @param handler who is told of each declared deadlock
         * @return this builder
         */
        public Builder deadlockHandler(Consumer<DeadlockReport> handler) {
            this.deadlockHandler = Objects.requireNonNull(handler, "deadlockHandler");
            return this;
        }

        /**
         * How a native thread the runtime did not create gets an M when it calls a
         * {@link ThreadRuntime#callback callback}: {@link CallbackMode#CACHED} (default; the M stays with
         * the thread until it ends) or {@link CallbackMode#PER_CALL} (borrowed and returned around each call).
         *
         * @param mode how foreign threads get an M
         * @return this builder
         */
        public Builder callbackMode(CallbackMode mode) {
            this.callbackMode = Objects.requireNonNull(mode, "callbackMode");
            return this;
        }

        /**
         * The most extra Ms this runtime makes for callbacks from foreign threads. An extra M is a number,
         * a Java object and a 64-byte native block, never freed (as in Go): a native thread may hand its M
         * back from its exit destructor at any time, even after the runtime is closed. With
         * {@link CallbackMode#PER_CALL} it bounds callbacks running at once; with {@link CallbackMode#CACHED}
         * it bounds live native threads that have called back. A callback that finds every extra M taken
         * waits (sleeping 1 µs at a time, as Go's needm does) until one comes back. Default 4096; at least 1.
         *
         * @param maxExtraMs the most extra Ms this runtime makes
         * @return this builder
         */
        public Builder maxExtraMs(int maxExtraMs) {
            this.maxExtraMs = maxExtraMs;
            return this;
        }

        /**
         * How long tasks wait for a thread while the OS refuses to start one (EAGAIN from a process or cgroup
         * thread limit, ENOMEM from an address-space limit) and no task M of the runtime is alive to run
         * them. A refusal never costs the submitter: the task stays queued and the runtime retries the start
         * with backoff on its template thread; every queued task runs once a thread starts. If the refusals
         * last this long with no task M alive, the queued tasks fail (their futures with a
         * {@link java.util.concurrent.RejectedExecutionException} whose cause is the
         * {@link ThreadStartException}) and new tasks are rejected the same way at submit, until a thread
         * starts again (the runtime keeps probing). Default 30 s; zero fails them at the first refusal; at most
         * {@link #MAX_DURATION} (checked by {@link #build()}).
         *
         * @param timeout how long tasks wait while thread starts are refused
         * @return this builder
         */
        public Builder threadStartTimeout(Duration timeout) {
            this.threadStartTimeout = Objects.requireNonNull(timeout, "threadStartTimeout");
            return this;
        }

        /**
         * Checks every value and builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the value, its limit and why
         */
        public RuntimeConfig build() {
            Validate.isTrue(maxThreads >= 1, "maxThreads must be at least 1 (the runtime needs one M to run any task): %d",
                    maxThreads);
            Validate.isTrue(stackPolicy != StackPolicy.BARE,
                    "stackPolicy BARE is not a policy for task Ms: BARE Ms never run Java; start them with "
                            + "ThreadRuntime.startBare and use OS or RUNTIME here");
            Validate.isTrue(stackSize >= MIN_JAVA_STACK,
                    "stackSize %d bytes is below the minimum of %d bytes (128 KiB) for a thread that runs Java: HotSpot "
                            + "needs a 16 KiB guard zone plus an 80 KiB shadow zone and attaching a thread with 104 KiB "
                            + "or less is a fatal VM error; use 256 KiB to 1 MiB", stackSize, MIN_JAVA_STACK);
            Validate.isTrue(stackSize <= (1L << 40), "stackSize %d bytes is absurdly large (limit 1 TiB)", stackSize);
            Validate.isTrue(bareStackSize >= MIN_BARE_STACK && bareStackSize <= (1L << 40),
                    "bareStackSize %d bytes must be between %d bytes (16 KiB) and 1 TiB", bareStackSize, MIN_BARE_STACK);
            Validate.isTrue(!idleTimeout.isNegative() && !idleTimeout.isZero(),
                    "idleTimeout must be positive (it is how long an idle M waits for work before exiting): %s",
                    idleTimeout);
            Validate.isTrue(idleTimeout.compareTo(MAX_DURATION) <= 0,
                    "idleTimeout %s is longer than the limit of %s (RuntimeConfig.MAX_DURATION, 100 days); an idle M "
                            + "that should practically never exit can use the limit itself", idleTimeout, MAX_DURATION);
            Validate.isTrue(stackCacheSize >= 0, "stackCacheSize must be >= 0 (0 disables the cache): %d",
                    stackCacheSize);
            Validate.isTrue(!deadlockGrace.isNegative(), "deadlockGrace must not be negative: %s", deadlockGrace);
            Validate.isTrue(deadlockGrace.compareTo(MAX_DURATION) <= 0,
                    "deadlockGrace %s is longer than the limit of %s (RuntimeConfig.MAX_DURATION, 100 days); to never "
                            + "declare a deadlock use detectDeadlocks(false)", deadlockGrace, MAX_DURATION);
            Validate.notBlank(name, "name must not be blank");
            Validate.isTrue(maxExtraMs >= 1, "maxExtraMs must be at least 1 (a callback from a foreign thread needs "
                    + "one extra M to run): %d", maxExtraMs);
            Validate.isTrue(!threadStartTimeout.isNegative(), "threadStartTimeout must not be negative: %s",
                    threadStartTimeout);
            Validate.isTrue(threadStartTimeout.compareTo(MAX_DURATION) <= 0,
                    "threadStartTimeout %s is longer than the limit of %s (RuntimeConfig.MAX_DURATION, 100 days)",
                    threadStartTimeout, MAX_DURATION);
            checkThreadNames();
            return new RuntimeConfig(this);
        }

        /** The thread-name rules of {@link #threadNamePattern} (see {@code ThreadNames}). */
        private void checkThreadNames() {
            String problem = ThreadNames.problem(threadNamePattern);
            Validate.isTrue(problem == null, "threadNamePattern '%s' %s", threadNamePattern, problem);
            problem = ThreadNames.problem(extraThreadNamePattern);
            Validate.isTrue(problem == null, "extraThreadNamePattern '%s' %s", extraThreadNamePattern, problem);
            Validate.isTrue(name.chars().noneMatch(Character::isISOControl),
                    "name '%s' must not contain control characters: it is part of every thread name ({runtime})",
                    name);
        }

    }
}
