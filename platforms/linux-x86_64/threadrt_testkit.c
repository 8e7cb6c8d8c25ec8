/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table (stubgen/.../Targets.java), the testkit ABI (TestkitAbi.java) and
 * stubgen/src/main/resources/org/threadrt/stubgen/testkit.c.in with the pieces os_linux.c.in, lock.c.in and testkit_pthread.c.in.
 * Change the table or the template, then run platforms/regenerate. */
/* The threadrt testkit for linux-x86_64: benchmark anchors, test drivers and BARE workloads.
 *
 * Not part of the production ABI (threadrt.h): a library of its own (threadrt_testkit.h),
 * loaded only by the stress runner, the benchmarks and the tests, after the shim. The BARE
 * workloads (trt_work_*) run on BARE threads, which share their creator's thread pointer:
 * they use no TLS, no errno and no libc, and reach the kernel only through
 * trt__raw_syscall6 (threadrt_testkit_asm.S on Linux). Built like the shim: -fno-stack-protector,
 * -fvisibility=hidden, linked -z now -Bsymbolic; the OS prelude and the lock are the same
 * generated pieces the shim has. */

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "threadrt.h"

#define TRT_TARGET "linux-x86_64"
#define TRT_API __attribute__((visibility("default")))
#define HIDDEN __attribute__((visibility("hidden")))
#define UNUSED __attribute__((unused)) /* shared pieces: not every library calls every helper */

/* Syscall numbers from the platform table. */
#define NR_exit 60
#define NR_clone 56
#define NR_futex 202
#define NR_set_tid_address 218
#define NR_gettid 186
#define NR_sched_yield 24
#define NR_rt_sigprocmask 14
#define NR_mmap 9
#define NR_munmap 11
#define NR_mprotect 10
#define NR_nanosleep 35
#define NR_clock_gettime 228
#define NR_prctl 157
#define KERNEL_SIGSET_BYTES 8

/* The table must agree with this target's own libc headers. */
_Static_assert(NR_exit == SYS_exit, "platform table: exit");
_Static_assert(NR_clone == SYS_clone, "platform table: clone");
_Static_assert(NR_futex == SYS_futex, "platform table: futex");
_Static_assert(NR_set_tid_address == SYS_set_tid_address, "platform table: set_tid_address");
_Static_assert(NR_gettid == SYS_gettid, "platform table: gettid");
_Static_assert(NR_sched_yield == SYS_sched_yield, "platform table: sched_yield");
_Static_assert(NR_rt_sigprocmask == SYS_rt_sigprocmask, "platform table: rt_sigprocmask");
_Static_assert(NR_munmap == SYS_munmap, "platform table: munmap");
_Static_assert(NR_mprotect == SYS_mprotect, "platform table: mprotect");
_Static_assert(NR_nanosleep == SYS_nanosleep, "platform table: nanosleep");
_Static_assert(NR_clock_gettime == SYS_clock_gettime, "platform table: clock_gettime");
_Static_assert(NR_prctl == SYS_prctl, "platform table: prctl");

#define FUTEX_WAIT 0 /* shared, not FUTEX_PRIVATE_FLAG: the kernel's exit wake on a tid */
#define FUTEX_WAKE 1 /* address is a shared wake, and a private wait would never see it */

/* threadrt_testkit_asm.S: -errno on failure, never errno. */
HIDDEN long trt__raw_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

struct kernel_timespec { long tv_sec; long tv_nsec; }; /* the futex and clock_gettime syscalls' own layout */
#define CLOCK_MONOTONIC_ 1 /* <linux/time.h> */
#define MAX_SLEEP_SECONDS 0x7fffffffL /* fits a 32-bit long: one sleep of a longer wait is cut there */

/* CLOCK_MONOTONIC through the raw syscall (no vDSO: that needs libc); the same clock a relative
 * FUTEX_WAIT timeout runs on. Values since boot: no 2038 limit for the two-long layout. */
static UNUSED int64_t monotonic_ns(void) {
    struct kernel_timespec ts = {0, 0};
    trt__raw_syscall6(NR_clock_gettime, CLOCK_MONOTONIC_, (long)&ts, 0, 0, 0, 0);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* One FUTEX_WAIT, timeout_ns relative (negative: none). Every outcome -- woken (0), the word
 * differed (-EAGAIN), a signal (-EINTR), timed out (-ETIMEDOUT) -- is the caller's to judge. */
static UNUSED void os_futex_sleep(uint32_t *addr, uint32_t expected, int64_t timeout_ns) {
    struct kernel_timespec ts, *tsp = 0;
    if (timeout_ns >= 0) {
        int64_t seconds = timeout_ns / 1000000000;
        ts.tv_sec = seconds > MAX_SLEEP_SECONDS ? MAX_SLEEP_SECONDS : (long)seconds;
        ts.tv_nsec = (long)(timeout_ns % 1000000000);
        tsp = &ts;
    }
    trt__raw_syscall6(NR_futex, (long)addr, FUTEX_WAIT, (long)expected, (long)tsp, 0, 0);
}

/* ---- futex_wait: the OS prelude's one sleep (os_futex_sleep), looped to a monotonic deadline ----
 * Shared by every OS prelude. A timed wait ends in exactly two ways: TRT_OK once the word is seen
 * to differ from expected, TRT_TIMEDOUT once the OS's monotonic clock (monotonic_ns) has passed
 * start + timeout_ns. Every other end of one OS sleep -- a spurious wake (WaitOnAddress has them),
 * a signal (EINTR), a wake that left the word as it was, a sleep the OS cut short or rounded
 * down -- sleeps again for the time that remains, so a timed wait never ends early; the cost is one
 * clock read per sleep. An untimed wait is one OS sleep and may return TRT_OK spuriously: its
 * callers re-check the word anyway, and a wake that leaves the word unchanged still reaches them.
 * Uses no TLS, no errno and no libc on Linux (a raw syscall reads the clock): BARE-safe. */
static UNUSED int32_t futex_wait(uint32_t *addr, uint32_t expected, int64_t timeout_ns) {
    if (timeout_ns < 0) {
        os_futex_sleep(addr, expected, -1);
        return TRT_OK;
    }
    int64_t now = monotonic_ns();
    int64_t deadline = timeout_ns > INT64_MAX - now ? INT64_MAX : now + timeout_ns; /* saturates */
    for (;;) {
        if (__atomic_load_n(addr, __ATOMIC_ACQUIRE) != expected)
            return TRT_OK;
        if (now >= deadline)
            return TRT_TIMEDOUT;
        os_futex_sleep(addr, expected, deadline - now);
        now = monotonic_ns();
    }
}

static UNUSED int32_t futex_wake(uint32_t *addr, int32_t count) {
    long r = trt__raw_syscall6(NR_futex, (long)addr, FUTEX_WAKE, count, 0, 0, 0);
    return r < 0 ? 0 : (int32_t)r;
}

static UNUSED void osyield(void) { trt__raw_syscall6(NR_sched_yield, 0, 0, 0, 0, 0, 0); }

typedef pthread_t trt_pthread_t; /* what testkit_pthread.c.in joins */

/* The calling thread's OS name (comm: top -H, perf, gdb, /proc/<pid>/task/<tid>/comm); the kernel keeps
 * 15 bytes and cuts the rest, so the Java side passes a name that fits. HotSpot never names a thread it
 * attaches through JNI or an upcall, so the shim does, before the thread enters Java. */
static UNUSED void os_thread_name(const char *name) { pthread_setname_np(pthread_self(), name); }
#include "threadrt_testkit.h"

/* ---- The runtime lock, shared by the shim and the testkit on every target --------------
 * Written in terms of the OS prelude's futex_wait / futex_wake / osyield, so it is the same
 * algorithm as org.threadrt.RuntimeLock on every OS. Uses no TLS, no errno and no libc,
 * so BARE threads may run all of it. */

#define LOCK_HELD 1u          /* bit 0: the lock is held */
#define LOCK_WAITER 2u        /* bits 1-31: wake demand, 2 per waiter that slept since the last wake */
#define LOCK_YIELDS 16        /* tries after yielding the CPU, before sleeping on the futex */

/* Go's lock_futex rule, as org.threadrt.RuntimeLock: an unlock that sees demand clears all of it
 * and wakes one sleeper; the woken thread carries the demand forward for the sleepers that wake
 * left uncounted (it takes the lock with demand 1, or adds 2 again and sleeps), so nobody is
 * stranded while a run of unlocks makes no further wake syscalls. Contenders yield rather than
 * spin on the word: spinning steals the holder's CPU when threads outnumber CPUs. */
static UNUSED void lock_impl(uint32_t *key) {
    for (int i = 0; i < LOCK_YIELDS; i++) {
        osyield();
        uint32_t v = __atomic_load_n(key, __ATOMIC_RELAXED);
        if (!(v & LOCK_HELD) &&
            __atomic_compare_exchange_n(key, &v, v | LOCK_HELD, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return;
    }
    int woken = 0;
    for (;;) {
        uint32_t v = __atomic_load_n(key, __ATOMIC_RELAXED);
        if (!(v & LOCK_HELD)) {
            uint32_t taken = woken && v == 0 ? LOCK_HELD | LOCK_WAITER : v | LOCK_HELD;
            if (__atomic_compare_exchange_n(key, &v, taken, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
                return;
            continue;
        }
        /* Announce one more unit of demand on the held word, then sleep only while the word
         * still is exactly that: an unlock in between changes it and the wait returns at once. */
        uint32_t announced = v + LOCK_WAITER;
        if (!__atomic_compare_exchange_n(key, &v, announced, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            continue;
        futex_wait(key, announced, -1);
        woken = 1; /* woken, or the demand was cleared under us: either way we carry it now */
    }
}

static UNUSED int32_t trylock_impl(uint32_t *key) {
    uint32_t v = __atomic_load_n(key, __ATOMIC_RELAXED);
    while (!(v & LOCK_HELD)) {
        if (__atomic_compare_exchange_n(key, &v, v | LOCK_HELD, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return 1;
    }
    return 0;
}

static UNUSED void unlock_impl(uint32_t *key) {
    uint32_t v = __atomic_exchange_n(key, 0, __ATOMIC_RELEASE); /* free, and all demand cleared */
    if (v >= LOCK_WAITER)
        futex_wake(key, 1);
}

TRT_API int32_t trt_testkit_abi_version(void) { return TRT_TESTKIT_ABI_VERSION; }

/* ---- BARE workloads: the lock, futex and atomics only ----------------------------------- */
TRT_API void trt_work_count(void *arg) { __atomic_add_fetch((uint64_t *)arg, 1, __ATOMIC_RELAXED); }

TRT_API void trt_work_wake(void *arg) {
    __atomic_store_n((uint32_t *)arg, 1, __ATOMIC_RELEASE); /* org.threadrt.Note: woken */
    futex_wake((uint32_t *)arg, 0x7fffffff);
}

TRT_API void trt_work_lock_loop(void *arg) {
    struct trt_lock_loop *w = arg;
    for (int64_t i = 0; i < w->iterations; i++) {
        lock_impl(w->key);
        *w->counter += 1; /* plain increment: the lock is what makes it exact */
        unlock_impl(w->key);
    }
}

/* ---- Drivers: C code calling back (FFM upcall stubs, JNA callbacks) ---------------------- */
TRT_API int32_t trt_bench_call_loop(trt_fn fn, void *arg, int64_t n) {
    for (int64_t i = 0; i < n; i++)
        fn(arg);
    return TRT_OK;
}

/* ---- Callbacks at scale: a crowd of callers (trt_bench_call_crowd) ----------------------
 * Each caller makes its first call before the start line (where an FFM upcall attaches the
 * thread to the JVM and CACHED binds its M: the one-time costs of a long-lived caller), counts
 * itself ready and waits (a futex on go) until the creator has seen every caller ready; the
 * creator then writes the deadline and releases go. So thread creation and attachment are
 * outside the measured window and no caller gets a head start. A caller reads the clock once
 * every CROWD_CLOCK_EVERY calls (on Linux a raw clock_gettime syscall: once a call would be a
 * large share of a CACHED call), so the window is overshot by at most that many calls a thread.
 * counts[i] includes the first call. */
#define CROWD_CLOCK_EVERY 16
struct call_crowd {
    trt_fn fn;
    void *arg;
    int64_t max_calls; /* <= 0: no cap */
    int64_t *counts;   /* counts[i]: caller i's calls, written once by caller i before it ends */
    int64_t deadline;  /* monotonic_ns; written by the creator before it releases go */
    uint32_t ready;    /* callers past their first call (atomic add; the creator futex-waits on it) */
    uint32_t go;       /* 0 at the start line, 1 once released (release store; callers acquire) */
};
struct crowd_caller { struct call_crowd *crowd; int32_t index; };

static void crowd_call(struct crowd_caller *me) {
    struct call_crowd *c = me->crowd;
    c->fn(c->arg);
    __atomic_add_fetch(&c->ready, 1, __ATOMIC_RELEASE);
    futex_wake(&c->ready, 1);
    while (__atomic_load_n(&c->go, __ATOMIC_ACQUIRE) == 0)
        futex_wait(&c->go, 0, -1); /* may return spuriously: the loop re-checks */
    int64_t n = 1, cap = c->max_calls > 0 ? c->max_calls : INT64_MAX;
    while (n < cap) {
        c->fn(c->arg);
        n++;
        if (n % CROWD_CLOCK_EVERY == 0 && monotonic_ns() >= c->deadline)
            break;
    }
    c->counts[me->index] = n;
}

/* The creator's half of the start line: waits until the started callers are all ready, then
 * writes the deadline and releases go (the release store publishes the deadline). */
static void crowd_release(struct call_crowd *c, int32_t started, int64_t nanos) {
    uint32_t ready;
    while ((ready = __atomic_load_n(&c->ready, __ATOMIC_ACQUIRE)) < (uint32_t)started)
        futex_wait(&c->ready, ready, -1);
    int64_t now = monotonic_ns();
    c->deadline = nanos > INT64_MAX - now ? INT64_MAX : now + nanos;
    __atomic_store_n(&c->go, 1, __ATOMIC_RELEASE);
    futex_wake(&c->go, 0x7fffffff);
}

/* ---- Drivers on joinable pthreads (Linux, Darwin, FreeBSD) --------------------------- */
struct cycle_start { trt_fn fn; void *arg; };

static void *cycle_main(void *p) {
    struct cycle_start *start = p;
    if (start->fn)
        start->fn(start->arg);
    return 0;
}

TRT_API int32_t trt_bench_thread_cycle(trt_fn fn, void *arg) {
    struct cycle_start start = {fn, arg};
    trt_pthread_t thread;
    int rc = pthread_create(&thread, 0, cycle_main, &start);
    return rc != 0 ? rc : pthread_join(thread, 0);
}

struct call_loop { trt_fn fn; void *arg; int64_t n; };

static void *call_loop_main(void *p) {
    struct call_loop *loop = p;
    for (int64_t i = 0; i < loop->n; i++)
        loop->fn(loop->arg);
    return 0;
}

TRT_API int32_t trt_bench_thread_call_loop(trt_fn fn, void *arg, int64_t n) {
    struct call_loop loop = {fn, arg, n};
    trt_pthread_t thread;
    int rc = pthread_create(&thread, 0, call_loop_main, &loop);
    return rc != 0 ? rc : pthread_join(thread, 0);
}

struct call_numbers { trt_fn_i32 fn; int32_t calls; };

static void *call_numbers_main(void *p) {
    struct call_numbers *c = p;
    for (int32_t i = 0; i < c->calls; i++)
        c->fn(i);
    return 0;
}

TRT_API int32_t trt_test_call_threads(trt_fn_i32 fn, int32_t threads, int32_t calls) {
    if (!fn || threads < 0)
        return EINVAL;
    struct call_numbers c = {fn, calls};
    trt_pthread_t *all = malloc(sizeof(trt_pthread_t) * (unsigned long)(threads ? threads : 1));
    if (!all)
        return ENOMEM;
    int rc = 0, started = 0;
    for (; started < threads; started++) {
        if ((rc = pthread_create(&all[started], 0, call_numbers_main, &c)) != 0)
            break;
    }
    for (int i = 0; i < started; i++)
        pthread_join(all[i], 0);
    free(all);
    return rc;
}

static void *crowd_main(void *p) {
    crowd_call(p);
    return 0;
}

TRT_API int32_t trt_bench_call_crowd(trt_fn fn, void *arg, int32_t threads, int64_t nanos, int64_t max_calls,
                                     void *counts_out) {
    int64_t *counts = counts_out; /* int64_t[threads] */
    if (!fn || threads < 0 || !counts)
        return EINVAL;
    struct call_crowd c = {fn, arg, max_calls, counts, 0, 0, 0};
    unsigned long n = (unsigned long)(threads ? threads : 1);
    trt_pthread_t *all = malloc(sizeof(trt_pthread_t) * n);
    struct crowd_caller *callers = malloc(sizeof(struct crowd_caller) * n);
    if (!all || !callers) {
        free(all);
        free(callers);
        return ENOMEM;
    }
    int rc = 0, started = 0;
    for (; started < threads; started++) {
        callers[started] = (struct crowd_caller){&c, started};
        counts[started] = 0;
        if ((rc = pthread_create(&all[started], 0, crowd_main, &callers[started])) != 0)
            break;
    }
    crowd_release(&c, started, nanos); /* also on a creation error: the threads started must end */
    for (int i = 0; i < started; i++)
        pthread_join(all[i], 0);
    free(all);
    free(callers);
    return rc;
}
