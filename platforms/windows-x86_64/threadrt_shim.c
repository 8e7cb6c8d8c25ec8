/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table (stubgen/.../Targets.java), the ABI (Abi.java) and
 * stubgen/src/main/resources/org/threadrt/stubgen/shim_windows.c.in with the pieces os_windows.c.in, lock.c.in and shim_common.c.in.
 * Change the table or the template, then run platforms/regenerate. */
/* The threadrt shim for windows-x86_64: Windows, mingw.
 *
 * No windows.h: the few kernel32 and synch API functions are declared here, so the same
 * file builds with mingw-w64's gcc and with clang and no CRT or SDK at all. Threads start
 * with CreateThread and their handle is closed at once: nothing ever joins them, and an
 * open handle would keep the thread object alive after it ends. Windows allocates and
 * frees every thread stack itself, so RUNTIME stacks and BARE threads do not exist here
 * (TRT_ENOTSUP); the runtime refuses those policies before it gets this far. */

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

TRT_API int64_t trt_gettid(void) { return (int64_t)GetCurrentThreadId(); }

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

TRT_API void trt_usleep(uint32_t usec) { Sleep((usec + 999) / 1000); }
TRT_API int64_t trt_page_size(void) {
    SYSTEM_INFO_ info;
    GetSystemInfo(&info);
    return info.page_size;
}

TRT_API void *trt_stack_map(uint64_t size, uint64_t guard) {
    void *p = VirtualAlloc(0, (SIZE_T)(size + guard), MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    DWORD old;
    if (p && guard && !VirtualProtect(p, (SIZE_T)guard, PAGE_NOACCESS, &old)) {
        VirtualFree(p, 0, MEM_RELEASE);
        return 0;
    }
    return p;
}
TRT_API int32_t trt_stack_unmap(void *base, uint64_t size, uint64_t guard) {
    (void)size; (void)guard;
    return VirtualFree(base, 0, MEM_RELEASE) ? TRT_OK : (int32_t)GetLastError();
}
/* Not done on Windows: a thread's stack is committed down to its guard page, which the OS moves as
 * the stack grows; decommitting pages above the guard would leave a hole the stack then faults into.
 * An idle M keeps its stack pages. */
TRT_API int64_t trt_stack_release(uint64_t keep) {
    (void)keep;
    return TRT_ENOTSUP;
}
TRT_API int32_t trt_stack_reprotect(void *base, uint64_t size, uint64_t guard) {
    DWORD old;
    if (!VirtualProtect((char *)base + guard, (SIZE_T)size, PAGE_READWRITE, &old))
        return (int32_t)GetLastError();
    if (guard && !VirtualProtect(base, (SIZE_T)guard, PAGE_NOACCESS, &old))
        return (int32_t)GetLastError();
    return TRT_OK;
}

struct thread_start { trt_fn entry; void *arg; };

static DWORD WINAPI thread_main(void *p) {
    struct thread_start *start = p;
    trt_fn entry = start->entry;
    void *arg = start->arg;
    HeapFree(GetProcessHeap(), 0, start);
    entry(arg);
    return 0;
}

TRT_API int32_t trt_thread_start(trt_fn entry, void *arg, uint64_t stack_size) {
    if (!entry)
        return (int32_t)ERROR_INVALID_PARAMETER;
    struct thread_start *start = HeapAlloc(GetProcessHeap(), 0, sizeof *start);
    if (!start)
        return (int32_t)ERROR_NOT_ENOUGH_MEMORY;
    start->entry = entry;
    start->arg = arg;
    DWORD flags = stack_size ? STACK_SIZE_PARAM_IS_A_RESERVATION : 0;
    /* One attempt, never retried (as on Linux): ERROR_NOT_ENOUGH_MEMORY, CreateThread's EAGAIN, goes
     * back to the caller, whose refusal episode retries on its own timer. */
    HANDLE thread = CreateThread(0, (SIZE_T)stack_size, thread_main, start, flags, 0);
    if (thread) {
        CloseHandle(thread); /* at once: the thread runs on, detached */
        return TRT_OK;
    }
    DWORD err = GetLastError();
    HeapFree(GetProcessHeap(), 0, start);
    return (int32_t)err;
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

/* Windows has no BARE threads, and Windows frees the stacks it allocates, so no waiter
 * unmaps a stack on this word: the store and ExitThread need no stack discipline here. */
TRT_API void trt_exit_thread(uint32_t *free_wait) {
    __atomic_store_n(free_wait, 0, __ATOMIC_RELEASE);
    ExitThread(0);
}

/* ---- An M bound to a foreign thread: an FLS slot whose callback runs at thread exit -- */
static void *m_slot_once;
static DWORD m_slot = FLS_OUT_OF_INDEXES;
static trt_fn m_on_thread_exit;

static void WINAPI m_slot_callback(void *m) {
    trt_fn on_exit = __atomic_load_n(&m_on_thread_exit, __ATOMIC_ACQUIRE);
    if (m && on_exit)
        on_exit(m);
}
static BOOL WINAPI m_slot_create(void *once, void *param, void **context) {
    (void)once; (void)param; (void)context;
    m_slot = FlsAlloc(m_slot_callback);
    return m_slot != FLS_OUT_OF_INDEXES;
}
static int m_slot_ready(void) {
    return InitOnceExecuteOnce(&m_slot_once, m_slot_create, 0, 0) && m_slot != FLS_OUT_OF_INDEXES;
}

TRT_API int32_t trt_bind_m(void *m, trt_fn on_thread_exit) {
    if (!m_slot_ready())
        return (int32_t)GetLastError();
    __atomic_store_n(&m_on_thread_exit, on_thread_exit, __ATOMIC_RELEASE);
    return FlsSetValue(m_slot, m) ? TRT_OK : (int32_t)GetLastError();
}
TRT_API void *trt_bound_m(void) { return m_slot_ready() ? FlsGetValue(m_slot) : 0; }
TRT_API int32_t trt_unbind_m(void) {
    if (!m_slot_ready())
        return (int32_t)GetLastError();
    return FlsSetValue(m_slot, 0) ? TRT_OK : (int32_t)GetLastError();
}
