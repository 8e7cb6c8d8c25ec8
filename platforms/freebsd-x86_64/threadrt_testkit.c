/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table (stubgen/.../Targets.java), the testkit ABI (TestkitAbi.java) and
 * stubgen/src/main/resources/org/threadrt/stubgen/testkit.c.in with the pieces os_posix.c.in, lock.c.in and testkit_pthread.c.in.
 * Change the table or the template, then run platforms/regenerate. */
/* The threadrt testkit for freebsd-x86_64: benchmark anchors, test drivers and BARE workloads.
 *
 * Not part of the production ABI (threadrt.h): a library of its own (threadrt_testkit.h),
 * loaded only by the stress runner, the benchmarks and the tests, after the shim. The BARE
 * workloads (trt_work_*) run on BARE threads, which share their creator's thread pointer:
 * they use no TLS, no errno and no libc, and reach the kernel only through
 * trt__raw_syscall6 (threadrt_testkit_asm.S on Linux). Built like the shim: -fno-stack-protector,
 * -fvisibility=hidden, linked -z now -Bsymbolic; the OS prelude and the lock are the same
 * generated pieces the shim has. */

#include "threadrt.h"

#define TRT_TARGET "freebsd-x86_64"
#define TRT_API __attribute__((visibility("default")))
#define IS_DARWIN 0
#define UNUSED __attribute__((unused)) /* shared pieces: not every library calls every helper */

typedef unsigned long size_t_;
typedef union { char bytes[128]; void *align_p; long double align_ld; } opaque_attr_t;
#if IS_DARWIN
typedef unsigned long key_t_;
#else
typedef int key_t_;
#endif

int pthread_attr_init(opaque_attr_t *attr);
int pthread_attr_destroy(opaque_attr_t *attr);
int pthread_attr_setstacksize(opaque_attr_t *attr, size_t_ size);
int pthread_create(void **thread, const opaque_attr_t *attr, void *(*start)(void *), void *arg);
int pthread_detach(void *thread);
int pthread_join(void *thread, void **result);
int pthread_key_create(key_t_ *key, void (*destructor)(void *));
int pthread_setspecific(key_t_ key, const void *value);
void *pthread_getspecific(key_t_ key);
void *malloc(size_t_ size);
void free(void *p);
void *mmap(void *addr, size_t_ len, int prot, int flags, int fd, long long offset);
int munmap(void *addr, size_t_ len);
int mprotect(void *addr, size_t_ len, int prot);
int sched_yield(void);
int usleep(unsigned int usec);
int getpagesize(void);
int *__error(void); /* errno, on both Darwin and FreeBSD */
struct posix_timespec { long long tv_sec; long tv_nsec; }; /* struct timespec of both (64-bit targets only) */
int clock_gettime(int clock_id, struct posix_timespec *tp);

#define EINVAL 22
#define ENOMEM 12
#define EAGAIN 35
#define PROT_NONE 0
#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_PRIVATE 0x0002
#define MAP_ANON 0x1000
#define MAP_FAILED ((void *)-1)
#if IS_DARWIN
#define CLOCK_MONOTONIC_ 6 /* <time.h>: _CLOCK_MONOTONIC */
#else
#define CLOCK_MONOTONIC_ 4 /* <sys/_clock_id.h> */
#endif

/* The clock a timed futex_wait's deadline is measured on. */
static UNUSED int64_t monotonic_ns(void) {
    struct posix_timespec ts = {0, 0};
    clock_gettime(CLOCK_MONOTONIC_, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

#if IS_DARWIN
int pthread_threadid_np(void *thread, uint64_t *id);
int __ulock_wait(uint32_t operation, void *addr, uint64_t value, uint32_t timeout_us);
int __ulock_wake(uint32_t operation, void *addr, uint64_t wake_value);
#define UL_COMPARE_AND_WAIT 1
#define ULF_WAKE_ALL 0x00000100
#define ULF_NO_ERRNO 0x01000000

/* One __ulock_wait, timeout_ns relative (negative: none); its microseconds are rounded up and cut
 * at UINT32_MAX (about 71 minutes: the caller's loop sleeps again). Every outcome is the caller's. */
static UNUSED void os_futex_sleep(uint32_t *addr, uint32_t expected, int64_t timeout_ns) {
    uint32_t us = 0; /* 0: no limit */
    if (timeout_ns >= 0) {
        int64_t rounded_up = timeout_ns / 1000 + (timeout_ns % 1000 != 0);
        us = rounded_up < 1 ? 1 : rounded_up > 0xFFFFFFFF ? 0xFFFFFFFF : (uint32_t)rounded_up;
    }
    __ulock_wait(UL_COMPARE_AND_WAIT | ULF_NO_ERRNO, addr, expected, us);
}
static UNUSED int32_t futex_wake(uint32_t *addr, int32_t count) {
    __ulock_wake(UL_COMPARE_AND_WAIT | ULF_NO_ERRNO | (count > 1 ? ULF_WAKE_ALL : 0), addr, 0);
    return 0;
}
#else
int _umtx_op(void *obj, int op, unsigned long val, void *uaddr, void *uaddr2);
int thr_self(long *id);
#define UMTX_OP_WAKE 3
#define UMTX_OP_WAIT_UINT 11 /* not _PRIVATE: the same rule as Linux's shared futex */
struct umtx_timespec { long long tv_sec; long tv_nsec; };

/* One UMTX_OP_WAIT_UINT, timeout_ns relative (negative: none). Every outcome -- woken, the word
 * differed, EINTR, ETIMEDOUT -- is the caller's to judge. */
static UNUSED void os_futex_sleep(uint32_t *addr, uint32_t expected, int64_t timeout_ns) {
    struct umtx_timespec ts;
    void *size = 0, *tsp = 0;
    if (timeout_ns >= 0) {
        ts.tv_sec = timeout_ns / 1000000000;
        ts.tv_nsec = (long)(timeout_ns % 1000000000);
        size = (void *)sizeof ts; /* _umtx_op reads a relative timespec when uaddr is its size */
        tsp = &ts;
    }
    _umtx_op(addr, UMTX_OP_WAIT_UINT, expected, size, tsp);
}
static UNUSED int32_t futex_wake(uint32_t *addr, int32_t count) {
    return _umtx_op(addr, UMTX_OP_WAKE, (unsigned long)count, 0, 0) == 0 ? 0 : 0;
}
#endif

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

static UNUSED void osyield(void) { sched_yield(); }

typedef void *trt_pthread_t; /* what testkit_pthread.c.in joins */

/* The calling thread's OS name (what lldb, ps -M and procstat show); HotSpot never names a thread it
 * attaches, so the shim does, before the thread enters Java. Darwin keeps 63 bytes, FreeBSD 19. */
#if IS_DARWIN
int pthread_setname_np(const char *name);
static UNUSED void os_thread_name(const char *name) { pthread_setname_np(name); }
#else
void *pthread_self(void);
void pthread_set_name_np(void *thread, const char *name);
static UNUSED void os_thread_name(const char *name) { pthread_set_name_np(pthread_self(), name); }
#endif
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
