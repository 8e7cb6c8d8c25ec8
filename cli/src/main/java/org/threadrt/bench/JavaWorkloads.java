package org.threadrt.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.threadrt.BareThread;
import org.threadrt.Note;
import org.threadrt.RuntimeConfig;
import org.threadrt.RuntimeLock;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadRuntime;
import org.threadrt.ffm.FfmPort;
import org.threadrt.ffm.bind.threadrt_h;

/** The in-process workloads of the bench command: threadrt's and the JVM's and C's anchors. */
public final class JavaWorkloads {
    private JavaWorkloads() {
    }

    static final long MIB = 1024 * 1024;

    static void noop() {
        // the trivial task, and the body of every plain upcall
    }

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    /** A plain FFM upcall stub of {@code void noop(void *)}, in the given arena. */
    public static MemorySegment noopUpcall(Arena arena) {
        try {
            var noop = MethodHandles.dropArguments(LOOKUP.findStatic(JavaWorkloads.class, "noop",
                    MethodType.methodType(void.class)), 0, MemorySegment.class);
            return Linker.nativeLinker().upcallStub(noop, FunctionDescriptor.ofVoid(ADDRESS), arena);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static void check(int rc, String what) {
        if (rc != 0) {
            throw new IllegalStateException(what + " failed: " + rc);
        }
    }

    // ---- churn

    /** An M's whole life: its task locks the thread, so the M exits after it. */
    public static Measurement mChurn(String id, String label, StackPolicy policy, long stack) {
        return new Measurement(id, label, "ns") {
            ThreadRuntime rt;

            @Override
            protected void open() {
                rt = ThreadRuntime.start(RuntimeConfig.builder().stackPolicy(policy).stackSize(stack).build());
            }

            @Override
            protected void batch(int n) throws Exception {
                for (int i = 0; i < n; i++) {
                    rt.submit(ThreadRuntime::lockOSThread).get();
                }
            }

            @Override
            public void close() {
                if (rt != null) {
                    rt.close();
                }
            }
        };
    }

    /** A BARE M: raw clone + exitThread with the stack cache, running the shim's trt_work_count. */
    public static Measurement bareChurn() {
        return new Measurement("churn.bare", "BARE M clone+exitThread (stack cache)", "ns") {
            ThreadRuntime rt;
            Arena arena;
            MemorySegment counter;

            @Override
            protected void open() {
                rt = ThreadRuntime.start(RuntimeConfig.builder().build());
                arena = Arena.ofShared();
                counter = arena.allocate(JAVA_LONG);
            }

            @Override
            protected void batch(int n) throws Exception {
                MemorySegment fn = threadrt_h.trt_work_count$address();
                for (int i = 0; i < n; i++) {
                    rt.startBare(fn, counter).join();
                }
            }

            @Override
            public void close() {
                if (rt != null) {
                    rt.close();
                }
                if (arena != null) {
                    arena.close();
                }
            }
        };
    }

    /**
     * BARE churn waited for as Go's LockOSThread churn is: until the thread's function ran (it wakes a
     * Note from C), not until the thread is gone. Each exit overlaps the next start and is joined (its
     * stack reaped) one cycle later, so at most two are alive.
     */
    public static Measurement bareChurnOverlapped() {
        return new Measurement("churn.bare-overlapped", "BARE M clone+fn ran (exit overlapped, joined next)", "ns") {
            ThreadRuntime rt;
            Note ran;

            @Override
            protected void open() {
                rt = ThreadRuntime.start(RuntimeConfig.builder().build());
                ran = rt.newNote();
            }

            @Override
            protected void batch(int n) throws Exception {
                MemorySegment fn = threadrt_h.trt_work_wake$address();
                BareThread previous = null;
                for (int i = 0; i < n; i++) {
                    ran.clear();
                    BareThread started = rt.startBare(fn, ran.word());
                    ran.sleep();
                    if (previous != null) {
                        previous.join();
                    }
                    previous = started;
                }
                if (previous != null) {
                    previous.join();
                }
            }

            @Override
            public void close() {
                if (rt != null) {
                    rt.close();
                }
            }
        };
    }

    public static Measurement javaThreadChurn() {
        return Measurement.of("churn.java-thread", "Java new Thread().start()+join()", n -> {
            for (int i = 0; i < n; i++) {
                Thread t = new Thread(JavaWorkloads::noop);
                t.start();
                t.join();
            }
        });
    }

    public static Measurement virtualThreadChurn() {
        return Measurement.of("churn.virtual-thread", "Java virtual thread start+join", n -> {
            for (int i = 0; i < n; i++) {
                Thread.ofVirtual().start(JavaWorkloads::noop).join();
            }
        });
    }

    public static Measurement cCreateJoin() {
        return Measurement.of("churn.c-pthread", "C pthread_create+join via FFM", n -> {
            FfmPort.library();
            for (int i = 0; i < n; i++) {
                check(threadrt_h.trt_bench_thread_cycle(MemorySegment.NULL, MemorySegment.NULL), "pthread_create");
            }
        });
    }

    /** A C thread created, making one plain FFM upcall (attach + detach by HotSpot) and exiting; joined. */
    public static Measurement cThreadOneUpcall(String id, String label) {
        return new Measurement(id, label, "ns") {
            Arena arena;
            MemorySegment stub;

            @Override
            protected void open() {
                FfmPort.library();
                arena = Arena.ofShared();
                stub = noopUpcall(arena);
            }

            @Override
            protected void batch(int n) {
                for (int i = 0; i < n; i++) {
                    check(threadrt_h.trt_bench_thread_cycle(stub, MemorySegment.NULL), "pthread_create");
                }
            }

            @Override
            public void close() {
                if (arena != null) {
                    arena.close();
                }
            }
        };
    }

    // ---- plain upcalls (the callback anchors)

    /** n plain FFM upcalls from one long-lived C thread (attached by HotSpot on the first). */
    public static Measurement upcallFromCThread() {
        return new Measurement("callback.ffm-plain", "plain FFM upcall, long-lived C thread", "ns") {
            Arena arena;
            MemorySegment stub;

            @Override
            protected void open() {
                FfmPort.library();
                arena = Arena.ofShared();
                stub = noopUpcall(arena);
            }

            @Override
            protected void batch(int n) {
                check(threadrt_h.trt_bench_thread_call_loop(stub, MemorySegment.NULL, n), "pthread_create");
            }

            @Override
            public void close() {
                if (arena != null) {
                    arena.close();
                }
            }
        };
    }

    // ---- dispatch

    static final int DISPATCH_THREADS = 2;

    /** Throughput of tiny tasks through a pool: ns per task, batches of 1000 tasks. */
    public static Measurement dispatch(String id, String label, Supplier<Executor> make, Runnable shut) {
        return new Measurement(id, label, "ns") {
            Executor ex;

            @Override
            protected void open() {
                ex = make.get();
            }

            @Override
            protected void batch(int n) throws Exception {
                int tasks = n * 1000;
                CountDownLatch done = new CountDownLatch(tasks);
                Runnable r = done::countDown;
                for (int i = 0; i < tasks; i++) {
                    ex.execute(r);
                }
                done.await();
            }

            @Override
            protected double sample(int n) throws Exception {
                return super.sample(n) / 1000;
            }

            @Override
            public void close() {
                shut.run();
            }
        };
    }

    /** A set of pools with DISPATCH_THREADS threads each, made lazily and shut down by the measurements. */
    public static final class Pools {
        ThreadRuntime rt;
        ThreadPoolExecutor tpe;
        ForkJoinPool fjp;

        public Executor runtime() {
            rt = ThreadRuntime.start(RuntimeConfig.builder().maxThreads(DISPATCH_THREADS).build());
            return rt::execute;
        }

        public Executor tpe() {
            tpe = new ThreadPoolExecutor(DISPATCH_THREADS, DISPATCH_THREADS, 1, TimeUnit.MINUTES,
                    new LinkedBlockingQueue<>());
            tpe.prestartAllCoreThreads();
            return tpe;
        }

        public Executor fjp() {
            fjp = new ForkJoinPool(DISPATCH_THREADS);
            return fjp;
        }

        public void closeRuntime() {
            if (rt != null) {
                rt.close();
            }
        }

        public void closeTpe() {
            if (tpe != null) {
                tpe.shutdownNow();
            }
        }

        public void closeFjp() {
            if (fjp != null) {
                fjp.shutdownNow();
            }
        }
    }

    /**
     * Submit-to-start latency to a sleeping pool: after the previous task ended and a 200 µs gap, submit a
     * task whose first act is a volatile store and spin until it is seen. A sample is the median of a batch.
     */
    public static Measurement latency(String id, String label, Supplier<Executor> make, Runnable shut) {
        return new Measurement(id, label, "ns") {
            Executor ex;
            volatile boolean started;
            volatile boolean ended;
            final Runnable task = () -> {
                started = true;
                ended = true;
            };
            long[] lat = new long[0];

            @Override
            protected void open() {
                ex = make.get();
            }

            @Override
            protected void batch(int n) {
                if (lat.length < n) {
                    lat = new long[n];
                }
                for (int i = 0; i < n; i++) {
                    long until = System.nanoTime() + 200_000;
                    for (long left; (left = until - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(left);
                    }
                    started = false;
                    ended = false;
                    long t0 = System.nanoTime();
                    ex.execute(task);
                    while (!started) {
                        Thread.onSpinWait();
                    }
                    lat[i] = System.nanoTime() - t0;
                    while (!ended) {
                        Thread.onSpinWait();
                    }
                }
            }

            @Override
            protected double sample(int n) {
                batch(n);
                long[] s = Arrays.copyOf(lat, n);
                Arrays.sort(s);
                return s[n / 2];
            }

            @Override
            public void close() {
                shut.run();
            }
        };
    }

    // ---- locks

    /**
     * lock + increment + unlock, by {@code threads} threads on one lock; ns per lock/unlock, all threads
     * summed. Each kind of lock has its own loop (a lambda class of its own), so no call site is shared.
     */
    public static Measurement lockLoop(String id, String label, int threads, IntConsumer loop) {
        return new Measurement(id, label, "ns") {
            @Override
            protected void batch(int n) throws Exception {
                if (threads == 1) {
                    loop.accept(n);
                    return;
                }
                runThreads(threads, n, loop);
            }
        };
    }

    /** A counter guarded by the lock under test. */
    static final class Counter {
        long value;
    }

    public static Measurement runtimeLock(String id, String label, int threads, RuntimeLock l) {
        Counter c = new Counter();
        return lockLoop(id, label, threads, n -> {
            for (int i = 0; i < n; i++) {
                l.lock();
                try {
                    c.value++;
                } finally {
                    l.unlock();
                }
            }
        });
    }

    public static Measurement reentrantLock(String id, String label, int threads) {
        ReentrantLock l = new ReentrantLock();
        Counter c = new Counter();
        return lockLoop(id, label, threads, n -> {
            for (int i = 0; i < n; i++) {
                l.lock();
                try {
                    c.value++;
                } finally {
                    l.unlock();
                }
            }
        });
    }

    public static Measurement monitor(String id, String label, int threads) {
        Counter c = new Counter();
        return lockLoop(id, label, threads, n -> {
            for (int i = 0; i < n; i++) {
                synchronized (c) {
                    c.value++;
                }
            }
        });
    }

    public interface IntConsumer {
        void accept(int n);
    }

    /** Starts k threads (not timed apart from their start), opens a gate, and waits for all. */
    static void runThreads(int k, int n, IntConsumer body) throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        Thread[] ts = new Thread[k];
        int per = Math.max(1, n / k);
        for (int i = 0; i < k; i++) {
            ts[i] = Thread.ofPlatform().start(() -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    return;
                }
                body.accept(per);
            });
        }
        gate.countDown();
        for (Thread t : ts) {
            t.join();
        }
    }

    /** The runtime whose locks and notes the bench uses (closed at the end of the run). */
    public static final class LockRuntime implements AutoCloseable {
        final ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.builder().idleTimeout(Duration.ofSeconds(1)).build());

        public RuntimeLock newLock() {
            return rt.newLock();
        }

        public Note newNote() {
            return rt.newNote();
        }

        @Override
        public void close() {
            rt.close();
        }
    }

    // ---- wake-to-run

    /** Note ping-pong with an echo thread: ns per hand-off (a round trip is 2). */
    public static Measurement notePingPong(LockRuntime lr) {
        return new Measurement("wake.note", "Note wakeup -> sleeper runs", "ns") {
            Note ping;
            Note pong;
            volatile boolean stop;
            Thread echo;

            @Override
            protected void open() {
                ping = lr.newNote();
                pong = lr.newNote();
                echo = Thread.ofPlatform().daemon().name("note-echo").start(() -> {
                    while (true) {
                        ping.sleep();
                        ping.clear();
                        if (stop) {
                            return;
                        }
                        pong.wakeup();
                    }
                });
            }

            @Override
            protected void batch(int n) {
                for (int i = 0; i < n; i++) {
                    pong.clear();
                    ping.wakeup();
                    pong.sleep();
                }
            }

            @Override
            protected double sample(int n) throws Exception {
                return super.sample(n) / 2;
            }

            @Override
            public void close() throws InterruptedException {
                if (echo != null) {
                    stop = true;
                    ping.wakeup();
                    echo.join();
                }
            }
        };
    }

    /** The same ping-pong with volatile flags and LockSupport park/unpark. */
    public static Measurement parkPingPong() {
        return new Measurement("wake.park", "LockSupport unpark -> parked thread runs", "ns") {
            volatile boolean ping;
            volatile boolean pong;
            volatile boolean stop;
            volatile Thread caller;
            Thread echo;

            @Override
            protected void open() {
                echo = Thread.ofPlatform().daemon().name("park-echo").start(() -> {
                    while (true) {
                        while (!ping) {
                            LockSupport.park(this);
                        }
                        ping = false;
                        if (stop) {
                            return;
                        }
                        pong = true;
                        LockSupport.unpark(caller);
                    }
                });
            }

            @Override
            protected void batch(int n) {
                caller = Thread.currentThread();
                for (int i = 0; i < n; i++) {
                    pong = false;
                    ping = true;
                    LockSupport.unpark(echo);
                    while (!pong) {
                        LockSupport.park(this);
                    }
                }
            }

            @Override
            protected double sample(int n) throws Exception {
                return super.sample(n) / 2;
            }

            @Override
            public void close() throws InterruptedException {
                if (echo != null) {
                    stop = true;
                    ping = true;
                    LockSupport.unpark(echo);
                    echo.join();
                }
            }
        };
    }
}
