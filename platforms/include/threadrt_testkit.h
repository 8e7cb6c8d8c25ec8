/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the ABI table stubgen/src/main/java/org/threadrt/stubgen/TestkitAbi.java.
 * Change the table or the template, then run platforms/regenerate. */
/* threadrt_testkit.h: the testkit library (libthreadrt_testkit), next to the shim but not part of
 * its ABI: benchmark anchors, test drivers and the BARE workloads the stress runner, the benchmarks
 * and the tests run. Built per target under the shim's rules; [BARE-safe] as in threadrt.h. */
#ifndef THREADRT_TESTKIT_H
#define THREADRT_TESTKIT_H

#include <stdint.h>
#include "threadrt.h" /* trt_fn, TRT_OK */

#ifdef __cplusplus
extern "C" {
#endif

#define TRT_TESTKIT_ABI_VERSION 1 /* the value trt_testkit_abi_version() returns */

/* A callback taking a number (trt_test_call_threads). */
typedef void (*trt_fn_i32)(int32_t);

/* The argument of trt_work_lock_loop. */
struct trt_lock_loop {
    uint32_t *key;       /* the lock word */
    uint64_t *counter;   /* incremented under the lock */
    int64_t iterations;  /* how many times */
};

/* The testkit ABI version this library implements (TRT_TESTKIT_ABI_VERSION). [BARE-safe] */
int32_t trt_testkit_abi_version(void);

/* BARE workload: atomically adds 1 to the uint64_t counter at arg. [BARE-safe] */
void trt_work_count(void *arg);

/* BARE workload: a Note's wakeup from C: stores 1 into the uint32_t word at arg
 * (release) and futex-wakes every sleeper on it. [BARE-safe] */
void trt_work_wake(void *arg);

/* BARE workload: arg points at struct trt_lock_loop; performs iterations
 * increments of *counter, each under the runtime lock at key (trt_lock's
 * algorithm, on the same word as org.threadrt.RuntimeLock). [BARE-safe] */
void trt_work_lock_loop(void *arg);

/* Benchmark anchor: creates a joinable OS thread with default attributes that runs
 * fn(arg) (nothing when fn is NULL), and joins it: the cost floor of a thread's
 * life (pthread_create + join; Windows CreateThread + wait). With fn an FFM upcall
 * stub it measures a C thread's create + one upcall + exit. Returns TRT_OK or the error. */
int32_t trt_bench_thread_cycle(trt_fn fn, void *arg);

/* Benchmark anchor: calls fn(arg) n times on the calling thread (with fn an FFM
 * upcall stub: the cost of an upcall from an attached thread). Returns TRT_OK. */
int32_t trt_bench_call_loop(trt_fn fn, void *arg, int64_t n);

/* Benchmark anchor: one new joinable thread calls fn(arg) n times, then ends; joined
 * (callbacks from a long-lived foreign thread). Returns TRT_OK or the error. */
int32_t trt_bench_thread_call_loop(trt_fn fn, void *arg, int64_t n);

/* Test driver, a C library calling back from its own threads: starts threads
 * joinable threads at once; each calls fn(i) for i = 0 .. calls - 1 and ends; joins
 * them all. Returns TRT_OK or the first creation error. */
int32_t trt_test_call_threads(trt_fn_i32 fn, int32_t threads, int32_t calls);

/* Benchmark and test driver, callbacks at scale: starts threads joinable threads;
 * each calls fn(arg) once and waits at a start line until all have; then each
 * calls fn(arg) until nanos have passed since the start or it made max_calls
 * calls in all (max_calls <= 0: no cap), stores its count of calls (the first
 * included) in the int64_t counts[i] and ends; joins them all. A thread whose
 * count is far below the others' was starved. Returns TRT_OK, or the first
 * creation error (the threads started still run and are joined). */
int32_t trt_bench_call_crowd(trt_fn fn, void *arg, int32_t threads, int64_t nanos, int64_t max_calls, void *counts);

#ifdef __cplusplus
}
#endif

#endif /* THREADRT_TESTKIT_H */
