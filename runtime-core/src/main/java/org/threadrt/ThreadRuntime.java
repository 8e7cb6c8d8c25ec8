package org.threadrt;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;

import jdk.jfr.Configuration;

import org.apache.commons.lang3.Validate;
import org.threadrt.internal.GFuture;
import org.threadrt.internal.Jmx;
import org.threadrt.internal.CurrentM;
import org.threadrt.internal.Sched;
import org.threadrt.spi.Port;

/**
 * A runtime that runs tasks on real OS threads it creates, reuses, and destroys, as Go's runtime manages
 * its Ms.
 *
 * <pre>{@code
 * try (ThreadRuntime rt = ThreadRuntime.start()) {
 *     Future<Long> f = rt.submit(() -> {
 *         ThreadRuntime.lockOSThread();       // this thread will be destroyed after the task
 *         changePerThreadOsState();
 *         return ThreadRuntime.currentM().orElseThrow().tid();
 *     });
 *     f.get();
 * }   // close(): every thread of the runtime is gone, every stack it mapped is unmapped
 * }</pre>
 *
 * <p>A task goes to an idle thread if one waits, else to a new thread while fewer than
 * {@link RuntimeConfig#maxThreads()} are alive, else to the run queue. A thread idle for
 * {@link RuntimeConfig#idleTimeout()} exits. A task that ends while locked to its thread
 * ({@link #lockOSThread()} without the matching {@link #unlockOSThread()}) makes its thread exit: that
 * thread never runs another task. A task that throws completes its future exceptionally; the thread
 * survives.
 *
 * <p><b>When the OS refuses threads.</b> A thread start the OS refuses (EAGAIN from a process or cgroup
 * thread limit, ENOMEM from an address-space limit or a stack too big to map) never costs the submitter and
 * never drops a task: {@code submit} and {@code execute} return at once, the task stays queued, and the
 * runtime retries the start with backoff (1 ms doubling to 1 s) on its template thread; every queued task
 * runs once a thread starts (or an M frees up). The refusals are counted
 * ({@link RuntimeStats#threadStartFailures()}, {@link RuntimeStats#startRefusalEpisodes()}, the MXBean),
 * emitted as {@code org.threadrt.ThreadStartRefused} JFR events, and logged once per episode. Only when no
 * task thread is alive to run them and the refusals have lasted {@link RuntimeConfig#threadStartTimeout()}
 * are the queued tasks failed (a future with a {@link RejectedExecutionException} caused by the
 * {@link ThreadStartException}; an {@code execute} task is logged at ERROR, as it has no future) and new
 * tasks rejected with the same exception at submit, until a probe start succeeds.
 *
 * <p><b>Per-thread OS state.</b> Every thread of a runtime, task and BARE, starts with the per-thread OS
 * state (working directory and root, namespaces, CPU affinity, signal mask, nice value, credentials,
 * seccomp filters) that the thread calling {@link #start(RuntimeConfig)} had at that moment, whichever
 * thread later submits the work that needs it. {@code start} creates the runtime's template thread, a
 * clone of its caller that does nothing but create threads; threads are created by it whenever the
 * caller could carry changed state (a plain Java thread, a task locked with {@link #lockOSThread()}, a
 * thread replacing one whose task ended locked, a callback's thread, a task of another runtime), and
 * directly only by an unlocked task of this runtime. So: call {@code start} from the thread whose state
 * the runtime's threads should have (start it inside a network namespace and every thread is there);
 * change per-thread state only in a locked task, and {@link #unlockOSThread()} only after putting it
 * back, as in Go. The template thread is one parked platform thread per open runtime, ended by
 * {@link #close()}; starting a thread through it adds a wake-up of that thread (see BENCHMARKS.md).
 */
public final class ThreadRuntime implements AutoCloseable {
    private final Sched sched;
    private final Jmx jmx;
    private final RuntimeConfig config;
    private final ExecutorService executor = new Executor();
    /**
     * The native words of {@link #newLock()} and {@link #newNote()}: owned by this runtime, so that a word
     * handed to C stays allocated however the Java object is dropped (a GC-freed word that C still locks
     * is memory corruption), and freed by {@link #close()} once every thread of the runtime is gone. Shared,
     * since any thread may use a lock. Rule: allocated from by any thread; closed once, by close.
     */
    private final Arena words = Arena.ofShared();

    private ThreadRuntime(RuntimeConfig config, Port port, ClassLoader loader) {
        this.config = config;
        this.sched = new Sched(config, port, loader);
        this.jmx = Jmx.register(config, sched); // org.threadrt:type=ThreadRuntime,name=<name>
    }

    /**
     * Starts a runtime with the default configuration and the port found by {@link ServiceLoader}.
     *
     * @return the running runtime
     */
    public static ThreadRuntime start() {
        return start(RuntimeConfig.defaults());
    }

    /**
     * Starts a runtime with the given configuration and the port found by {@link ServiceLoader}.
     *
     * @param config the runtime's configuration
     * @return the running runtime
     * @throws IllegalStateException    if no port is on the module or class path
     * @throws IllegalArgumentException if the port does not support the configured stack policy
     */
    public static ThreadRuntime start(RuntimeConfig config) {
        Objects.requireNonNull(config, "config");
        return start(config, findPort());
    }

    /**
     * Starts a runtime over a given port. For tests and embedders that bring their own port; applications
     * use {@link #start(RuntimeConfig)}.
     *
     * @param config the runtime's configuration
     * @param port the OS port the runtime runs on
     * @return the running runtime
     * @throws IllegalArgumentException if the port does not support the configured stack policy
     */
    public static ThreadRuntime start(RuntimeConfig config, Port port) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(port, "port");
        StackPolicy policy = config.stackPolicy();
        Validate.isTrue(port.supports(policy),
                "stack policy %s is not supported on platform %s (it needs the kernel to report a thread's exit "
                        + "by clearing a word, which this port does not offer); use StackPolicy.OS", policy,
                port.platform());
        ClassLoader loader = config.contextClassLoader().orElseGet(() -> {
            ClassLoader l = Thread.currentThread().getContextClassLoader();
            return l != null ? l : ThreadRuntime.class.getClassLoader();
        });
        return new ThreadRuntime(config, port, loader);
    }

    private static Port findPort() {
        try {
            Iterator<Port> it = ServiceLoader.load(Port.class, ThreadRuntime.class.getClassLoader()).iterator();
            if (it.hasNext()) {
                return it.next();
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("threadrt: the OS port could not be loaded (" + e.getMessage()
                    + "); check that org.threadrt:threadrt matches this runtime and run with "
                    + "--enable-native-access=org.threadrt.ffm (or ALL-UNNAMED on the class path)", e);
        }
        throw new IllegalStateException("threadrt: no OS port found: add org.threadrt:threadrt (module "
                + "org.threadrt.ffm) to the module path or class path and run with "
                + "--enable-native-access=org.threadrt.ffm (or --enable-native-access=ALL-UNNAMED on the class path)");
    }

    /**
     * The configuration.
     *
     * @return the configuration this runtime was started with
     */
    public RuntimeConfig config() {
        return config;
    }

    /**
     * The platform the port runs on, e.g. {@code linux-x86_64}.
     *
     * @return the port's platform name
     */
    public String platform() {
        return sched.platform();
    }

    // ---- tasks

    /**
     * Submits a task; its future completes with its result or its exception. Returns without waiting for the
     * OS: while thread starts are refused the task waits in the queue (see the class comment).
     *
     * @param <T> the type of the task's result
     * @param task the task to run
     * @return a future for the task's result
     * @throws RejectedExecutionException after shutdown, or when no task thread is alive and thread starts
     *                                    have been refused for {@link RuntimeConfig#threadStartTimeout()}
     *                                    (its cause is the {@link ThreadStartException})
     */
    public <T> Future<T> submit(Callable<T> task) {
        GFuture<T> f = new GFuture<>(Objects.requireNonNull(task, "task"));
        sched.submit(f);
        return f;
    }

    /**
     * Submits a task; its future completes with null or its exception. Returns without waiting for the OS, as
     * {@link #submit(Callable)}.
     *
     * @param task the task to run
     * @return a future that completes when the task ends
     * @throws RejectedExecutionException after shutdown, or when thread starts have been refused for
     *                                    {@link RuntimeConfig#threadStartTimeout()} (see {@link #submit(Callable)})
     */
    public Future<?> submit(Runnable task) {
        GFuture<Void> f = new GFuture<>(Objects.requireNonNull(task, "task"), null);
        sched.submit(f);
        return f;
    }

    /**
     * Runs a task with no future. An exception it throws goes to
     * {@link RuntimeConfig#uncaughtExceptionHandler()} with the M's thread (by default a WARNING to
     * {@code System.getLogger("org.threadrt")} naming the runtime and the thread); the thread survives. A task
     * that cannot get a thread is not dropped: it runs later (see the class comment); only after
     * {@link RuntimeConfig#threadStartTimeout()} with no task thread alive is it given up, and, having no
     * future, logged at ERROR.
     *
     * @param task the task to run
     * @throws RejectedExecutionException after shutdown, or when thread starts have been refused for
     *                                    {@link RuntimeConfig#threadStartTimeout()} (see {@link #submit(Callable)})
     */
    public void execute(Runnable task) {
        sched.submit(Objects.requireNonNull(task, "task"));
    }

    /**
     * This runtime as an {@link ExecutorService} (the same tasks, threads and lifecycle; its
     * {@code close()} closes the runtime).
     *
     * @return an executor service backed by this runtime
     */
    public ExecutorService asExecutorService() {
        return executor;
    }

    // ---- from inside a task

    /**
     * Wires the calling task to its OS thread (counted, like Go's {@code runtime.LockOSThread}). If the task
     * ends with the count above 0 (returning or throwing), its thread exits instead of running another task:
     * use it before changing per-thread OS state (signal masks, namespaces, scheduling policy, thread-local C
     * library state). While locked, threads the task causes to be created (by submitting, or by starting a
     * BARE thread) are created by the runtime's template thread, so they do not inherit that state.
     *
     * @throws IllegalStateException if the caller is not a task running on an M of a ThreadRuntime
     */
    public static void lockOSThread() {
        CurrentM.lockOSThread();
    }

    /**
     * Undoes one {@link #lockOSThread()}; does nothing if the count is 0.
     *
     * @throws IllegalStateException if the caller is not a task running on an M of a ThreadRuntime
     */
    public static void unlockOSThread() {
        CurrentM.unlockOSThread();
    }

    /**
     * The M running the calling task, or empty if the caller is not running on an M.
     *
     * @return the calling task's M, or empty
     */
    public static Optional<MInfo> currentM() {
        return CurrentM.currentMInfo();
    }

    // ---- native-only threads

    /**
     * Starts a BARE thread running the native function {@code fn(arg)} (C signature
     * {@code void fn(void *arg)}) and returns a handle that completes when the thread is gone and its stack
     * reaped.
     *
     * <p>In plain words: {@code fn} runs on a raw clone thread that has no thread-local storage of its own,
     * no C library and no JVM. It must not use {@code errno}, {@code malloc} or anything else in libc, must
     * be built without the stack protector, must not call Java, and must fit in
     * {@link RuntimeConfig#bareStackSize()}. A fault (SIGSEGV, SIGBUS, ...) in it ends the whole process.
     * Functions the shim exports for this purpose meet these rules. Linux only.
     *
     * @param fn the address of the native function to run
     * @param arg the argument passed to {@code fn}
     * @return a handle on the started thread
     * @throws UnsupportedOperationException if the platform has no BARE threads
     * @throws ThreadStartException          if the thread could not be started
     * @throws RejectedExecutionException    after shutdown
     */
    public BareThread startBare(MemorySegment fn, MemorySegment arg) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(arg, "arg");
        Validate.isTrue(!fn.equals(MemorySegment.NULL) && fn.address() != 0, "fn must not be NULL");
        if (!sched.port().supports(StackPolicy.BARE)) {
            throw new UnsupportedOperationException("BARE threads are not supported on platform "
                    + sched.platform() + "; run the function on a task M instead");
        }
        return new BareThread(sched.startBare(fn, arg), sched);
    }

    // ---- callbacks from foreign threads

    /**
     * A function pointer that any native thread may call, as often and from as many threads as it likes,
     * until {@code arena} closes; each call runs {@code target} with an M, as Go's cgo does for C threads
     * that call Go. Same as {@link #callback(MethodHandle, FunctionDescriptor, Arena, CallbackPolicy)} with
     * {@link CallbackPolicy#defaults()}: a failed call returns zero to its caller and logs the Throwable.
     *
     * @param target the method each call runs
     * @param descriptor the C signature of the function pointer
     * @param arena the arena that decides the stub's lifetime
     * @return the function pointer
     */
    public MemorySegment callback(MethodHandle target, FunctionDescriptor descriptor, Arena arena) {
        return callback(target, descriptor, arena, CallbackPolicy.defaults());
    }

    /**
     * A function pointer that any native thread may call, as often and from as many threads as it likes,
     * until {@code arena} closes (closing it while a native thread may still call is the caller's bug, as
     * for any upcall stub).
     *
     * <p>Each call runs {@code target}, whose type must be {@code descriptor.toMethodType()}:
     * <ul>
     *   <li>on a thread that is an M already (a task of any ThreadRuntime, or a callback nested in a
     *       callback: Java → C → Java), with that M;</li>
     *   <li>on any other thread, with an extra M of this runtime (needm), per
     *       {@link RuntimeConfig#callbackMode()}: lent for the call ({@link CallbackMode#PER_CALL}) or bound
     *       to the native thread until it ends ({@link CallbackMode#CACHED}). Inside,
     *       {@link #currentM()} has {@code extra() == true}, the thread has the runtime's context class
     *       loader, and a thread the JVM attached for the call (named {@code Thread-N}) is named
     *       after {@link RuntimeConfig#extraThreadNamePattern()} ({@code threadrt-1-extra-M<id>}). At most
     *       {@link RuntimeConfig#maxExtraMs()} extra Ms exist; a
     *       callback that finds none free waits for one.</li>
     * </ul>
     * No exception leaves the call: whatever {@code target} throws goes to the policy's handler and the
     * native caller gets the policy's return value. The JVM never ends because of a callback.
     *
     * <p>Lifetimes: the stub lives until {@code arena} closes. Extra Ms belong to the foreign threads, not to
     * the runtime: callbacks keep working after {@link #close()}, extra Ms are never freed (as in Go: a
     * native thread may hand its M back from its exit destructor at any time), and they hold no reference
     * to this runtime, so a closed runtime is collected once its stubs' arenas are closed, whatever the
     * native threads still hold. A thread that holds another runtime's extra M (its CACHED M, or a callback
     * nested across runtimes) is not run on that M: it borrows one of this runtime's for the call and gets
     * its own back afterwards.
     *
     * @param target the method each call runs
     * @param descriptor the C signature of the function pointer
     * @param arena the arena that decides the stub's lifetime
     * @param policy what a failed call returns and who hears of its Throwable
     * @return the function pointer
     * @throws NullPointerException          if an argument is null
     * @throws IllegalArgumentException      if the target's type is not the descriptor's, or the policy's
     *                                       return value does not fit the return type
     * @throws IllegalStateException         if the arena is closed
     * @throws UnsupportedOperationException if the port cannot make upcall stubs
     */
    public MemorySegment callback(MethodHandle target, FunctionDescriptor descriptor, Arena arena,
            CallbackPolicy policy) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(arena, "arena");
        Objects.requireNonNull(policy, "policy");
        if (!arena.scope().isAlive()) {
            throw new IllegalStateException("the arena for the callback stub is already closed: the stub would "
                    + "be freed before any native thread could call it");
        }
        MethodHandle wrapped = sched.callbackHandle(target, descriptor, policy);
        return sched.port().upcallStub(wrapped, descriptor, arena);
    }

    // ---- sync objects

    /**
     * A new, unlocked lock on a fresh native word; part of this runtime's deadlock check.
     *
     * <p>Lifetime: the word belongs to this runtime. It stays allocated until {@link #close()}, whether or
     * not the {@code RuntimeLock} object is still reachable, so its address ({@link RuntimeLock#word()}) may
     * be handed to C, which may lock and unlock it from any thread until close. {@code close()} frees it
     * once every thread of the runtime is gone: after that, C must not touch the word, and Java use of the
     * lock throws {@link IllegalStateException}. Each call allocates 4 bytes that live until close; for
     * locks made and dropped in large numbers, use {@link #newLock(Arena)}.
     *
     * @return the new lock
     * @throws IllegalStateException if the runtime is closed
     */
    public RuntimeLock newLock() {
        return new RuntimeLock(allocateWord(words), sched.port(), sched.waits());
    }

    /**
     * A new, unlocked lock on a fresh native word allocated from {@code arena}; part of this runtime's
     * deadlock check. The word lives exactly as long as the arena: the caller closes it when neither Java
     * nor C uses the lock any more (with {@code Arena.ofAuto()} that is when the GC finds it unreachable from
     * Java, so such a word must never be handed to C).
     *
     * @param arena the arena the lock's word is allocated from
     * @return the new lock
     * @throws IllegalStateException if the arena is closed
     */
    public RuntimeLock newLock(Arena arena) {
        return new RuntimeLock(allocateWord(arena), sched.port(), sched.waits());
    }

    private MemorySegment allocateWord(Arena arena) {
        Objects.requireNonNull(arena, "arena");
        try {
            return arena.allocate(4, 4);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(arena == words ? "threadrt runtime '" + config.name() + "' is closed: "
                    + "its words are freed; make locks and notes before close()" : "the arena is closed", e);
        }
    }

    /**
     * A lock over a caller-given native word (0 = unlocked), e.g. one C code also locks; part of this
     * runtime's deadlock check. The word must stay mapped while the lock is used.
     *
     * @param word the native 4-byte lock word
     * @return a lock over {@code word}
     */
    public RuntimeLock lockOver(MemorySegment word) {
        return new RuntimeLock(word, sched.port(), sched.waits());
    }

    /**
     * A new, clear note on a fresh native word; part of this runtime's deadlock check. Lifetime as for
     * {@link #newLock()}: the word belongs to this runtime and is freed by {@link #close()}, so C may wake it
     * (store 1, futex-wake) until then and never after.
     *
     * @return the new note
     * @throws IllegalStateException if the runtime is closed
     */
    public Note newNote() {
        return new Note(allocateWord(words), sched.port(), sched.waits());
    }

    /**
     * A new, clear note on a word from {@code arena}, which decides its lifetime (see {@link #newLock(Arena)}).
     *
     * @param arena the arena the note's word is allocated from
     * @return the new note
     */
    public Note newNote(Arena arena) {
        return new Note(allocateWord(arena), sched.port(), sched.waits());
    }

    /**
     * A note over a caller-given native word (0 = clear); part of this runtime's deadlock check.
     *
     * @param word the native 4-byte note word
     * @return a note over {@code word}
     */
    public Note noteOver(MemorySegment word) {
        return new Note(word, sched.port(), sched.waits());
    }

    // ---- observation

    /** Where {@link #jfrConfiguration()} reads the shipped JFR settings, in this module's jar. */
    public static final String JFC_RESOURCE = "org/threadrt/threadrt.jfc";

    /**
     * The JFR settings threadrt ships ({@value #JFC_RESOURCE} in the runtime-core jar): deadlocks, thread-start
     * refusals and lock contention above 10 ms on, the per-thread and per-callback events (M start and exit,
     * stack reaps, needm/dropm) off. It holds threadrt's events only; combine it with the JDK's:
     * {@code Map<String, String> s = new HashMap<>(Configuration.getConfiguration("default").getSettings());
     * s.putAll(ThreadRuntime.jfrConfiguration().getSettings()); new Recording(s)}. On the command line,
     * extract the file and give both: {@code -XX:StartFlightRecording:settings=default,settings=threadrt.jfc}.
     *
     * @return the shipped JFR settings
     * @throws IllegalStateException if the file is missing from the jar or does not parse
     */
    public static Configuration jfrConfiguration() {
        try (InputStream in = ThreadRuntime.class.getResourceAsStream("/" + JFC_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("threadrt: " + JFC_RESOURCE + " is missing from the runtime-core jar");
            }
            return Configuration.create(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("threadrt: cannot read " + JFC_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * A snapshot of the counters.
     *
     * @return the counters now
     */
    public RuntimeStats stats() {
        return sched.stats();
    }

    /**
     * Checks the scheduler's invariants (for tests and the stress runner): the length of allm equals
     * {@code mnext - nmfreed}, and the idle, free and run lists agree with their counts.
     *
     * @throws IllegalStateException describing a broken invariant
     */
    public void checkInvariants() {
        sched.assertInvariants();
    }

    // ---- lifecycle

    /** Refuses new tasks; queued and running tasks complete; idle threads exit. */
    public void shutdown() {
        sched.shutdown();
    }

    /**
     * Shuts down, takes back every task that has not started (queued, or handed to a thread that has not
     * begun it yet), cancels their futures and returns them, and interrupts every running task. Every task
     * submitted before this call either started before it (and sees the interrupt, whenever it checks) or is
     * in the returned list, its {@link Future} cancelled, so that no {@code get()} waits forever. Tasks from
     * {@link #execute} are returned as given (they have no future).
     *
     * @return the tasks that never started
     */
    public List<Runnable> shutdownNow() {
        return sched.shutdownNow();
    }

    /**
     * Whether {@link #shutdown()} was called.
     *
     * @return true once shut down
     */
    public boolean isShutdown() {
        return sched.isShutdown();
    }

    /**
     * Whether shut down and every task done and every task thread's body returned.
     *
     * @return true once terminated
     */
    public boolean isTerminated() {
        return sched.isTerminated();
    }

    /**
     * Waits until terminated or the timeout; returns whether terminated. A zero or negative timeout looks
     * once; any timeout, however large, is safe (it saturates).
     *
     * @param timeout the longest time to wait
     * @return true if terminated
     * @throws InterruptedException if interrupted before or while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return sched.awaitTermination(Math.max(0, RuntimeLock.saturatedNanos(timeout)), TimeUnit.NANOSECONDS);
    }

    /**
     * Shuts down and waits until every task is done, every thread of this runtime (task and BARE) is gone
     * and every stack it mapped is unmapped; then frees the words of {@link #newLock()} and
     * {@link #newNote()} (C must not touch them after this returns). If interrupted, it does what
     * {@link #shutdownNow()} does (tasks not started are cancelled, running ones interrupted) and keeps
     * waiting; the interrupt status is restored on return. Calling it again does nothing more.
     *
     * <p>Two cases cannot wait, and do not:
     * <ul>
     *   <li>From one of this runtime's own tasks it would wait for itself: it throws
     *       {@link IllegalStateException} and changes nothing (call {@link #shutdown()} from a task).</li>
     *   <li>While the JVM exits (a shutdown hook, or any thread after {@code System.exit}), a task may itself
     *       be stuck in {@code System.exit}, which waits for the hooks: close waits at most 1 s for the tasks,
     *       then interrupts them as {@link #shutdownNow()} does, waits at most 1 s more, and returns without
     *       waiting for threads that still run; their stacks and the lock and note words are then left to
     *       the ending process.</li>
     * </ul>
     *
     * @throws IllegalStateException if called from a task of this runtime
     */
    @Override
    public void close() {
        boolean allGone = sched.close();
        jmx.unregister();
        if (allGone) {
            freeWords();
        }
    }

    /** Frees the words of newLock/newNote; a Java thread still inside a futex wait on one keeps them alive. */
    private void freeWords() {
        try {
            words.close();
        } catch (IllegalStateException e) {
            // Closed before (close called twice), or a thread outside the runtime is still blocked in one of
            // its locks or notes (a downcall keeps the word's memory alive): leave the words allocated.
            if (words.scope().isAlive()) {
                System.getLogger("org.threadrt").log(System.Logger.Level.WARNING, "threadrt: runtime '"
                        + config.name() + "' closed while a thread still waits on one of its locks or notes; "
                        + "their words stay allocated", e);
            }
        }
    }

    @Override
    public String toString() {
        return "ThreadRuntime[" + config.name() + " on " + platform() + ", " + stats() + "]";
    }

    private final class Executor extends AbstractExecutorService {
        @Override
        protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
            return new GFuture<>(runnable, value);
        }

        @Override
        protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
            return new GFuture<>(callable);
        }

        @Override
        public void execute(Runnable command) {
            ThreadRuntime.this.execute(command);
        }

        @Override
        public void shutdown() {
            ThreadRuntime.this.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return ThreadRuntime.this.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return ThreadRuntime.this.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return ThreadRuntime.this.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return sched.awaitTermination(timeout, unit);
        }

        @Override
        public void close() {
            ThreadRuntime.this.close();
        }

        @Override
        public String toString() {
            return "ExecutorService of " + ThreadRuntime.this;
        }
    }
}
