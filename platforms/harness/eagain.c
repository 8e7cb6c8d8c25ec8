/* Link-time fault injection for the shim's thread-start refusal path: no hook in the shim.
 *
 * platforms/build links a test-only copy of the shim (lib)threadrt_eagain.(so|dll) from the same
 * objects as the production library plus this file, with -Wl,--wrap on the OS's thread-creation
 * call: the shim's calls of pthread_create (Windows: CreateThread, through its import slot) reach
 * the wrapper below, which fails the next N of them the way the OS does when it is short of
 * threads (EAGAIN; Windows ERROR_NOT_ENOUGH_MEMORY), and counts every call. The native harness
 * and runtime-ffm's FfmPortEagainTest drive it through the two functions it exports.
 * Hand-written, not generated. */

#include <stdint.h>

#if defined(_WIN32)
#define EAGAIN_API __declspec(dllexport)
#else
#define EAGAIN_API __attribute__((visibility("default")))
#endif

static int32_t fail_next;
static int64_t attempts;

/* Per-thread attempts: the wrapper runs on the thread that asked for the start. Windows: a TLS slot
 * (mingw's __thread is emulated through libgcc's DLL, which the harness does not ship), made once. */
#if defined(_WIN32)
__declspec(dllimport) unsigned long __stdcall TlsAlloc(void);
__declspec(dllimport) void *__stdcall TlsGetValue(unsigned long slot);
__declspec(dllimport) int __stdcall TlsSetValue(unsigned long slot, void *value);
static unsigned long here_slot;
static int here_state; /* 0 none, 1 being made, 2 ready */
static unsigned long here(void) {
    int state = 0;
    if (__atomic_compare_exchange_n(&here_state, &state, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
        here_slot = TlsAlloc();
        __atomic_store_n(&here_state, 2, __ATOMIC_RELEASE);
    }
    while (__atomic_load_n(&here_state, __ATOMIC_ACQUIRE) != 2)
        ;
    return here_slot;
}
static int64_t attempts_here_get(void) { return (int64_t)(intptr_t)TlsGetValue(here()); }
static void attempts_here_add(void) { TlsSetValue(here(), (void *)(intptr_t)(attempts_here_get() + 1)); }
#else
static __thread int64_t attempts_here;
static int64_t attempts_here_get(void) { return attempts_here; }
static void attempts_here_add(void) { attempts_here++; }
#endif

/* The next count thread creations the shim attempts fail as the OS would say it is out of threads. */
EAGAIN_API void trt_eagain_fail_next(int32_t count) { __atomic_store_n(&fail_next, count, __ATOMIC_RELAXED); }

/* Thread creations the shim attempted so far in this process, failed or not. */
EAGAIN_API int64_t trt_eagain_attempts(void) { return __atomic_load_n(&attempts, __ATOMIC_RELAXED); }

/* Thread creations the calling thread attempted so far: what one start cost its caller, with no
 * other thread's starts (a runtime's template retrying meanwhile) mixed in. */
EAGAIN_API int64_t trt_eagain_attempts_here(void) { return attempts_here_get(); }

static int take_failure(void) {
    __atomic_add_fetch(&attempts, 1, __ATOMIC_RELAXED);
    attempts_here_add();
    int32_t n = __atomic_load_n(&fail_next, __ATOMIC_RELAXED);
    while (n > 0) {
        if (__atomic_compare_exchange_n(&fail_next, &n, n - 1, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            return 1;
    }
    return 0;
}

#if defined(_WIN32)
typedef void *HANDLE;
typedef unsigned long DWORD;
typedef DWORD(__stdcall *THREAD_START_ROUTINE)(void *);
typedef HANDLE(__stdcall *CREATE_THREAD)(void *, unsigned long long, THREAD_START_ROUTINE, void *, DWORD, DWORD *);
__declspec(dllimport) void __stdcall SetLastError(DWORD code);
#define ERROR_NOT_ENOUGH_MEMORY 8ul /* CreateThread's EAGAIN */

/* The shim calls CreateThread through its import slot __imp_CreateThread; --wrap=__imp_CreateThread
 * points that reference here, and __real___imp_CreateThread is the real slot. */
extern CREATE_THREAD __real___imp_CreateThread;

static HANDLE __stdcall wrapped_create_thread(void *attributes, unsigned long long stack_size,
                                              THREAD_START_ROUTINE start, void *param, DWORD flags, DWORD *id) {
    if (take_failure()) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    return __real___imp_CreateThread(attributes, stack_size, start, param, flags, id);
}

CREATE_THREAD __wrap___imp_CreateThread = wrapped_create_thread;
#else
#include <errno.h>
#include <pthread.h>

int __real_pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg);

int __wrap_pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg) {
    return take_failure() ? EAGAIN : __real_pthread_create(thread, attr, start, arg);
}
#endif
