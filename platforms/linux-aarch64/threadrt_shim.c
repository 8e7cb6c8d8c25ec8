/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table (stubgen/.../Targets.java), the ABI (Abi.java) and
 * stubgen/src/main/resources/org/threadrt/stubgen/shim_linux.c.in with the pieces os_linux.c.in, lock.c.in and shim_common.c.in.
 * Change the table or the template, then run platforms/regenerate. */
/* The threadrt shim for linux-aarch64: Linux, glibc.
 *
 * Everything that may run on a BARE thread (futex, lock, workloads, the clone child's
 * entry) reaches the kernel through trt__raw_syscall6 from threadrt_asm.S, never through
 * libc: a BARE thread shares its creator's thread pointer, so errno, malloc and the stack
 * protector canary would all be the creator's. The file is built with
 * -fno-stack-protector and -fvisibility=hidden; internal calls go to static functions so
 * no call from a BARE thread passes through the PLT. */

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "threadrt.h"

#define TRT_TARGET "linux-aarch64"
#define TRT_API __attribute__((visibility("default")))
#define HIDDEN __attribute__((visibility("hidden")))
#define UNUSED __attribute__((unused)) /* shared pieces: not every library calls every helper */

/* Syscall numbers from the platform table. */
#define NR_exit 93
#define NR_clone 220
#define NR_futex 98
#define NR_set_tid_address 96
#define NR_gettid 178
#define NR_sched_yield 124
#define NR_rt_sigprocmask 135
#define NR_mmap 222
#define NR_munmap 215
#define NR_mprotect 226
#define NR_nanosleep 101
#define NR_clock_gettime 113
#define NR_prctl 167
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

/* threadrt_asm.S: -errno on failure, never errno. */
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

#define BARE_CLONE_FLAGS 0x50f00 /* VM | FS | FILES | SIGHAND | THREAD | SYSVSEM; no SETTLS */

/* threadrt_asm.S */
HIDDEN long trt__raw_clone(unsigned long flags, void *stack_top, void (*fn)(void *), void *arg);
HIDDEN __attribute__((noreturn)) void trt__exit_thread(uint32_t *free_wait);

TRT_API int64_t trt_gettid(void) { return trt__raw_syscall6(NR_gettid, 0, 0, 0, 0, 0, 0); }

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

/* ---- Shared by every target's shim: the lock, futex and extra-M entry points ---------- */
TRT_API void trt_lock(uint32_t *key) { lock_impl(key); }
TRT_API int32_t trt_trylock(uint32_t *key) { return trylock_impl(key); }
TRT_API void trt_unlock(uint32_t *key) { unlock_impl(key); }
TRT_API int32_t trt_futex_wait(uint32_t *addr, uint32_t expected, int64_t timeout_ns) {
    return futex_wait(addr, expected, timeout_ns);
}
TRT_API int32_t trt_futex_wake(uint32_t *addr, int32_t count) { return futex_wake(addr, count); }
TRT_API void trt_osyield(void) { osyield(); }
TRT_API int32_t trt_abi_version(void) { return TRT_ABI_VERSION; }
TRT_API const char *trt_platform(void) { return TRT_TARGET; }

/* ---- The extra-M list: the seed's lockextra (nil okay) + unlockextra --------------------
 * org.threadrt's needm and dropm run this same algorithm from Java on the same words. This
 * copy serves the thread-exit destructor of a CACHED callback thread: glibc runs C++
 * thread_local destructors (where HotSpot detaches the thread) before pthread key
 * destructors, so at that point an upcall would attach the thread to the JVM again and that
 * JavaThread would never be detached. Native code alone gives the M back. */
_Static_assert(__builtin_offsetof(struct trt_extra_m, next) == TRT_EXTRA_NEXT, "extra M: next");
_Static_assert(__builtin_offsetof(struct trt_extra_m, list) == TRT_EXTRA_LIST, "extra M: list");
_Static_assert(__builtin_offsetof(struct trt_extra_list, length) == TRT_EXTRA_LENGTH, "extra list: length");

TRT_API void trt_extra_push(void *m) {
    struct trt_extra_m *mp = m;
    struct trt_extra_list *list = (struct trt_extra_list *)(uintptr_t)mp->list;
    for (;;) {
        uint64_t old = __atomic_load_n(&list->head, __ATOMIC_RELAXED);
        if (old == TRT_EXTRA_LOCKED) {
            osyield(); /* the holder runs a few instructions; Java's lockextra yields too */
            continue;
        }
        if (__atomic_compare_exchange_n(&list->head, &old, (uint64_t)TRT_EXTRA_LOCKED, 0, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED)) {
            mp->next = old;
            __atomic_store_n(&list->length, list->length + 1, __ATOMIC_RELAXED);
            __atomic_store_n(&list->head, (uint64_t)(uintptr_t)mp, __ATOMIC_RELEASE); /* unlockextra */
            return;
        }
    }
}

/* ---- Named threads: a task M enters the JVM under its own name ---------------------------
 * HotSpot names a thread when it attaches it, and JFR keeps that name for the thread's life: an FFM
 * upcall attaches a foreign thread as "Thread-N", and neither Thread.setName afterwards (JFR, OS) nor
 * an OS name set before (Java) changes what a recording shows (measured: docs/DESIGN.md). So a started
 * thread's entry can be trt_named_entry(start): it sets the OS name, attaches the thread through JNI's
 * AttachCurrentThreadAsDaemon with the name (when a JavaVM is given), runs entry(arg) (the upcall finds
 * the thread attached and attaches nothing), and detaches it again, in that order. The record is read
 * before entry runs and never after, so its owner may free it once entry has begun. The JNI types are
 * declared here (no jni.h): JavaVM is a pointer to a function table whose slots are fixed by the JNI
 * specification since 1.2. */
struct trt_jni_attach_args { int32_t version; const char *name; void *group; };
struct trt_jni_invoke {
    void *reserved0, *reserved1, *reserved2;
    int32_t (*destroy_java_vm)(void *vm);
    int32_t (*attach_current_thread)(void *vm, void **env, void *args);
    int32_t (*detach_current_thread)(void *vm);
    int32_t (*get_env)(void *vm, void **env, int32_t version);
    int32_t (*attach_current_thread_as_daemon)(void *vm, void **env, void *args);
};
#define TRT_JNI_VERSION_1_2 0x00010002

_Static_assert(__builtin_offsetof(struct trt_named_start, java_vm) == TRT_NAMED_JAVA_VM, "named start: java_vm");
_Static_assert(__builtin_offsetof(struct trt_named_start, entry) == TRT_NAMED_ENTRY, "named start: entry");
_Static_assert(__builtin_offsetof(struct trt_named_start, arg) == TRT_NAMED_ARG, "named start: arg");
_Static_assert(__builtin_offsetof(struct trt_named_start, name) == TRT_NAMED_NAME, "named start: name");
_Static_assert(__builtin_offsetof(struct trt_named_start, os_name) == TRT_NAMED_OS_NAME, "named start: os_name");
_Static_assert(sizeof(struct trt_named_start) == TRT_NAMED_SIZE, "named start: size");

TRT_API void trt_named_entry(void *p) {
    const struct trt_named_start *start = p;
    void *vm = (void *)(uintptr_t)start->java_vm;
    trt_fn entry = (trt_fn)(uintptr_t)start->entry;
    void *arg = (void *)(uintptr_t)start->arg;
    if (start->os_name)
        os_thread_name((const char *)(uintptr_t)start->os_name);
    int attached = 0;
    if (vm && start->name) {
        struct trt_jni_attach_args args = {TRT_JNI_VERSION_1_2, (const char *)(uintptr_t)start->name, 0};
        void *env = 0;
        attached = (*(struct trt_jni_invoke **)vm)->attach_current_thread_as_daemon(vm, &env, &args) == 0;
    }
    /* From here on the record is not read: entry (the upcall) may free it. */
    entry(arg);
    if (attached)
        (*(struct trt_jni_invoke **)vm)->detach_current_thread(vm);
}

/* ---- BARE threads --------------------------------------------------------------------
 * The record travels at the top of the child's own stack, so starting a BARE thread
 * allocates nothing; the OS name travels in it too (the caller's string may be gone by the
 * time the child runs). */
#define PR_SET_NAME 15 /* <linux/prctl.h> */
#define BARE_NAME_BYTES 16 /* TASK_COMM_LEN: 15 bytes and the NUL */
struct bare_start { trt_fn fn; void *arg; uint32_t *free_wait; char name[BARE_NAME_BYTES]; };

static __attribute__((noreturn)) void bare_main(void *p) {
    struct bare_start *start = p;
    /* Named before fn runs, by the raw syscall (no libc here: pthread_setname_np would take the
     * creator's pthread). prctl(PR_SET_NAME) names the calling task only and cannot fail for a
     * readable 16-byte buffer; an empty name (none given) leaves the creator's comm. */
    if (start->name[0])
        trt__raw_syscall6(NR_prctl, PR_SET_NAME, (long)start->name, 0, 0, 0, 0);
    start->fn(start->arg);
    trt__exit_thread(start->free_wait); /* stores 0 to *free_wait, then exits: the stack is dead */
}

TRT_API int32_t trt_bare_start(trt_fn fn, void *arg, void *stack_lo, uint64_t stack_size, uint32_t *free_wait,
                               const char *os_name, int64_t *tid_out) {
    if (!fn || !stack_lo || stack_size < 4096 || !free_wait)
        return EINVAL;
    uintptr_t top = (uintptr_t)stack_lo + (uintptr_t)stack_size;
    struct bare_start *start = (struct bare_start *)((top - sizeof(struct bare_start)) & ~(uintptr_t)15);
    start->fn = fn;
    start->arg = arg;
    start->free_wait = free_wait;
    /* At most 15 bytes and a NUL, as the kernel keeps; a byte loop, not strncpy: this file calls
     * no libc string function. The Java side already cut the name readably (FfmPort.osThreadName). */
    int n = 0;
    for (; os_name && n < BARE_NAME_BYTES - 1 && os_name[n]; n++)
        start->name[n] = os_name[n];
    start->name[n] = 0;
    /* Block every signal across clone: the child inherits the mask and never unblocks,
     * so no asynchronous handler ever runs on a thread with no TLS of its own. */
    uint64_t all[2] = {~(uint64_t)0, ~(uint64_t)0}, old[2] = {0, 0};
    trt__raw_syscall6(NR_rt_sigprocmask, SIG_SETMASK, (long)all, (long)old, KERNEL_SIGSET_BYTES, 0, 0);
    /* One clone, never retried: a refusal (EAGAIN under RLIMIT_NPROC or pids.max) is the caller's
     * to judge (docs/DESIGN.md "Thread-start refusals": BARE starts fail fast). */
    long tid = trt__raw_clone(BARE_CLONE_FLAGS, start, bare_main, start);
    trt__raw_syscall6(NR_rt_sigprocmask, SIG_SETMASK, (long)old, 0, KERNEL_SIGSET_BYTES, 0, 0);
    if (tid < 0)
        return (int32_t)-tid;
    if (tid_out)
        *tid_out = tid;
    return TRT_OK;
}

/* ---- glibc threads --------------------------------------------------------------------- */
TRT_API void *trt_stack_map(uint64_t size, uint64_t guard) {
    void *p = mmap(0, (size_t)(size + guard), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (p == MAP_FAILED)
        return 0;
    if (guard && mprotect(p, (size_t)guard, PROT_NONE) != 0) {
        munmap(p, (size_t)(size + guard));
        return 0;
    }
    return p;
}
TRT_API int32_t trt_stack_unmap(void *base, uint64_t size, uint64_t guard) {
    return munmap(base, (size_t)(size + guard)) == 0 ? TRT_OK : errno;
}
TRT_API int32_t trt_stack_reprotect(void *base, uint64_t size, uint64_t guard) {
    if (mprotect((char *)base + guard, (size_t)size, PROT_READ | PROT_WRITE) != 0)
        return errno;
    if (guard && mprotect(base, (size_t)guard, PROT_NONE) != 0)
        return errno;
    return TRT_OK;
}
/* The dead part of the calling thread's stack, given back (issue 15). HotSpot's interpreter touches
 * every page of its stack shadow zone (20 pages on x86_64) below the first interpreted frame a thread
 * enters, and an M's bottom frames are entered once per M, so they are always interpreted: an idle M
 * would keep those pages resident for its whole life although nothing below its frames is live. The
 * caller (the M, before its first idle sleep) is the only thread that uses this stack, and it is
 * here, so everything below this frame minus keep is dead. Bounds: pthread_getattr_np reports the
 * usable stack, above glibc's guard (for a runtime-owned stack, what pthread_attr_setstack was
 * given), so no page outside this thread's own stack is released. HotSpot's PROT_NONE zones at the
 * bottom hold no pages; madvise passes over them. */
#define STACK_RELEASE_MIN_KEEP 4096 /* this function's own frame and madvise's, whatever keep says */
TRT_API int64_t trt_stack_release(uint64_t keep) {
    uintptr_t frame = (uintptr_t)__builtin_frame_address(0);
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    pthread_attr_t attr;
    void *lo_p = 0;
    size_t size = 0;
    int rc = pthread_getattr_np(pthread_self(), &attr);
    if (rc != 0)
        return -(int64_t)rc;
    rc = pthread_attr_getstack(&attr, &lo_p, &size);
    pthread_attr_destroy(&attr);
    if (rc != 0)
        return -(int64_t)rc;
    /* The frame must lie in the stack the thread library reports: not so on a BARE thread (no TLS of
     * its own: pthread_self() is its creator's) nor, after a stack switch, anywhere else. */
    if (frame <= (uintptr_t)lo_p || frame > (uintptr_t)lo_p + size)
        return -(int64_t)EINVAL;
    if (keep < STACK_RELEASE_MIN_KEEP)
        keep = STACK_RELEASE_MIN_KEEP;
    uintptr_t lo = ((uintptr_t)lo_p + page - 1) & ~(page - 1);
    if (keep >= frame - lo) /* also a keep so large that frame - keep would wrap */
        return 0;
    uintptr_t hi = (frame - keep) & ~(page - 1); /* every byte at or above hi may be live */
    if (hi <= lo)
        return 0;
    if (madvise((void *)lo, hi - lo, MADV_DONTNEED) != 0)
        return -(int64_t)errno;
    /* The pages in [lo, hi) are gone: the next touch of one maps a zero page. The length returned is
     * the range's, resident or not. */
    return (int64_t)(hi - lo);
}

TRT_API void trt_usleep(uint32_t usec) { usleep(usec); }
TRT_API int64_t trt_page_size(void) { return sysconf(_SC_PAGESIZE); }

/* A heap record carries entry/arg to the new thread (a pthread body has another type). */
struct thread_start { trt_fn entry; void *arg; uint32_t *free_wait; };

static void *thread_main(void *p) {
    struct thread_start *start = p;
    if (start->free_wait) {
        /* First act: from now on the kernel, not glibc, is told where to store 0 and
         * futex-wake once this thread is completely gone; that word is m.freeWait. */
        trt__raw_syscall6(NR_set_tid_address, (long)start->free_wait, 0, 0, 0, 0, 0);
    }
    trt_fn entry = start->entry;
    void *arg = start->arg;
    free(start);
    entry(arg);
    return 0; /* through libc: HotSpot detaches this thread in a thread_local destructor */
}

/* start_thread creates one pthread running entry(arg) and owns its heap record until the thread
 * takes it. The rule: one pthread_create per call, whatever it returns (issue 12). The trade-off:
 * a transient EAGAIN (a burst of exits that left the kernel short, Go issue 35466) now fails this
 * start, and the caller's retry policy decides; the shim's old 20 tries with (try+1) ms sleeps
 * (~210 ms) were paid by the calling thread on every refused start. */
static int32_t start_thread(trt_fn entry, void *arg, pthread_attr_t *attr, uint32_t *free_wait) {
    struct thread_start *start = malloc(sizeof *start);
    if (!start)
        return ENOMEM;
    start->entry = entry;
    start->arg = arg;
    start->free_wait = free_wait;
    /* One attempt, never retried here: an EAGAIN goes back to the caller at once. The runtime's
     * refusal episode retries on the template's timer (1 ms doubling to 1 s), off every submitter's
     * thread; a retry loop here would make whoever called (a clean M's direct start, or the
     * template, which serializes every start of its runtime) sleep through it. */
    pthread_t thread;
    int rc = pthread_create(&thread, attr, thread_main, start);
    if (rc != 0) {
        free(start);
        return rc;
    }
    return free_wait ? TRT_OK : pthread_detach(thread);
}

TRT_API int32_t trt_thread_start(trt_fn entry, void *arg, uint64_t stack_size) {
    if (!entry)
        return EINVAL;
    pthread_attr_t attr;
    int rc = pthread_attr_init(&attr);
    if (rc != 0)
        return rc;
    if (stack_size && (rc = pthread_attr_setstacksize(&attr, (size_t)stack_size)) != 0) {
        pthread_attr_destroy(&attr);
        return rc;
    }
    rc = start_thread(entry, arg, &attr, 0); /* then pthread_detach: libc frees the stack */
    pthread_attr_destroy(&attr);
    return rc;
}

TRT_API int32_t trt_thread_start_on_stack(trt_fn entry, void *arg, void *stack_lo, uint64_t stack_size,
                                          uint32_t *free_wait) {
    if (!entry || !stack_lo || !free_wait)
        return EINVAL;
    pthread_attr_t attr;
    int rc = pthread_attr_init(&attr);
    if (rc != 0)
        return rc;
    /* Detached from birth: set_tid_address on a joinable thread would make join hang. */
    if ((rc = pthread_attr_setstack(&attr, stack_lo, (size_t)stack_size)) == 0 &&
        (rc = pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED)) == 0)
        rc = start_thread(entry, arg, &attr, free_wait);
    pthread_attr_destroy(&attr);
    return rc;
}

/* ---- An M bound to a foreign thread, returned by a destructor at thread exit -------- */
static pthread_key_t m_key;
static pthread_once_t m_key_once = PTHREAD_ONCE_INIT;
static trt_fn m_on_thread_exit;

static void m_key_destructor(void *m) {
    trt_fn on_exit = __atomic_load_n(&m_on_thread_exit, __ATOMIC_ACQUIRE);
    if (on_exit)
        on_exit(m);
}
static void m_key_create(void) { pthread_key_create(&m_key, m_key_destructor); }

TRT_API int32_t trt_bind_m(void *m, trt_fn on_thread_exit) {
    pthread_once(&m_key_once, m_key_create);
    __atomic_store_n(&m_on_thread_exit, on_thread_exit, __ATOMIC_RELEASE);
    return pthread_setspecific(m_key, m);
}
TRT_API void *trt_bound_m(void) {
    pthread_once(&m_key_once, m_key_create);
    return pthread_getspecific(m_key);
}
TRT_API int32_t trt_unbind_m(void) {
    pthread_once(&m_key_once, m_key_create);
    return pthread_setspecific(m_key, 0);
}
