package org.threadrt.stubgen;

import static org.threadrt.stubgen.Abi.bare;
import static org.threadrt.stubgen.Abi.fn;
import static org.threadrt.stubgen.Abi.p;
import static org.threadrt.stubgen.CType.*;

import java.util.List;

/**
 * The testkit's ABI: the benchmark anchors, test drivers and BARE workloads that the stress runner, the
 * benchmarks and the tests call, in a library of their own ({@code libthreadrt_testkit}) next to the shim,
 * so that the production ABI ({@link Abi}) carries none of them. From this table come
 * {@code platforms/include/threadrt_testkit.h}, {@code platforms/testkit-symbols.txt} (the testkit's export
 * check) and the testkit's Java binding {@code threadrt_testkit_h}.
 *
 * <p>The BARE workloads ({@code trt_work_*}) run on BARE threads: the testkit is built under the shim's rules
 * (raw syscalls through the target's assembly, no stack protector, {@code -z now}).
 */
public final class TestkitAbi {
    private TestkitAbi() {}

    /** Checked when the testkit is loaded, against {@code trt_testkit_abi_version()}. */
    public static final int VERSION = 1;

    public static final List<Abi.Const> CONSTANTS = List.of(
            new Abi.Const("TRT_TESTKIT_ABI_VERSION", VERSION, "the value trt_testkit_abi_version() returns"));

    public static final List<Abi.Fn> FUNCTIONS = List.of(
            bare("trt_testkit_abi_version", I32, "The testkit ABI version this library implements (TRT_TESTKIT_ABI_VERSION)."),
            bare("trt_work_count", VOID,
                    "BARE workload: atomically adds 1 to the uint64_t counter at arg.", p(PTR, "arg")),
            bare("trt_work_wake", VOID,
                    "BARE workload: a Note's wakeup from C: stores 1 into the uint32_t word at arg\n"
                            + "(release) and futex-wakes every sleeper on it.", p(PTR, "arg")),
            bare("trt_work_lock_loop", VOID,
                    "BARE workload: arg points at struct trt_lock_loop; performs iterations\n"
                            + "increments of *counter, each under the runtime lock at key (trt_lock's\n"
                            + "algorithm, on the same word as org.threadrt.RuntimeLock).",
                    p(PTR, "arg")),
            fn("trt_bench_thread_cycle", I32,
                    "Benchmark anchor: creates a joinable OS thread with default attributes that runs\n"
                            + "fn(arg) (nothing when fn is NULL), and joins it: the cost floor of a thread's\n"
                            + "life (pthread_create + join; Windows CreateThread + wait). With fn an FFM upcall\n"
                            + "stub it measures a C thread's create + one upcall + exit. Returns TRT_OK or the error.",
                    p(FN_VOID_PTR, "fn"), p(PTR, "arg")),
            fn("trt_bench_call_loop", I32,
                    "Benchmark anchor: calls fn(arg) n times on the calling thread (with fn an FFM\n"
                            + "upcall stub: the cost of an upcall from an attached thread). Returns TRT_OK.",
                    p(FN_VOID_PTR, "fn"), p(PTR, "arg"), p(I64, "n")),
            fn("trt_bench_thread_call_loop", I32,
                    "Benchmark anchor: one new joinable thread calls fn(arg) n times, then ends; joined\n"
                            + "(callbacks from a long-lived foreign thread). Returns TRT_OK or the error.",
                    p(FN_VOID_PTR, "fn"), p(PTR, "arg"), p(I64, "n")),
            fn("trt_test_call_threads", I32,
                    "Test driver, a C library calling back from its own threads: starts threads\n"
                            + "joinable threads at once; each calls fn(i) for i = 0 .. calls - 1 and ends; joins\n"
                            + "them all. Returns TRT_OK or the first creation error.",
                    p(FN_VOID_I32, "fn"), p(I32, "threads"), p(I32, "calls")),
            fn("trt_bench_call_crowd", I32,
                    "Benchmark and test driver, callbacks at scale: starts threads joinable threads;\n"
                            + "each calls fn(arg) once and waits at a start line until all have; then each\n"
                            + "calls fn(arg) until nanos have passed since the start or it made max_calls\n"
                            + "calls in all (max_calls <= 0: no cap), stores its count of calls (the first\n"
                            + "included) in the int64_t counts[i] and ends; joins them all. A thread whose\n"
                            + "count is far below the others' was starved. Returns TRT_OK, or the first\n"
                            + "creation error (the threads started still run and are joined).",
                    p(FN_VOID_PTR, "fn"), p(PTR, "arg"), p(I32, "threads"), p(I64, "nanos"),
                    p(I64, "max_calls"), p(PTR, "counts")));
}
