/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table (stubgen/.../Targets.java), the ABI (Abi.java) and
 * stubgen/src/main/resources/org/threadrt/stubgen/shim_posix.c.in with the pieces os_posix.c.in, lock.c.in and shim_common.c.in.
 * Change the table or the template, then run platforms/regenerate. */
/* The threadrt shim for darwin-aarch64: Darwin (macOS), built here with no SDK.
 *
 * No system headers exist for this target on the build machine, so the handful of libc
 * functions used are declared here with their documented signatures; the library links
 * with undefined symbols that the target's libc resolves at load time. pthread_t is
 * pointer-sized and pthread_attr_t fits the opaque buffer below on both Darwin (64 bytes)
 * and FreeBSD (a pointer). Threads: pthread_create then pthread_detach, one attempt
 * (an EAGAIN goes back to the caller). RUNTIME stacks and BARE threads need a kernel exit-time store (Linux's
 * set_tid_address) or raw clone, which have no tested equivalent here: TRT_ENOTSUP.
 * Nothing on the build machine can run this code; it is compiled, linked and its exports
 * checked. */

#include "threadrt.h"

#define TRT_TARGET "darwin-aarch64"
#define TRT_API __attribute__((visibility("default")))
#define IS_DARWIN 1
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

#if IS_DARWIN
TRT_API int64_t trt_gettid(void) {
    uint64_t id = 0;
    pthread_threadid_np(0, &id);
    return (int64_t)id;
}
#else
TRT_API int64_t trt_gettid(void) {
    long id = 0;
    thr_self(&id);
    return id;
}
#endif

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

TRT_API void trt_usleep(uint32_t usec) { usleep(usec); }
TRT_API int64_t trt_page_size(void) { return getpagesize(); }

TRT_API void *trt_stack_map(uint64_t size, uint64_t guard) {
    void *p = mmap(0, (size_t_)(size + guard), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    if (p == MAP_FAILED)
        return 0;
    if (guard && mprotect(p, (size_t_)guard, PROT_NONE) != 0) {
        munmap(p, (size_t_)(size + guard));
        return 0;
    }
    return p;
}
TRT_API int32_t trt_stack_unmap(void *base, uint64_t size, uint64_t guard) {
    return munmap(base, (size_t_)(size + guard)) == 0 ? TRT_OK : *__error();
}
TRT_API int32_t trt_stack_reprotect(void *base, uint64_t size, uint64_t guard) {
    if (mprotect((char *)base + guard, (size_t_)size, PROT_READ | PROT_WRITE) != 0)
        return *__error();
    if (guard && mprotect(base, (size_t_)guard, PROT_NONE) != 0)
        return *__error();
    return TRT_OK;
}

/* Not done here: the stack bounds (pthread_get_stackaddr_np, pthread_attr_get_np) and the madvise
 * that really frees (MADV_FREE) differ per OS, and nothing on the build machine can run this code to
 * test them; an idle M keeps its stack pages. */
TRT_API int64_t trt_stack_release(uint64_t keep) {
    (void)keep;
    return TRT_ENOTSUP;
}

struct thread_start { trt_fn entry; void *arg; };

static void *thread_main(void *p) {
    struct thread_start *start = p;
    trt_fn entry = start->entry;
    void *arg = start->arg;
    free(start);
    entry(arg);
    return 0;
}

TRT_API int32_t trt_thread_start(trt_fn entry, void *arg, uint64_t stack_size) {
    if (!entry)
        return EINVAL;
    struct thread_start *start = malloc(sizeof *start);
    if (!start)
        return ENOMEM;
    start->entry = entry;
    start->arg = arg;
    opaque_attr_t attr;
    int rc = pthread_attr_init(&attr);
    if (rc == 0 && stack_size)
        rc = pthread_attr_setstacksize(&attr, (size_t_)stack_size);
    void *thread = 0;
    /* One attempt, never retried (as on Linux: the runtime's refusal episode retries on its timer). */
    if (rc == 0)
        rc = pthread_create(&thread, &attr, thread_main, start);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        free(start);
        return rc;
    }
    return pthread_detach(thread);
}

TRT_API int32_t trt_thread_start_on_stack(trt_fn entry, void *arg, void *stack_lo, uint64_t stack_size,
                                          uint32_t *free_wait) {
    (void)entry; (void)arg; (void)stack_lo; (void)stack_size; (void)free_wait;
    return TRT_ENOTSUP;
}

TRT_API int32_t trt_bare_start(trt_fn fn, void *arg, void *stack_lo, uint64_t stack_size, uint32_t *free_wait,
                               const char *os_name, int64_t *tid_out) {
    (void)fn; (void)arg; (void)stack_lo; (void)stack_size; (void)free_wait; (void)os_name; (void)tid_out;
    return TRT_ENOTSUP;
}

/* trt_exit_thread is in threadrt_asm.S. */

/* ---- An M bound to a foreign thread, returned by a destructor at thread exit -------- */
static key_t_ m_key;
static int m_key_state; /* 0 none, 1 being created, 2 ready */
static trt_fn m_on_thread_exit;

static void m_key_destructor(void *m) {
    trt_fn on_exit = __atomic_load_n(&m_on_thread_exit, __ATOMIC_ACQUIRE);
    if (on_exit)
        on_exit(m);
}
static void m_key_ready(void) {
    int state = 0;
    if (__atomic_compare_exchange_n(&m_key_state, &state, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
        pthread_key_create(&m_key, m_key_destructor);
        __atomic_store_n(&m_key_state, 2, __ATOMIC_RELEASE);
    }
    while (__atomic_load_n(&m_key_state, __ATOMIC_ACQUIRE) != 2)
        sched_yield();
}

TRT_API int32_t trt_bind_m(void *m, trt_fn on_thread_exit) {
    m_key_ready();
    __atomic_store_n(&m_on_thread_exit, on_thread_exit, __ATOMIC_RELEASE);
    return pthread_setspecific(m_key, m);
}
TRT_API void *trt_bound_m(void) {
    m_key_ready();
    return pthread_getspecific(m_key);
}
TRT_API int32_t trt_unbind_m(void) {
    m_key_ready();
    return pthread_setspecific(m_key, 0);
}
