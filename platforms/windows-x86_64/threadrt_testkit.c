/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table (stubgen/.../Targets.java), the testkit ABI (TestkitAbi.java) and
 * stubgen/src/main/resources/org/threadrt/stubgen/testkit.c.in with the pieces os_windows.c.in, lock.c.in and testkit_windows.c.in.
 * Change the table or the template, then run platforms/regenerate. */
/* The threadrt testkit for windows-x86_64: benchmark anchors, test drivers and BARE workloads.
 *
 * Not part of the production ABI (threadrt.h): a library of its own (threadrt_testkit.h),
 * loaded only by the stress runner, the benchmarks and the tests, after the shim. The BARE
 * workloads (trt_work_*) run on BARE threads, which share their creator's thread pointer:
 * they use no TLS, no errno and no libc, and reach the kernel only through
 * trt__raw_syscall6 (threadrt_testkit_asm.S on Linux). Built like the shim: -fno-stack-protector,
 * -fvisibility=hidden, linked -z now -Bsymbolic; the OS prelude and the lock are the same
 * generated pieces the shim has. */

#include "threadrt.h"

#define TRT_FREESTANDING 0
#define TRT_TARGET "windows-x86_64"
#define TRT_API __declspec(dllexport)
#define WINAPI __stdcall
#define UNUSED __attribute__((unused)) /* shared pieces: not every library calls every helper */

typedef void *HANDLE;
typedef unsigned long DWORD;
typedef int BOOL;
typedef unsigned long long SIZE_T;
typedef DWORD(WINAPI *THREAD_START_ROUTINE)(void *);
typedef void(WINAPI *FLS_CALLBACK)(void *);
typedef BOOL(WINAPI *INIT_ONCE_FN)(void *once, void *param, void **context);
typedef struct {
    unsigned short processor_architecture, reserved;
    DWORD page_size;
    void *minimum_application_address, *maximum_application_address;
    SIZE_T active_processor_mask;
    DWORD number_of_processors, processor_type, allocation_granularity;
    unsigned short processor_level, processor_revision;
} SYSTEM_INFO_;

__declspec(dllimport) HANDLE WINAPI CreateThread(void *attributes, SIZE_T stack_size, THREAD_START_ROUTINE start,
                                                 void *param, DWORD flags, DWORD *thread_id);
__declspec(dllimport) BOOL WINAPI CloseHandle(HANDLE handle);
__declspec(dllimport) DWORD WINAPI WaitForSingleObject(HANDLE handle, DWORD ms);
__declspec(dllimport) DWORD WINAPI GetLastError(void);
__declspec(dllimport) DWORD WINAPI GetCurrentThreadId(void);
__declspec(dllimport) BOOL WINAPI SwitchToThread(void);
__declspec(dllimport) void WINAPI Sleep(DWORD milliseconds);
__declspec(dllimport) __attribute__((noreturn)) void WINAPI ExitThread(DWORD code);
__declspec(dllimport) void WINAPI GetSystemInfo(SYSTEM_INFO_ *info);
__declspec(dllimport) void *WINAPI VirtualAlloc(void *address, SIZE_T size, DWORD type, DWORD protect);
__declspec(dllimport) BOOL WINAPI VirtualFree(void *address, SIZE_T size, DWORD type);
__declspec(dllimport) BOOL WINAPI VirtualProtect(void *address, SIZE_T size, DWORD protect, DWORD *old);
__declspec(dllimport) DWORD WINAPI FlsAlloc(FLS_CALLBACK callback);
__declspec(dllimport) void *WINAPI FlsGetValue(DWORD index);
__declspec(dllimport) BOOL WINAPI FlsSetValue(DWORD index, void *value);
__declspec(dllimport) HANDLE WINAPI GetProcessHeap(void);
__declspec(dllimport) void *WINAPI HeapAlloc(HANDLE heap, DWORD flags, SIZE_T bytes);
__declspec(dllimport) BOOL WINAPI HeapFree(HANDLE heap, DWORD flags, void *memory);
__declspec(dllimport) BOOL WINAPI InitOnceExecuteOnce(void **once, INIT_ONCE_FN fn, void *param, void **context);
__declspec(dllimport) BOOL WINAPI WaitOnAddress(volatile void *address, void *compare, SIZE_T size, DWORD ms);
__declspec(dllimport) void WINAPI WakeByAddressSingle(void *address);
__declspec(dllimport) void WINAPI WakeByAddressAll(void *address);
__declspec(dllimport) BOOL WINAPI QueryPerformanceCounter(int64_t *count);
__declspec(dllimport) BOOL WINAPI QueryPerformanceFrequency(int64_t *counts_per_second);
__declspec(dllimport) HANDLE WINAPI GetCurrentThread(void);
__declspec(dllimport) HANDLE WINAPI GetModuleHandleA(const char *module);
__declspec(dllimport) void *WINAPI GetProcAddress(HANDLE module, const char *name);

#define INFINITE 0xFFFFFFFFul
#define ERROR_INVALID_PARAMETER 87ul
#define ERROR_NOT_ENOUGH_MEMORY 8ul /* CreateThread's EAGAIN: out of commit or address space */
#define STACK_SIZE_PARAM_IS_A_RESERVATION 0x00010000ul
#define MEM_COMMIT 0x1000ul
#define MEM_RESERVE 0x2000ul
#define MEM_RELEASE 0x8000ul
#define PAGE_NOACCESS 0x01ul
#define PAGE_READWRITE 0x04ul
#define FLS_OUT_OF_INDEXES 0xFFFFFFFFul

#if TRT_FREESTANDING
/* No CRT: this is the DLL's entry point. */
BOOL WINAPI DllMainCRTStartup(HANDLE instance, DWORD reason, void *reserved) {
    (void)instance; (void)reason; (void)reserved;
    return 1;
}
#endif

/* The performance counter in nanoseconds: the clock a timed futex_wait's deadline is measured on
 * (GetTickCount64 moves in 10-16 ms steps, too coarse for a 20 ms wait). Split in whole seconds
 * and the rest so that count * 10^9 never overflows; the rest's product stays below 2^63 for any
 * frequency under 9.2 GHz (Windows reports 10 MHz). */
static UNUSED int64_t monotonic_ns(void) {
    int64_t count = 0, hz = 1;
    QueryPerformanceFrequency(&hz);
    QueryPerformanceCounter(&count);
    return count / hz * 1000000000 + count % hz * 1000000000 / hz;
}

/* One WaitOnAddress, timeout_ns relative (negative: none), in milliseconds rounded up. It may
 * wake spuriously and, under wine, end a little before its time: the caller's loop judges. */
static UNUSED void os_futex_sleep(uint32_t *addr, uint32_t expected, int64_t timeout_ns) {
    DWORD ms = INFINITE;
    if (timeout_ns >= 0) {
        int64_t rounded_up = timeout_ns / 1000000 + (timeout_ns % 1000000 != 0);
        ms = rounded_up >= (int64_t)INFINITE ? INFINITE - 1 : (DWORD)rounded_up;
    }
    WaitOnAddress(addr, &expected, sizeof expected, ms);
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
    if (count == 1)
        WakeByAddressSingle(addr);
    else
        WakeByAddressAll(addr);
    return 0; /* Windows does not say how many it woke */
}

static UNUSED void osyield(void) { SwitchToThread(); }

/* The calling thread's OS name (its "description": Visual Studio, WinDbg, Process Explorer, ETW and
 * crash dumps show it), set with SetThreadDescription, which takes UTF-16. The function exists from
 * Windows 10 1607 (kernel32, forwarded to kernelbase; the wine 8.0 the matrix runs exports both), so
 * it is looked up by name at the call, kernel32 then kernelbase, not imported: a shim importing it
 * would not load at all on an older Windows (the DLL loader refuses an unresolved import), and there
 * the name is simply not set. The lookups cost two GetProcAddress calls per named start, next to a thread
 * creation's tens of microseconds. The name is the UTF-8 of the Java name: converted here by hand
 * (no MultiByteToWideChar import needed), code points above U+FFFF as surrogate pairs, malformed
 * bytes as U+FFFD, cut to OS_NAME_UNITS - 1 code units (the Java side passes at most 255 bytes). */
typedef long(WINAPI *SET_THREAD_DESCRIPTION)(HANDLE thread, const unsigned short *description);
#define OS_NAME_UNITS 256

static UNUSED void os_thread_name(const char *name) {
    SET_THREAD_DESCRIPTION set = 0;
    const char *modules[2] = {"kernel32.dll", "kernelbase.dll"};
    for (int i = 0; i < 2 && !set; i++) {
        HANDLE module = GetModuleHandleA(modules[i]); /* both are loaded in every process */
        if (module)
            set = (SET_THREAD_DESCRIPTION)GetProcAddress(module, "SetThreadDescription");
    }
    if (!set)
        return;
    unsigned short wide[OS_NAME_UNITS];
    int n = 0;
    const unsigned char *p = (const unsigned char *)name;
    while (*p && n < OS_NAME_UNITS - 2) { /* room for a surrogate pair and the NUL */
        uint32_t c = *p++, extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        if (c >= 0x80 && (extra == 0 || c >= 0xF8)) {
            c = 0xFFFD; /* a stray continuation byte or an invalid lead byte */
        } else if (extra) {
            c &= 0x3F >> extra;
            for (uint32_t k = 0; k < extra; k++) {
                if ((*p & 0xC0) != 0x80) { c = 0xFFFD; break; } /* truncated sequence: NUL included */
                c = c << 6 | (*p++ & 0x3F);
            }
        }
        if (c > 0x10FFFF)
            c = 0xFFFD;
        if (c >= 0x10000) {
            c -= 0x10000;
            wide[n++] = (unsigned short)(0xD800 | c >> 10);
            wide[n++] = (unsigned short)(0xDC00 | (c & 0x3FF));
        } else {
            wide[n++] = (unsigned short)c;
        }
    }
    wide[n] = 0;
    set(GetCurrentThread(), wide);
}
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

/* ---- Drivers on joinable Windows threads ---------------------------------------------- */
struct cycle_start { trt_fn fn; void *arg; };

static DWORD WINAPI cycle_main(void *p) {
    struct cycle_start *start = p;
    if (start->fn)
        start->fn(start->arg);
    return 0;
}

TRT_API int32_t trt_bench_thread_cycle(trt_fn fn, void *arg) {
    struct cycle_start start = {fn, arg};
    HANDLE thread = CreateThread(0, 0, cycle_main, &start, 0, 0);
    if (!thread)
        return (int32_t)GetLastError();
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    return TRT_OK;
}

struct call_loop { trt_fn fn; void *arg; int64_t n; };

static DWORD WINAPI call_loop_main(void *p) {
    struct call_loop *loop = p;
    for (int64_t i = 0; i < loop->n; i++)
        loop->fn(loop->arg);
    return 0;
}

TRT_API int32_t trt_bench_thread_call_loop(trt_fn fn, void *arg, int64_t n) {
    struct call_loop loop = {fn, arg, n};
    HANDLE thread = CreateThread(0, 0, call_loop_main, &loop, 0, 0);
    if (!thread)
        return (int32_t)GetLastError();
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    return TRT_OK;
}

struct call_numbers { trt_fn_i32 fn; int32_t calls; };

static DWORD WINAPI call_numbers_main(void *p) {
    struct call_numbers *c = p;
    for (int32_t i = 0; i < c->calls; i++)
        c->fn(i);
    return 0;
}

TRT_API int32_t trt_test_call_threads(trt_fn_i32 fn, int32_t threads, int32_t calls) {
    if (!fn || threads < 0)
        return (int32_t)ERROR_INVALID_PARAMETER;
    struct call_numbers c = {fn, calls};
    HANDLE *all = HeapAlloc(GetProcessHeap(), 0, sizeof(HANDLE) * (SIZE_T)(threads ? threads : 1));
    if (!all)
        return (int32_t)ERROR_NOT_ENOUGH_MEMORY;
    int32_t rc = TRT_OK;
    int started = 0;
    for (; started < threads; started++) {
        if (!(all[started] = CreateThread(0, 0, call_numbers_main, &c, 0, 0))) {
            rc = (int32_t)GetLastError();
            break;
        }
    }
    for (int i = 0; i < started; i++) {
        WaitForSingleObject(all[i], INFINITE);
        CloseHandle(all[i]);
    }
    HeapFree(GetProcessHeap(), 0, all);
    return rc;
}

static DWORD WINAPI crowd_main(void *p) {
    crowd_call(p);
    return 0;
}

TRT_API int32_t trt_bench_call_crowd(trt_fn fn, void *arg, int32_t threads, int64_t nanos, int64_t max_calls,
                                     void *counts_out) {
    int64_t *counts = counts_out; /* int64_t[threads] */
    if (!fn || threads < 0 || !counts)
        return (int32_t)ERROR_INVALID_PARAMETER;
    struct call_crowd c = {fn, arg, max_calls, counts, 0, 0, 0};
    SIZE_T n = (SIZE_T)(threads ? threads : 1);
    HANDLE *all = HeapAlloc(GetProcessHeap(), 0, sizeof(HANDLE) * n);
    struct crowd_caller *callers = HeapAlloc(GetProcessHeap(), 0, sizeof(struct crowd_caller) * n);
    if (!all || !callers) {
        if (all)
            HeapFree(GetProcessHeap(), 0, all);
        if (callers)
            HeapFree(GetProcessHeap(), 0, callers);
        return (int32_t)ERROR_NOT_ENOUGH_MEMORY;
    }
    int32_t rc = TRT_OK;
    int started = 0;
    for (; started < threads; started++) {
        callers[started] = (struct crowd_caller){&c, started};
        counts[started] = 0;
        if (!(all[started] = CreateThread(0, 0, crowd_main, &callers[started], 0, 0))) {
            rc = (int32_t)GetLastError();
            break;
        }
    }
    crowd_release(&c, started, nanos); /* also on a creation error: the threads started must end */
    for (int i = 0; i < started; i++) {
        WaitForSingleObject(all[i], INFINITE);
        CloseHandle(all[i]);
    }
    HeapFree(GetProcessHeap(), 0, all);
    HeapFree(GetProcessHeap(), 0, callers);
    return rc;
}
