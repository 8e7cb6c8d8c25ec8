package org.threadrt.workloads;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.threadrt.BareThread;
import org.threadrt.Note;
import org.threadrt.RuntimeConfig;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadRuntime;
import org.threadrt.workloads.natives.threadrt_testkit_h;

/**
 * Thread churn: one operation is one whole life of an OS thread (create, run something trivial, exit),
 * threadrt's Ms against what a user would use instead. The C thread with one FFM upcall is
 * {@link Callbacks#cycles(Callbacks.Stub)} over {@link Callbacks.Stub#plain()}.
 */
public final class Churn {
    private Churn() {
    }

    /** The stack size of the M and thread churn figures: 1 MiB. */
    public static final long STACK = 1 << 20;

    static void noop() {
        // the trivial task
    }

    /** An M's whole life: its task locks the thread, so the M exits after it. */
    public static Workload lockedTask(StackPolicy policy, long stackBytes) {
        return new Workload() {
            ThreadRuntime rt;

            @Override
            public void open() {
                rt = ThreadRuntime.start(RuntimeConfig.builder().stackPolicy(policy).stackSize(stackBytes).build());
            }

            @Override
            public void run(int n) throws Exception {
                for (int i = 0; i < n; i++) {
                    rt.submit(ThreadRuntime::lockOSThread).get();
                }
            }

            @Override
            public void close() throws Exception {
                Workload.closeAll(rt);
            }
        };
    }

    /** A BARE M: raw clone + exitThread with the stack cache, running the shim's trt_work_count; joined. */
    public static Workload bare() {
        return new Workload() {
            ThreadRuntime rt;
            Arena arena;
            MemorySegment counter;

            @Override
            public void open() {
                rt = ThreadRuntime.start(RuntimeConfig.builder().build());
                arena = Arena.ofShared();
                counter = arena.allocate(JAVA_LONG);
            }

            @Override
            public void run(int n) throws Exception {
                MemorySegment fn = threadrt_testkit_h.trt_work_count$address();
                for (int i = 0; i < n; i++) {
                    rt.startBare(fn, counter).join();
                }
            }

            @Override
            public void close() throws Exception {
                Workload.closeAll(rt, arena);
            }
        };
    }

    /**
     * BARE churn waited for as Go's LockOSThread churn is: until the thread's function ran (it wakes a Note
     * from C), not until the thread is gone. Each exit overlaps the next start and is joined (its stack
     * reaped) one operation later, so at most two are alive; the last one is joined by {@link Workload#close()}.
     */
    public static Workload bareOverlapped() {
        return new Workload() {
            ThreadRuntime rt;
            Note ran;
            BareThread previous;

            @Override
            public void open() {
                rt = ThreadRuntime.start(RuntimeConfig.builder().build());
                ran = rt.newNote();
            }

            @Override
            public void run(int n) throws Exception {
                MemorySegment fn = threadrt_testkit_h.trt_work_wake$address();
                for (int i = 0; i < n; i++) {
                    ran.clear();
                    BareThread started = rt.startBare(fn, ran.word());
                    ran.sleep();
                    if (previous != null) {
                        previous.join();
                    }
                    previous = started;
                }
            }

            @Override
            public void close() throws Exception {
                if (previous != null) {
                    previous.join();
                }
                Workload.closeAll(rt);
            }
        };
    }

    /** {@code new Thread(r).start(); join()}. */
    public static Workload javaThread() {
        return n -> {
            for (int i = 0; i < n; i++) {
                Thread t = new Thread(Churn::noop);
                t.start();
                t.join();
            }
        };
    }

    /** {@code Thread.ofVirtual().start(r).join()}. */
    public static Workload virtualThread() {
        return n -> {
            for (int i = 0; i < n; i++) {
                Thread.ofVirtual().start(Churn::noop).join();
            }
        };
    }

    /** pthread_create + join of a no-op C function through one downcall: the floor with an OS stack. */
    public static Workload cPthread() {
        return n -> {
            threadrt_testkit_h.library();
            for (int i = 0; i < n; i++) {
                Callbacks.check(threadrt_testkit_h.trt_bench_thread_cycle(MemorySegment.NULL, MemorySegment.NULL),
                        "trt_bench_thread_cycle");
            }
        };
    }
}
