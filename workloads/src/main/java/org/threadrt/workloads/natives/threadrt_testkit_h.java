// GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen) from the
// ABI table stubgen/src/main/java/org/threadrt/stubgen/TestkitAbi.java, in the shape jextract
// gives for platforms/include/threadrt_testkit.h. Regenerate with platforms/regenerate.
package org.threadrt.workloads.natives;

import java.lang.foreign.*;
import java.lang.invoke.MethodHandle;

import org.threadrt.ffm.NativeShim;

/** The downcalls of the threadrt testkit, one static method per function of threadrt_testkit.h. */
@SuppressWarnings("unused")
public final class threadrt_testkit_h {
    threadrt_testkit_h() {
        // Should not be called directly
    }

    /**
     * The testkit, found (in this module's jar under /org/threadrt/workloads/native/&lt;platform&gt;/, or at
     * -Dthreadrt.testkit.path), opened with {@code SymbolLookup.libraryLookup(path, arena)} once the shim
     * is loaded, and its ABI version checked: the first downcall loads it.
     */
    private static final NativeShim.Companion LIBRARY = NativeShim.loadCompanion(threadrt_testkit_h.class,
            "/org/threadrt/workloads/native/", "threadrt_testkit", "threadrt.testkit.path", "trt_testkit_abi_version", 1);

    static final SymbolLookup SYMBOL_LOOKUP = LIBRARY.symbols();

    /** Where the testkit was loaded from (e.g. for a second binding of the same file, such as JNA's). */
    public static NativeShim.Companion library() {
        return LIBRARY;
    }

    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

    static MemorySegment findOrThrow(String symbol) {
        return SYMBOL_LOOKUP.find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("the threadrt testkit: unresolved symbol " + symbol
                        + " (built from the same threadrt_testkit.h?)"));
    }

    private static final int TRT_TESTKIT_ABI_VERSION = (int)1L;

    /** {@snippet lang=c : #define TRT_TESTKIT_ABI_VERSION 1 } the value trt_testkit_abi_version() returns */
    public static int TRT_TESTKIT_ABI_VERSION() {
        return TRT_TESTKIT_ABI_VERSION;
    }

    private static class trt_testkit_abi_version {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_testkit_h.C_INT);

        public static final MemorySegment ADDR = threadrt_testkit_h.findOrThrow("trt_testkit_abi_version");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int32_t trt_testkit_abi_version(void) } */
    public static FunctionDescriptor trt_testkit_abi_version$descriptor() {
        return trt_testkit_abi_version.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int32_t trt_testkit_abi_version(void) } */
    public static MethodHandle trt_testkit_abi_version$handle() {
        return trt_testkit_abi_version.HANDLE;
    }

    /** Address for: {@snippet lang=c : int32_t trt_testkit_abi_version(void) } */
    public static MemorySegment trt_testkit_abi_version$address() {
        return trt_testkit_abi_version.ADDR;
    }

    /**
     * {@snippet lang=c : int32_t trt_testkit_abi_version(void) }
     * <p>The testkit ABI version this library implements (TRT_TESTKIT_ABI_VERSION).
     */
    public static int trt_testkit_abi_version() {
        var mh$ = trt_testkit_abi_version.HANDLE;
        try {
            return (int)mh$.invokeExact();
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_work_count {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(threadrt_testkit_h.C_POINTER);

        public static final MemorySegment ADDR = threadrt_testkit_h.findOrThrow("trt_work_count");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void trt_work_count(void *arg) } */
    public static FunctionDescriptor trt_work_count$descriptor() {
        return trt_work_count.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : void trt_work_count(void *arg) } */
    public static MethodHandle trt_work_count$handle() {
        return trt_work_count.HANDLE;
    }

    /** Address for: {@snippet lang=c : void trt_work_count(void *arg) } */
    public static MemorySegment trt_work_count$address() {
        return trt_work_count.ADDR;
    }

    /**
     * {@snippet lang=c : void trt_work_count(void *arg) }
     * <p>BARE workload: atomically adds 1 to the uint64_t counter at arg.
     */
    public static void trt_work_count(MemorySegment arg) {
        var mh$ = trt_work_count.HANDLE;
        try {
            mh$.invokeExact(arg);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_work_wake {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(threadrt_testkit_h.C_POINTER);

        public static final MemorySegment ADDR = threadrt_testkit_h.findOrThrow("trt_work_wake");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void trt_work_wake(void *arg) } */
    public static FunctionDescriptor trt_work_wake$descriptor() {
        return trt_work_wake.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : void trt_work_wake(void *arg) } */
    public static MethodHandle trt_work_wake$handle() {
        return trt_work_wake.HANDLE;
    }

    /** Address for: {@snippet lang=c : void trt_work_wake(void *arg) } */
    public static MemorySegment trt_work_wake$address() {
        return trt_work_wake.ADDR;
    }

    /**
     * {@snippet lang=c : void trt_work_wake(void *arg) }
     * <p>BARE workload: a Note's wakeup from C: stores 1 into the uint32_t word at arg
     * (release) and futex-wakes every sleeper on it.
     */
    public static void trt_work_wake(MemorySegment arg) {
        var mh$ = trt_work_wake.HANDLE;
        try {
            mh$.invokeExact(arg);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_work_lock_loop {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(threadrt_testkit_h.C_POINTER);

        public static final MemorySegment ADDR = threadrt_testkit_h.findOrThrow("trt_work_lock_loop");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void trt_work_lock_loop(void *arg) } */
    public static FunctionDescriptor trt_work_lock_loop$descriptor() {
        return trt_work_lock_loop.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : void trt_work_lock_loop(void *arg) } */
    public static MethodHandle trt_work_lock_loop$handle() {
        return trt_work_lock_loop.HANDLE;
    }

    /** Address for: {@snippet lang=c : void trt_work_lock_loop(void *arg) } */
    public static MemorySegment trt_work_lock_loop$address() {
        return trt_work_lock_loop.ADDR;
    }

    /**
     * {@snippet lang=c : void trt_work_lock_loop(void *arg) }
     * <p>BARE workload: arg points at struct trt_lock_loop; performs iterations
     * increments of *counter, each under the runtime lock at key (trt_lock's
     * algorithm, on the same word as org.threadrt.RuntimeLock).
     */
    public static void trt_work_lock_loop(MemorySegment arg) {
        var mh$ = trt_work_lock_loop.HANDLE;
        try {
            mh$.invokeExact(arg);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_bench_thread_cycle {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_testkit_h.C_INT, threadrt_testkit_h.C_POINTER, threadrt_testkit_h.C_POINTER);

        public static final MemorySegment ADDR = threadrt_testkit_h.findOrThrow("trt_bench_thread_cycle");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int32_t trt_bench_thread_cycle(trt_fn fn, void *arg) } */
    public static FunctionDescriptor trt_bench_thread_cycle$descriptor() {
        return trt_bench_thread_cycle.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int32_t trt_bench_thread_cycle(trt_fn fn, void *arg) } */
    public static MethodHandle trt_bench_thread_cycle$handle() {
        return trt_bench_thread_cycle.HANDLE;
    }

    /** Address for: {@snippet lang=c : int32_t trt_bench_thread_cycle(trt_fn fn, void *arg) } */
    public static MemorySegment trt_bench_thread_cycle$address() {
        return trt_bench_thread_cycle.ADDR;
    }

    /**
     * {@snippet lang=c : int32_t trt_bench_thread_cycle(trt_fn fn, void *arg) }
     * <p>Benchmark anchor: creates a joinable OS thread with default attributes that runs
     * fn(arg) (nothing when fn is NULL), and joins it: the cost floor of a thread's
     * life (pthread_create + join; Windows CreateThread + wait). With fn an FFM upcall
     * stub it measures a C thread's create + one upcall + exit. Returns TRT_OK or the error.
     */
    public static int trt_bench_thread_cycle(MemorySegment fn, MemorySegment arg) {
        var mh$ = trt_bench_thread_cycle.HANDLE;
        try {
            return (int)mh$.invokeExact(fn, arg);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_bench_call_loop {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_testkit_h.C_INT, threadrt_testkit_h.C_POINTER, threadrt_testkit_h.C_POINTER, threadrt_testkit_h.C_LONG_LONG);

        public static final MemorySegment ADDR = threadrt_testkit_h.findOrThrow("trt_bench_call_loop");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int32_t trt_bench_call_loop(trt_fn fn, void *arg, int64_t n) } */
    public static FunctionDescriptor trt_bench_call_loop$descriptor() {
        return trt_bench_call_loop.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int32_t trt_bench_call_loop(trt_fn fn, void *arg, int64_t n) } */
    public static MethodHandle trt_bench_call_loop$handle() {
        return trt_bench_call_loop.HANDLE;
    }

    /** Address for: {@snippet lang=c : int32_t trt_bench_call_loop(trt_fn fn, void *arg, int64_t n) } */
    public static MemorySegment trt_bench_call_loop$address() {
        return trt_bench_call_loop.ADDR;
    }

    /**
     * {@snippet lang=c : int32_t trt_bench_call_loop(trt_fn fn, void *arg, int64_t n) }
     * <p>Benchmark anchor: calls fn(arg) n times on the calling thread (with fn an FFM
     * upcall stub: the cost of an upcall from an attached thread). Returns TRT_OK.
     */
    public static int trt_bench_call_loop(MemorySegment fn, MemorySegment arg, long n) {
        var mh$ = trt_bench_call_loop.HANDLE;
        try {
            return (int)mh$.invokeExact(fn, arg, n);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_bench_thread_call_loop {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_testkit_h.C_INT, threadrt_testkit_h.C_POINTER, threadrt_testkit_h.C_POINTER, threadrt_testkit_h.C_LONG_LONG);

        public static final MemorySegment ADDR = threadrt_testkit_h.findOrThrow("trt_bench_thread_call_loop");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int32_t trt_bench_thread_call_loop(trt_fn fn, void *arg, int64_t n) } */
    public static FunctionDescriptor trt_bench_thread_call_loop$descriptor() {
        return trt_bench_thread_call_loop.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int32_t trt_bench_thread_call_loop(trt_fn fn, void *arg, int64_t n) } */
    public static MethodHandle trt_bench_thread_call_loop$handle() {
        return trt_bench_thread_call_loop.HANDLE;
    }

    /** Address for: {@snippet lang=c : int32_t trt_bench_thread_call_loop(trt_fn fn, void *arg, int64_t n) } */
    public static MemorySegment trt_bench_thread_call_loop$address() {
        return trt_bench_thread_call_loop.ADDR;
    }

    /**
     * {@snippet lang=c : int32_t trt_bench_thread_call_loop(trt_fn fn, void *arg, int64_t n) }
     * <p>Benchmark anchor: one new joinable thread calls fn(arg) n times, then ends; joined
     * (callbacks from a long-lived foreign thread). Returns TRT_OK or the error.
     */
    public static int trt_bench_thread_call_loop(MemorySegment fn, MemorySegment arg, long n) {
        var mh$ = trt_bench_thread_call_loop.HANDLE;
        try {
            return (int)mh$.invokeExact(fn, arg, n);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_test_call_threads {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_testkit_h.C_INT, threadrt_testkit_h.C_POINTER, threadrt_testkit_h.C_INT, threadrt_testkit_h.C_INT);

        public static final MemorySegment ADDR = threadrt_testkit_h.findOrThrow("trt_test_call_threads");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int32_t trt_test_call_threads(trt_fn_i32 fn, int32_t threads, int32_t calls) } */
    public static FunctionDescriptor trt_test_call_threads$descriptor() {
        return trt_test_call_threads.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int32_t trt_test_call_threads(trt_fn_i32 fn, int32_t threads, int32_t calls) } */
    public static MethodHandle trt_test_call_threads$handle() {
        return trt_test_call_threads.HANDLE;
    }

    /** Address for: {@snippet lang=c : int32_t trt_test_call_threads(trt_fn_i32 fn, int32_t threads, int32_t calls) } */
    public static MemorySegment trt_test_call_threads$address() {
        return trt_test_call_threads.ADDR;
    }

    /**
     * {@snippet lang=c : int32_t trt_test_call_threads(trt_fn_i32 fn, int32_t threads, int32_t calls) }
     * <p>Test driver, a C library calling back from its own threads: starts threads
     * joinable threads at once; each calls fn(i) for i = 0 .. calls - 1 and ends; joins
     * them all. Returns TRT_OK or the first creation error.
     */
    public static int trt_test_call_threads(MemorySegment fn, int threads, int calls) {
        var mh$ = trt_test_call_threads.HANDLE;
        try {
            return (int)mh$.invokeExact(fn, threads, calls);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_bench_call_crowd {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_testkit_h.C_INT, threadrt_testkit_h.C_POINTER, threadrt_testkit_h.C_POINTER, threadrt_testkit_h.C_INT, threadrt_testkit_h.C_LONG_LONG, threadrt_testkit_h.C_LONG_LONG, threadrt_testkit_h.C_POINTER);

        public static final MemorySegment ADDR = threadrt_testkit_h.findOrThrow("trt_bench_call_crowd");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int32_t trt_bench_call_crowd(trt_fn fn, void *arg, int32_t threads, int64_t nanos, int64_t max_calls, void *counts) } */
    public static FunctionDescriptor trt_bench_call_crowd$descriptor() {
        return trt_bench_call_crowd.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int32_t trt_bench_call_crowd(trt_fn fn, void *arg, int32_t threads, int64_t nanos, int64_t max_calls, void *counts) } */
    public static MethodHandle trt_bench_call_crowd$handle() {
        return trt_bench_call_crowd.HANDLE;
    }

    /** Address for: {@snippet lang=c : int32_t trt_bench_call_crowd(trt_fn fn, void *arg, int32_t threads, int64_t nanos, int64_t max_calls, void *counts) } */
    public static MemorySegment trt_bench_call_crowd$address() {
        return trt_bench_call_crowd.ADDR;
    }

    /**
     * {@snippet lang=c : int32_t trt_bench_call_crowd(trt_fn fn, void *arg, int32_t threads, int64_t nanos, int64_t max_calls, void *counts) }
     * <p>Benchmark and test driver, callbacks at scale: starts threads joinable threads;
     * each calls fn(arg) once and waits at a start line until all have; then each
     * calls fn(arg) until nanos have passed since the start or it made max_calls
     * calls in all (max_calls &lt;= 0: no cap), stores its count of calls (the first
     * included) in the int64_t counts[i] and ends; joins them all. A thread whose
     * count is far below the others' was starved. Returns TRT_OK, or the first
     * creation error (the threads started still run and are joined).
     */
    public static int trt_bench_call_crowd(MemorySegment fn, MemorySegment arg, int threads, long nanos, long max_calls, MemorySegment counts) {
        var mh$ = trt_bench_call_crowd.HANDLE;
        try {
            return (int)mh$.invokeExact(fn, arg, threads, nanos, max_calls, counts);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }
}
