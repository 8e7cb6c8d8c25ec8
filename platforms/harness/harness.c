/* The native test harness: runs the generated shim through the threadrt.h ABI alone, with
 * the testkit library (threadrt_testkit.h) for its workloads and drivers, on every target
 * this machine can run (natively, under qemu-user-static, under wine). The shim it links is
 * threadrt_eagain: the shim's own objects with the OS's thread creation wrapped at link time
 * (harness/eagain.c), so the EAGAIN path is exercised without any hook in the shim.
 * Hand-written, not generated. One file for two worlds:
 *   - glibc Linux: every check;
 *   - Windows: OS threads, futex, lock, FLS destructor; RUNTIME/BARE must say TRT_ENOTSUP.
 * Prints one line per check and a last line "harness TARGET: N passed, M failed";
 * exits 0 only when nothing failed. */

#include "threadrt.h"
#include "threadrt_testkit.h"

/* harness/eagain.c, linked into threadrt_eagain with -Wl,--wrap on pthread_create / CreateThread. */
#if defined(_WIN32)
__declspec(dllimport) void trt_eagain_fail_next(int32_t count);
__declspec(dllimport) int64_t trt_eagain_attempts(void);
__declspec(dllimport) int64_t trt_eagain_attempts_here(void);
#else
void trt_eagain_fail_next(int32_t count);
int64_t trt_eagain_attempts(void);
int64_t trt_eagain_attempts_here(void);
#endif

#if defined(_WIN32)
#define WORLD_WINDOWS 1
#include <stdio.h>
#include <string.h>
#include <windows.h> /* QueryPerformanceCounter: the clock the shim's timed futex wait runs on */
#else
#define WORLD_GLIBC 1
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/prctl.h>
#endif

#define N_THREADS 1000
#define IN_FLIGHT 32
#define STACK_SIZE (256 * 1024)
#define BARE_STACK_SIZE (64 * 1024)
static uint64_t GUARD = 4096; /* set to trt_page_size() by main */
#define LOCK_ITERATIONS 100000

static int passed, failed;

/* ---- output ---- */
static void put(const char *s) {
    fputs(s, stdout);
    fflush(stdout);
}

static void put_num(int64_t v) {
    char b[24];
    int i = 23;
    int neg = v < 0;
    uint64_t u = neg ? (uint64_t)-v : (uint64_t)v;
    b[i] = 0;
    do { b[--i] = (char)('0' + u % 10); u /= 10; } while (u);
    if (neg) b[--i] = '-';
    put(b + i);
}

static void check(int ok, const char *what, int64_t got, int64_t want) {
    if (ok) {
        passed++;
        put("ok    ");
        put(what);
        put("\n");
    } else {
        failed++;
        put("FAIL  ");
        put(what);
        put(": got ");
        put_num(got);
        put(", want ");
        put_num(want);
        put("\n");
    }
}

/* The monotonic clock the shim's timed futex wait measures its deadline on, read here through
 * the OS's own API (never the shim's), in nanoseconds. */
static int64_t now_ns(void) {
#if WORLD_WINDOWS
    LARGE_INTEGER count, hz;
    QueryPerformanceFrequency(&hz);
    QueryPerformanceCounter(&count);
    return count.QuadPart / hz.QuadPart * 1000000000 + count.QuadPart % hz.QuadPart * 1000000000 / hz.QuadPart;
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
#endif
}

static uint32_t load32(uint32_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static uint64_t load64(uint64_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }

/* Waits until *word == want, sleeping on the futex; limit_ms bounds the wait (0 = none).
 * Returns 1 when reached. Timed sleeps: some stores (exitThread's) come with no wake. */
static int await_word(uint32_t *word, uint32_t want, int64_t limit_ms) {
    for (int64_t waited = 0; limit_ms == 0 || waited < limit_ms; waited++) {
        uint32_t v = load32(word);
        if (v == want) return 1;
        trt_futex_wait(word, v, 1000000);
    }
    return load32(word) == want;
}

/* ---- trt_stack_release: the dead stack below a thread's frames, given back ----
 * A thread (on an OS stack, then on a runtime-mapped one) recurses 128 levels of 1 KiB frames (writing
 * each, so the pages are resident), keeps a pointer into the deepest frame, returns, fills a canary in its
 * own live frame, and asks the shim to release everything more than one page below its frame. A keep
 * larger than the stack releases nothing; then the real call's result must be a multiple of the page size
 * and no larger than the stack, the canary whole (nothing live released), and the deepest frame's page
 * must read zero afterwards: MADV_DONTNEED on private anonymous memory maps a zero page on the next touch.
 * Windows: TRT_ENOTSUP. */
#define RELEASE_LEVELS 128
struct release_run {
    uint32_t done;
    int64_t huge_keep_result, result;
    int canary_whole, deepest_byte;
};
static uint8_t *volatile deepest_frame;

static __attribute__((noinline)) int touch_frames(int level) {
    volatile uint8_t frame[1024];
    for (int i = 0; i < 1024; i += 64)
        frame[i] = (uint8_t)(0xC0 | (level & 0x3F));
    if (level == RELEASE_LEVELS) {
        frame[512] = 0xCD;
        deepest_frame = (uint8_t *)&frame[512];
        return frame[0];
    }
    return touch_frames(level + 1) + frame[64];
}

static void release_body(void *arg) {
    struct release_run *run = arg;
    volatile uint8_t canary[2048];
    int sum = touch_frames(0);
    for (int i = 0; i < 2048; i++)
        canary[i] = (uint8_t)(i * 7 + 1);
    run->huge_keep_result = trt_stack_release(~(uint64_t)0);
    run->result = trt_stack_release(4096);
    int whole = 1;
    for (int i = 0; i < 2048; i++)
        whole &= canary[i] == (uint8_t)(i * 7 + 1);
    run->canary_whole = whole && sum != 0;
    run->deepest_byte = *(volatile uint8_t *)deepest_frame;
    __atomic_store_n(&run->done, 1, __ATOMIC_RELEASE);
    trt_futex_wake(&run->done, 1);
}

#if WORLD_GLIBC
static void check_release_run(const char *stack, int32_t rc, struct release_run *run) {
    char what[160];
    int64_t page = trt_page_size();
    snprintf(what, sizeof what, "stack release (%s stack): the thread ran", stack);
    check(rc == TRT_OK && await_word(&run->done, 1, 10000), what, rc, TRT_OK);
    snprintf(what, sizeof what, "stack release (%s stack): a keep beyond the stack releases nothing", stack);
    check(run->huge_keep_result == 0, what, run->huge_keep_result, 0);
    snprintf(what, sizeof what, "stack release (%s stack): the dead stack released, in whole pages, within the stack",
             stack);
    check(run->result >= RELEASE_LEVELS * 1024 - 2 * page && run->result % page == 0 && run->result <= STACK_SIZE,
          what, run->result, RELEASE_LEVELS * 1024);
    snprintf(what, sizeof what, "stack release (%s stack): the live frame above it is whole", stack);
    check(run->canary_whole, what, run->canary_whole, 1);
    snprintf(what, sizeof what, "stack release (%s stack): a released page reads zero again", stack);
    check(run->deepest_byte == 0, what, run->deepest_byte, 0);
}
#endif

static void stack_release(void) {
#if WORLD_WINDOWS
    int64_t rc = trt_stack_release(4096);
    check(rc == TRT_ENOTSUP, "stack release: TRT_ENOTSUP on Windows", rc, TRT_ENOTSUP);
#else
    static struct release_run on_os, on_runtime;
    check_release_run("OS", trt_thread_start(release_body, &on_os, STACK_SIZE), &on_os);
    uint32_t free_wait = 1;
    void *stack = trt_stack_map(STACK_SIZE, GUARD);
    int32_t rc = stack ? trt_thread_start_on_stack(release_body, &on_runtime, (char *)stack + GUARD, STACK_SIZE,
                                                   &free_wait)
                       : -1;
    check_release_run("RUNTIME", rc, &on_runtime);
    if (stack && await_word(&free_wait, 0, 30000))
        trt_stack_unmap(stack, STACK_SIZE, GUARD);
#endif
}

/* ---- bodies ---- */
static uint32_t started_count;

static void count_and_wake(void *arg) {
    (void)arg;
    __atomic_add_fetch(&started_count, 1, __ATOMIC_RELEASE);
    trt_futex_wake(&started_count, 1);
}

static uint32_t destructor_ran;
static int marker;

static void on_thread_exit(void *m) {
    if (m == &marker) {
        __atomic_store_n(&destructor_ran, 1, __ATOMIC_RELEASE);
        trt_futex_wake(&destructor_ran, 1);
    }
}

static uint32_t bound_seen;
static void bind_and_exit(void *arg) {
    (void)arg;
    trt_bind_m(&marker, on_thread_exit);
    __atomic_store_n(&bound_seen, trt_bound_m() == &marker ? 1 : 2, __ATOMIC_RELEASE);
}

/* trt_named_entry without a JVM (java_vm 0): it sets the OS name, then runs entry(arg). The name is
 * read back on the thread itself, before entry returns: Linux prctl(PR_GET_NAME); Windows
 * GetThreadDescription, looked up by name as the shim looks up SetThreadDescription (1 when the OS
 * has it, 0 when it has not: then the shim sets nothing and the check says so). */
static uint32_t named_ran;
static char named_seen[64];
#if WORLD_WINDOWS
typedef HRESULT(WINAPI *GET_THREAD_DESCRIPTION)(HANDLE thread, PWSTR *description);
static GET_THREAD_DESCRIPTION get_thread_description(void) {
    const char *modules[2] = {"kernel32.dll", "kernelbase.dll"};
    for (int i = 0; i < 2; i++) {
        HMODULE module = GetModuleHandleA(modules[i]);
        FARPROC f = module ? GetProcAddress(module, "GetThreadDescription") : 0;
        if (f)
            return (GET_THREAD_DESCRIPTION)(void (*)(void))f;
    }
    return 0;
}
#endif
static void read_own_name(void *arg) {
#if WORLD_GLIBC
    prctl(PR_GET_NAME, named_seen, 0, 0, 0);
#else
    GET_THREAD_DESCRIPTION get = get_thread_description();
    PWSTR wide = 0;
    if (get && SUCCEEDED(get(GetCurrentThread(), &wide)) && wide) {
        /* UTF-16 back to UTF-8 by hand for the BMP (the test name has a 2-byte and a 3-byte one) */
        int n = 0;
        for (int i = 0; wide[i] && n < (int)sizeof named_seen - 4; i++) {
            unsigned c = wide[i];
            if (c < 0x80) {
                named_seen[n++] = (char)c;
            } else if (c < 0x800) {
                named_seen[n++] = (char)(0xC0 | c >> 6);
                named_seen[n++] = (char)(0x80 | (c & 0x3F));
            } else {
                named_seen[n++] = (char)(0xE0 | c >> 12);
                named_seen[n++] = (char)(0x80 | (c >> 6 & 0x3F));
                named_seen[n++] = (char)(0x80 | (c & 0x3F));
            }
        }
        named_seen[n] = 0;
        LocalFree(wide);
    }
#endif
    __atomic_store_n(&named_ran, arg == &named_ran ? 1 : 2, __ATOMIC_RELEASE);
    trt_futex_wake(&named_ran, 1);
}

static void named_entry(void) {
#if WORLD_WINDOWS
    const char *name = "trt-named-\xc3\xa9-\xe2\x82\xac-M7"; /* U+00E9, U+20AC: UTF-8 to UTF-16 and back */
#else
    const char *name = "trt-named-M7";
#endif
    struct trt_named_start start = {0, (uint64_t)(uintptr_t)read_own_name, (uint64_t)(uintptr_t)&named_ran, 0,
                                    (uint64_t)(uintptr_t)name};
    int rc = trt_thread_start(trt_named_entry, &start, STACK_SIZE); /* start outlives the wait below */
    check(rc == TRT_OK && await_word(&named_ran, 1, 10000), "named entry: runs entry(arg) with no JVM",
          load32(&named_ran), 1);
#if WORLD_WINDOWS
    if (!get_thread_description()) {
        put("skip  named entry: this Windows has no Get/SetThreadDescription (the shim sets no name)\n");
        return;
    }
    check(strcmp(named_seen, name) == 0, "named entry: SetThreadDescription before entry runs (UTF-16)",
          (int64_t)(unsigned char)named_seen[0], 't');
#else
    check(strcmp(named_seen, name) == 0, "named entry: the OS name is set before entry runs",
          (int64_t)named_seen[0], 't');
#endif
}

static void os_threads(void) {
    __atomic_store_n(&started_count, 0, __ATOMIC_RELEASE);
    int errors = 0;
    for (int i = 0; i < N_THREADS; i++)
        errors += trt_thread_start(count_and_wake, 0, STACK_SIZE) != TRT_OK;
    check(errors == 0, "OS stack: 1000 threads started (pthread_create + pthread_detach)", errors, 0);
    check(await_word(&started_count, N_THREADS, 60000), "OS stack: 1000 threads ran", load32(&started_count),
          N_THREADS);
}

/* One start, one OS attempt (ABI 5): a refused creation is reported at once, never retried in the
 * shim, and the next start asks the OS again. The wrapper counts every attempt it sees. */
static void start_refused(void) {
#if WORLD_WINDOWS
    const int again = 8; /* ERROR_NOT_ENOUGH_MEMORY */
#else
    const int again = 11; /* EAGAIN */
#endif
    __atomic_store_n(&started_count, 0, __ATOMIC_RELEASE);
    trt_eagain_fail_next(3);
    int64_t before = trt_eagain_attempts(), before_here = trt_eagain_attempts_here();
    int rc = trt_thread_start(count_and_wake, 0, STACK_SIZE);
    int64_t attempts = trt_eagain_attempts() - before, here = trt_eagain_attempts_here() - before_here;
    check(rc == again, "EAGAIN: a refused start returns the OS's error at once", rc, again);
    check(attempts == 1 && here == 1, "EAGAIN: one OS attempt per start, none retried", attempts, 1);
    int refused = 0;
    for (int i = 0; i < 2; i++)
        refused += trt_thread_start(count_and_wake, 0, STACK_SIZE) == again;
    before = trt_eagain_attempts();
    rc = trt_thread_start(count_and_wake, 0, STACK_SIZE);
    attempts = trt_eagain_attempts() - before;
    check(refused == 2 && rc == TRT_OK && attempts == 1 && await_word(&started_count, 1, 10000),
          "EAGAIN x3: three starts refused, the fourth starts in one attempt", load32(&started_count), 1);
    trt_eagain_fail_next(0);
}

static void bench_cycle(void) {
    __atomic_store_n(&started_count, 0, __ATOMIC_RELEASE);
    int rc = 0;
    for (int i = 0; i < 100 && rc == TRT_OK; i++)
        rc = trt_bench_thread_cycle(count_and_wake, 0);
    check(rc == TRT_OK && load32(&started_count) == 100 && trt_bench_thread_cycle(0, 0) == TRT_OK,
          "bench cycle: 100 create + run + join, in order", load32(&started_count), 100);
}

static int32_t number_sum;
static void add_number(int32_t i) { __atomic_add_fetch(&number_sum, i, __ATOMIC_RELAXED); }
static void count_call(void *arg) { __atomic_add_fetch((uint32_t *)arg, 1, __ATOMIC_RELAXED); }

static void call_drivers(void) {
    int rc = trt_test_call_threads(add_number, 6, 10);
    check(rc == TRT_OK && number_sum == 270, "call threads: 6 threads x i = 0..9, sum 270", number_sum, 270);
    static uint32_t calls;
    rc = trt_bench_call_loop(count_call, &calls, 1000);
    rc |= trt_bench_thread_call_loop(count_call, &calls, 1000);
    check(rc == TRT_OK && calls == 2000, "call loops: 1000 here + 1000 on a new thread", calls, 2000);
    /* The crowd: 8 callers capped at 500 calls each (the window far longer): exact counts. */
    static int64_t counts[8];
    static uint32_t crowd_calls;
    rc = trt_bench_call_crowd(count_call, &crowd_calls, 8, 60000000000LL, 500, counts);
    int64_t each_ok = 0;
    for (int i = 0; i < 8; i++)
        each_ok += counts[i] == 500;
    check(rc == TRT_OK && each_ok == 8 && crowd_calls == 4000, "call crowd: 8 threads x 500 calls, each counted",
          crowd_calls, 4000);
    /* The window ends it: uncapped callers stop after ~10 ms, each having called at least once. */
    rc = trt_bench_call_crowd(count_call, &crowd_calls, 8, 10000000LL, 0, counts);
    each_ok = 0;
    for (int i = 0; i < 8; i++)
        each_ok += counts[i] >= 1;
    check(rc == TRT_OK && each_ok == 8, "call crowd: a 10 ms window ends 8 uncapped callers", each_ok, 8);
}

static void bound_m_destructor(void) {
    int rc = trt_thread_start(bind_and_exit, 0, STACK_SIZE);
    check(rc == TRT_OK && await_word(&bound_seen, 1, 10000), "bind m: bound on the thread", load32(&bound_seen), 1);
    check(await_word(&destructor_ran, 1, 10000), "bind m: destructor ran at thread exit with m",
          load32(&destructor_ran), 1);
    check(trt_bound_m() == 0, "bind m: nothing bound on the main thread", 0, 0);
}

/* The extra-M list: threads bind an extra M's block with trt_extra_push as the thread-exit
 * destructor and exit, first while the list is held (they must wait on the LOCKED sentinel),
 * then freely; every block must arrive on the list exactly once. */
#define EXTRA_MS 64
static _Alignas(64) struct trt_extra_list extra_list;
static _Alignas(64) struct trt_extra_m extra_ms[EXTRA_MS];
static uint32_t extra_bound, extra_go;

static void bind_extra_and_exit(void *arg) {
    trt_bind_m(arg, trt_extra_push);
    __atomic_add_fetch(&extra_bound, 1, __ATOMIC_RELEASE);
    trt_futex_wake(&extra_bound, 1);
    await_word(&extra_go, 1, 0); /* all started before any exits: Windows may run FLS callbacks under the loader lock */
}

static void extra_list_push(void) {
    for (int i = 0; i < EXTRA_MS; i++) {
        extra_ms[i].list = (uint64_t)(uintptr_t)&extra_list;
        extra_ms[i].id = i + 1;
    }
    int errors = 0;
    for (int i = 0; i < EXTRA_MS; i++)
        errors += trt_thread_start(bind_extra_and_exit, &extra_ms[i], STACK_SIZE) != TRT_OK;
    int all_bound = await_word(&extra_bound, EXTRA_MS, 10000);
    /* Hold the list (lockextra) while the threads exit. */
    uint64_t empty = 0;
    int held = __atomic_compare_exchange_n(&extra_list.head, &empty, (uint64_t)TRT_EXTRA_LOCKED, 0,
                                           __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
    __atomic_store_n(&extra_go, 1, __ATOMIC_RELEASE);
    trt_futex_wake(&extra_go, EXTRA_MS);
    trt_usleep(20000);
    check(held && errors == 0 && all_bound && __atomic_load_n(&extra_list.length, __ATOMIC_ACQUIRE) == 0 &&
              __atomic_load_n(&extra_list.head, __ATOMIC_ACQUIRE) == TRT_EXTRA_LOCKED,
          "extra list: 64 exiting threads wait while the list is held",
          (int64_t)__atomic_load_n(&extra_list.length, __ATOMIC_ACQUIRE), 0);
    __atomic_store_n(&extra_list.head, 0, __ATOMIC_RELEASE); /* unlockextra */
    /* The last push stores the length, then the head: wait for both, so the walk starts from the
     * final head (never from TRT_EXTRA_LOCKED) and sees every push through its acquire. */
    for (int waited = 0; (__atomic_load_n(&extra_list.length, __ATOMIC_ACQUIRE) != EXTRA_MS ||
                          __atomic_load_n(&extra_list.head, __ATOMIC_ACQUIRE) == TRT_EXTRA_LOCKED) &&
                         waited < 10000;
         waited++)
        trt_usleep(1000);
    int walked = 0, distinct = 1;
    uint64_t seen = 0; /* one bit per M: EXTRA_MS == 64 */
    for (uint64_t b = __atomic_load_n(&extra_list.head, __ATOMIC_ACQUIRE); b && walked <= EXTRA_MS; walked++) {
        struct trt_extra_m *mp = (struct trt_extra_m *)(uintptr_t)b;
        int64_t i = mp - extra_ms;
        if (i < 0 || i >= EXTRA_MS || (seen >> i & 1))
            distinct = 0;
        else
            seen |= 1ull << i;
        b = mp->next;
    }
    check(__atomic_load_n(&extra_list.length, __ATOMIC_ACQUIRE) == EXTRA_MS && walked == EXTRA_MS && distinct,
          "extra list: every exiting thread's destructor pushed its M once", walked, EXTRA_MS);
}

#if WORLD_GLIBC
/* RUNTIME stacks: the kernel stores 0 to free_wait once the thread is gone. */
static void runtime_stacks(void) {
    __atomic_store_n(&started_count, 0, __ATOMIC_RELEASE);
    static uint32_t free_wait[IN_FLIGHT];
    static void *stacks[IN_FLIGHT];
    int errors = 0, reaped = 0;
    for (int done = 0; done < N_THREADS; done += IN_FLIGHT) {
        int batch = N_THREADS - done < IN_FLIGHT ? N_THREADS - done : IN_FLIGHT;
        for (int k = 0; k < batch; k++) {
            stacks[k] = trt_stack_map(STACK_SIZE, GUARD);
            free_wait[k] = 1;
            errors += !stacks[k] ||
                      trt_thread_start_on_stack(count_and_wake, 0, (char *)stacks[k] + GUARD, STACK_SIZE,
                                                &free_wait[k]) != TRT_OK;
        }
        for (int k = 0; k < batch; k++) {
            if (await_word(&free_wait[k], 0, 30000) && trt_stack_unmap(stacks[k], STACK_SIZE, GUARD) == TRT_OK)
                reaped++;
        }
    }
    int total = N_THREADS;
    check(errors == 0 && load32(&started_count) == (uint32_t)total, "RUNTIME stack: threads ran",
          load32(&started_count), total);
    check(reaped == total, "RUNTIME stack: every stack reaped after free_wait read 0", reaped, total);
}
#endif

#if WORLD_WINDOWS
static void windows_refusals(void) {
    uint32_t fw = 1;
    void *stack = trt_stack_map(STACK_SIZE, GUARD);
    check(stack != 0, "stack map", 0, 0);
    check(trt_stack_reprotect(stack, STACK_SIZE, GUARD) == TRT_OK, "stack reprotect", 0, 0);
    check(trt_thread_start_on_stack(count_and_wake, 0, (char *)stack + GUARD, STACK_SIZE, &fw) == TRT_ENOTSUP,
          "RUNTIME stack refused (TRT_ENOTSUP)", 0, 0);
    check(trt_bare_start(trt_work_count, 0, stack, STACK_SIZE, &fw, "trt-bare", 0) == TRT_ENOTSUP,
          "BARE refused (TRT_ENOTSUP)", 0, 0);
    check(trt_stack_unmap(stack, STACK_SIZE, GUARD) == TRT_OK, "stack unmap", 0, 0);
}
#else
/* BARE threads: raw clone + exitThread; a stack is unmapped only once free_wait reads 0. */
static void bare_threads(void) {
    static uint64_t counter;
    static uint32_t free_wait[IN_FLIGHT];
    static void *stacks[IN_FLIGHT];
    int errors = 0, reaped = 0, missed_wakes = 0;
    for (int done = 0; done < N_THREADS; done += IN_FLIGHT) {
        int batch = N_THREADS - done < IN_FLIGHT ? N_THREADS - done : IN_FLIGHT;
        for (int k = 0; k < batch; k++) {
            stacks[k] = trt_stack_map(BARE_STACK_SIZE, GUARD);
            free_wait[k] = 1;
            int64_t tid = 0;
            errors += !stacks[k] || trt_bare_start(trt_work_count, &counter, (char *)stacks[k] + GUARD,
                                                   BARE_STACK_SIZE, &free_wait[k], 0, &tid) != TRT_OK || tid <= 0;
        }
        for (int k = 0; k < batch; k++) {
            /* Sleep, not poll: exitThread futex-wakes free_wait after its store. A 10 s
             * timeout that fires means a wake went missing. */
            while (load32(&free_wait[k]) != 0)
                missed_wakes += trt_futex_wait(&free_wait[k], 1, 10000000000LL) == TRT_TIMEDOUT;
            if (trt_stack_unmap(stacks[k], BARE_STACK_SIZE, GUARD) == TRT_OK)
                reaped++;
        }
    }
    int total = N_THREADS;
    check(errors == 0 && load64(&counter) == (uint64_t)total, "BARE: clone + exitThread threads ran",
          (int64_t)load64(&counter), total);
    check(missed_wakes == 0, "BARE: exitThread futex-woke every sleeping reaper", missed_wakes, 0);
    check(reaped == total, "BARE: every stack unmapped after free_wait read 0", reaped, total);
}
#endif

#if WORLD_GLIBC
/* A BARE thread names itself (prctl(PR_SET_NAME) by the raw syscall) before its function runs: read
 * from /proc while it is blocked in trt_work_lock_loop on a lock this thread holds. A name longer
 * than the kernel keeps is cut by the shim to 15 bytes. */
static void bare_name(void) {
    static uint32_t key, free_wait;
    static uint64_t counter;
    struct trt_lock_loop loop = {&key, &counter, 1};
    trt_lock(&key);
    void *stack = trt_stack_map(BARE_STACK_SIZE, GUARD);
    free_wait = 1;
    int64_t tid = 0;
    int rc = stack ? trt_bare_start(trt_work_lock_loop, &loop, (char *)stack + GUARD, BARE_STACK_SIZE, &free_wait,
                                    "trt-bare-M9-and-more", &tid)
                   : -1;
    char path[64], comm[32] = {0};
    snprintf(path, sizeof path, "/proc/self/task/%lld/comm", (long long)tid);
    int64_t waited = 0;
    /* The child names itself first, then blocks: poll until the name shows (bounded: 10 s). */
    for (; rc == TRT_OK && waited < 10000; waited++) {
        FILE *f = fopen(path, "r");
        if (f) {
            if (!fgets(comm, sizeof comm, f))
                comm[0] = 0;
            fclose(f);
        }
        comm[strcspn(comm, "\n")] = 0;
        if (strcmp(comm, "trt-bare-M9-and") == 0)
            break;
        trt_usleep(1000);
    }
    check(rc == TRT_OK && strcmp(comm, "trt-bare-M9-and") == 0,
          "BARE: the thread's OS name (comm) is set before its function runs, cut to 15 bytes", rc, TRT_OK);
    trt_unlock(&key);
    int gone = rc == TRT_OK && await_word(&free_wait, 0, 10000);
    check(gone && load64(&counter) == 1 && stack && trt_stack_unmap(stack, BARE_STACK_SIZE, GUARD) == TRT_OK,
          "BARE: the named thread ran and ended", (int64_t)load64(&counter), 1);
}
#endif

/* ---- futex and lock ---- */
static uint32_t futex_word, futex_ack;

static void futex_waiter(void *arg) {
    (void)arg;
    while (load32(&futex_word) == 0)
        trt_futex_wait(&futex_word, 0, -1);
    __atomic_store_n(&futex_ack, 1, __ATOMIC_RELEASE);
    trt_futex_wake(&futex_ack, 1);
}


static void futex_between_threads(void) {
    uint32_t x = 7;
    check(trt_futex_wait(&x, 8, -1) == TRT_OK, "futex: value differs, returns at once", 0, 0);
    /* One wait, no retries: the shim loops to the deadline itself (threadrt.h), so a spurious
     * WaitOnAddress wake under wine must not end it early. */
    int64_t start = now_ns();
    int timed = trt_futex_wait(&x, 7, 20000000);
    int64_t waited = now_ns() - start;
    check(timed == TRT_TIMEDOUT, "futex: 20 ms timed wait times out", timed, TRT_TIMEDOUT);
    check(waited >= 20000000, "futex: 20 ms timed wait lasts >= 20 ms (ns)", waited, 20000000);
    check(trt_futex_wait(&x, 7, 0) == TRT_TIMEDOUT, "futex: 0 ns timed wait on an equal word times out at once", 0,
          0);
    check(trt_thread_start(futex_waiter, 0, STACK_SIZE) == TRT_OK, "futex: waiter thread started", 0, 0);
    trt_usleep(20000);
    __atomic_store_n(&futex_word, 1, __ATOMIC_RELEASE);
    trt_futex_wake(&futex_word, 1);
    check(await_word(&futex_ack, 1, 10000), "futex: wait/wake between two threads", load32(&futex_ack), 1);
}

/* Spurious wakes, provoked: a waker thread futex-wakes a word over and over without changing it
 * while the main thread sits in a 50 ms timed wait on it. Every wait must still time out, and only
 * after 50 ms by the OS's clock. The waker counts the wakes it issued while a wait was under way
 * and, on Linux, where trt_futex_wake says how many sleepers it woke, the ones that reached the
 * sleeper; rounds repeat (20 at most) until one had such wakes, so a loaded machine that kept the
 * waker off the CPU for a whole round does not leave the check unexercised. */
#define SPURIOUS_TIMEOUT_NS 50000000
#define SPURIOUS_ROUNDS 20
static uint32_t spurious_word, spurious_waiting, spurious_stop, spurious_done, spurious_started;
static int64_t spurious_wakes_in_wait, spurious_sleepers_woken;

static void spurious_waker(void *arg) {
    (void)arg;
    __atomic_store_n(&spurious_started, 1, __ATOMIC_RELEASE);
    while (!load32(&spurious_stop)) {
        int in_wait = load32(&spurious_waiting) != 0;
        int32_t woken = trt_futex_wake(&spurious_word, 1); /* the word stays 0 */
        if (in_wait && load32(&spurious_waiting)) {
            __atomic_add_fetch(&spurious_wakes_in_wait, 1, __ATOMIC_RELAXED);
            __atomic_add_fetch(&spurious_sleepers_woken, woken, __ATOMIC_RELAXED);
        }
        trt_usleep(200);
    }
    __atomic_store_n(&spurious_done, 1, __ATOMIC_RELEASE);
    trt_futex_wake(&spurious_done, 1);
}

static int spurious_round_exercised(void) {
#if WORLD_GLIBC
    return __atomic_load_n(&spurious_sleepers_woken, __ATOMIC_RELAXED) >= 1;
#else
    return __atomic_load_n(&spurious_wakes_in_wait, __ATOMIC_RELAXED) >= 3;
#endif
}

static void futex_spurious_wakes(void) {
    int started = trt_thread_start(spurious_waker, 0, STACK_SIZE) == TRT_OK;
    started = started && await_word(&spurious_started, 1, 10000);
    int rounds = 0, timed_out = 0;
    int64_t shortest = INT64_MAX;
    while (started && rounds < SPURIOUS_ROUNDS && (rounds == 0 || !spurious_round_exercised())) {
        __atomic_store_n(&spurious_waiting, 1, __ATOMIC_RELEASE);
        int64_t start = now_ns();
        int rc = trt_futex_wait(&spurious_word, 0, SPURIOUS_TIMEOUT_NS);
        int64_t waited = now_ns() - start;
        __atomic_store_n(&spurious_waiting, 0, __ATOMIC_RELEASE);
        rounds++;
        timed_out += rc == TRT_TIMEDOUT;
        shortest = waited < shortest ? waited : shortest;
    }
    __atomic_store_n(&spurious_stop, 1, __ATOMIC_RELEASE);
    int stopped = started && await_word(&spurious_done, 1, 10000);
    check(started && stopped && spurious_round_exercised(),
          "futex: a waker thread's wakes of the unchanged word reached a timed wait", spurious_round_exercised(), 1);
    check(rounds > 0 && timed_out == rounds, "futex: 50 ms timed waits under spurious wakes all time out", timed_out,
          rounds);
    check(rounds > 0 && shortest >= SPURIOUS_TIMEOUT_NS,
          "futex: 50 ms timed waits under spurious wakes last >= 50 ms (shortest, ns)", shortest, SPURIOUS_TIMEOUT_NS);
}

/* A Note's wakeup from C (the testkit's trt_work_wake on an OS thread) against a sleeper that
 * waits the way org.threadrt.Note does under its deadlock check: futex waits in slices (1 s here,
 * 10 of them at most: a hang guard, not a timing) until the word reads 1. */
static uint32_t note_word;

static void note_sleep_and_wake(void) {
    int rc = trt_thread_start(trt_work_wake, &note_word, STACK_SIZE);
    for (int slices = 0; rc == TRT_OK && load32(&note_word) == 0 && slices < 10; slices++)
        trt_futex_wait(&note_word, 0, 1000000000);
    check(rc == TRT_OK && load32(&note_word) == 1, "note: trt_work_wake on an OS thread wakes the sleeper",
          load32(&note_word), 1);
}

static void lock_torture(void) {
    static uint32_t key;
    static uint64_t counter;
    static struct trt_lock_loop work;
    enum { THREADS = 4 };
    work.key = &key;
    work.counter = &counter;
    work.iterations = LOCK_ITERATIONS;
    int errors = 0;
    for (int i = 0; i < THREADS; i++)
        errors += trt_thread_start(trt_work_lock_loop, &work, STACK_SIZE) != TRT_OK;
    /* The main thread takes the same lock too. */
    for (int i = 0; i < LOCK_ITERATIONS; i++) {
        trt_lock(&key);
        counter++;
        trt_unlock(&key);
    }
    uint64_t want = (uint64_t)(THREADS + 1) * LOCK_ITERATIONS;
    /* The counter is the lock's to guard: read it under the lock too (ThreadSanitizer caught an
     * unlocked read racing the workers' plain increments). */
    uint64_t sum = 0;
    for (int64_t waited = 0; waited < 60000; waited++) {
        trt_lock(&key);
        sum = counter;
        trt_unlock(&key);
        if (sum == want)
            break;
        trt_usleep(1000);
    }
    check(errors == 0 && sum == want, "lock: 5 threads x 100000 increments, exact sum", (int64_t)sum, (int64_t)want);
    uint32_t word = load32(&key);
    check(word == 0, "lock: word back to 0 (free, no waiters)", word, 0);
    check(trt_trylock(&key) == 1 && trt_trylock(&key) == 0, "lock: trylock takes a free lock, not a held one", 0, 0);
    trt_unlock(&key);
}

/* harness [--no-bare]: --no-bare leaves out the BARE threads (raw clone, no TLS of their own),
 * which ThreadSanitizer cannot follow (platforms/sanitize); the line saying so is printed. */
int main(int argc, char **argv) {
    int bare = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--no-bare") == 0) {
            bare = 0;
        } else {
            fprintf(stderr, "harness: unknown argument '%s' (the only option is --no-bare)\n", argv[i]);
            return 2;
        }
    }
    put("harness ");
    put(trt_platform());
    put(" (ABI ");
    put_num(trt_abi_version());
    put(", testkit ABI ");
    put_num(trt_testkit_abi_version());
    put(")\n");
    check(trt_abi_version() == TRT_ABI_VERSION, "ABI version matches threadrt.h", trt_abi_version(), TRT_ABI_VERSION);
    check(trt_testkit_abi_version() == TRT_TESTKIT_ABI_VERSION, "testkit ABI version matches threadrt_testkit.h",
          trt_testkit_abi_version(), TRT_TESTKIT_ABI_VERSION);
    int64_t page = trt_page_size();
    check(page >= 4096 && (page & (page - 1)) == 0, "page size is a power of two >= 4096", page, 4096);
    GUARD = (uint64_t)page;
#if WORLD_WINDOWS
    (void)bare;
    windows_refusals();
#else
    if (bare) {
        bare_threads();
        bare_name();
    } else
        put("skip  BARE threads (--no-bare: raw clone threads have no TLS of their own)\n");
#endif
#if WORLD_GLIBC
    runtime_stacks();
#endif
    os_threads();
    stack_release();
    named_entry();
    start_refused();
    bench_cycle();
    call_drivers();
    bound_m_destructor();
    extra_list_push();
    futex_between_threads();
    futex_spurious_wakes();
    note_sleep_and_wake();
    lock_torture();
    put("harness ");
    put(trt_platform());
    put(": ");
    put_num(passed);
    put(" passed, ");
    put_num(failed);
    put(" failed\n");
    return failed == 0 ? 0 : 1;
}
