/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the ABI table stubgen/src/main/java/org/threadrt/stubgen/Abi.java.
 * Change the table or the template, then run platforms/regenerate. */
/* threadrt.h: the native ABI between the threadrt Java runtime and its per-platform shim.
 * Every integer is fixed-width (no long: it is 32 bits on Windows and 32-bit Linux).
 * Functions marked [BARE-safe] use no TLS, no errno and no libc: a BARE thread may call them.
 * Benchmark anchors, test drivers and BARE workloads are not here: threadrt_testkit.h. */
#ifndef THREADRT_H
#define THREADRT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TRT_ABI_VERSION 6 /* the value trt_abi_version() returns */
#define TRT_OK 0 /* success */
#define TRT_ENOTSUP (-1) /* the operation does not exist on this platform (e.g. BARE threads off Linux) */
#define TRT_TIMEDOUT 1 /* trt_futex_wait: the timeout expired */
#define TRT_EXTRA_LOCKED 1 /* struct trt_extra_list.head while someone holds the list (the seed's MLOCKED) */
#define TRT_EXTRA_NEXT 8 /* byte offset of struct trt_extra_m.next in an extra M's native block */
#define TRT_EXTRA_LIST 16 /* byte offset of struct trt_extra_m.list in an extra M's native block */
#define TRT_EXTRA_LENGTH 8 /* byte offset of struct trt_extra_list.length */
#define TRT_NAMED_JAVA_VM 0 /* byte offset of struct trt_named_start.java_vm */
#define TRT_NAMED_ENTRY 8 /* byte offset of struct trt_named_start.entry */
#define TRT_NAMED_ARG 16 /* byte offset of struct trt_named_start.arg */
#define TRT_NAMED_NAME 24 /* byte offset of struct trt_named_start.name */
#define TRT_NAMED_OS_NAME 32 /* byte offset of struct trt_named_start.os_name */
#define TRT_NAMED_SIZE 40 /* sizeof(struct trt_named_start) */

/* A thread body, a BARE function or a destructor. */
typedef void (*trt_fn)(void *);

/* The extra-M list of one runtime (trt_extra_push). Addresses are stored in 64-bit
 * words on every target, so Java sees one layout. */
struct trt_extra_list {
    uint64_t head;    /* 0 empty, TRT_EXTRA_LOCKED while held, else the first struct trt_extra_m */
    uint64_t length;  /* Ms on the list; changed only by the holder */
};

/* The start of an extra M's 64-byte native block. */
struct trt_extra_m {
    uint32_t park;       /* the M's note word (not used by the list) */
    uint32_t free_wait;  /* the M's freeWait word (not used by the list) */
    uint64_t next;       /* the next M's block on the list, or 0 */
    uint64_t list;       /* the struct trt_extra_list this M goes back to */
    int64_t id;          /* the M's number, for debugging */
};

/* The arg of trt_named_entry; addresses in 64-bit words on every target, as above. */
struct trt_named_start {
    uint64_t java_vm;  /* the JavaVM* to attach to, or 0 (no attach: the entry's upcall attaches) */
    uint64_t entry;    /* the trt_fn to run once named and attached */
    uint64_t arg;      /* its argument */
    uint64_t name;     /* the thread's Java name (modified UTF-8, NUL-terminated), or 0 */
    uint64_t os_name;  /* the OS name, already cut to the OS's limit, or 0 */
};

/* The ABI version this shim implements (TRT_ABI_VERSION). [BARE-safe] */
int32_t trt_abi_version(void);

/* The target this shim was built for, e.g. "linux-x86_64". */
const char *trt_platform(void);

/* Starts a detached OS thread running entry(arg) on a stack the OS allocates
 * (stack_size bytes, 0 = default). pthread_create then pthread_detach (Windows:
 * CreateThread then CloseHandle at once). One attempt: an EAGAIN (Windows
 * ERROR_NOT_ENOUGH_MEMORY) is returned at once, never retried here; the caller
 * decides whether and when to try again. Returns TRT_OK or the OS error code. */
int32_t trt_thread_start(trt_fn entry, void *arg, uint64_t stack_size);

/* Starts a detached OS thread running entry(arg) on the caller's stack
 * [stack_lo, stack_lo + stack_size). The thread's first act is
 * set_tid_address(free_wait): once the thread is gone the kernel stores 0 to
 * *free_wait and futex-wakes it (a shared wake). The caller sets *free_wait = 1
 * before the call and may unmap the stack only after it reads 0.
 * Linux only; elsewhere TRT_ENOTSUP. */
int32_t trt_thread_start_on_stack(trt_fn entry, void *arg, void *stack_lo, uint64_t stack_size, uint32_t *free_wait);

/* Starts a BARE thread: a raw clone on [stack_lo, stack_lo + stack_size) with every
 * signal blocked, no TLS of its own, no libc. It sets its OS name to os_name
 * (unless NULL or empty; at most 15 bytes are kept, copied before the clone) by
 * prctl(PR_SET_NAME), then runs fn(arg), then trt_exit_thread(free_wait). fn must
 * use no TLS, no errno, no malloc, no stack protector and must never enter the
 * JVM. One clone attempt, never retried. Linux only; elsewhere TRT_ENOTSUP.
 * Returns TRT_OK, storing the new thread's id to *tid_out unless tid_out is NULL,
 * or a positive errno. */
int32_t trt_bare_start(trt_fn fn, void *arg, void *stack_lo, uint64_t stack_size, uint32_t *free_wait, const char *os_name, int64_t *tid_out);

/* Stores 0 to *free_wait with release semantics, futex-wakes it (Linux), then ends
 * the calling thread with the raw exit syscall, touching no memory after the
 * store. For BARE threads only:
 * a thread that ever ran Java must end through libc. [BARE-safe] */
__attribute__((noreturn)) void trt_exit_thread(uint32_t *free_wait);

/* A thread entry (pass it to trt_thread_start or trt_thread_start_on_stack with a
 * struct trt_named_start as arg) that names the thread before it enters Java: sets
 * the OS name to os_name (unless 0; it must fit the OS's limit, 15 bytes on Linux;
 * Windows: SetThreadDescription, UTF-8 to UTF-16, where it exists), attaches the
 * thread to java_vm (a JavaVM*, unless 0) with AttachCurrentThreadAsDaemon and the
 * given name, runs entry(arg), then detaches
 * it if it attached it. The record is read before entry runs and never after. */
void trt_named_entry(void *start);

/* The page size in bytes, as the OS reports it; stack and guard sizes must be
 * multiples of it. */
int64_t trt_page_size(void);

/* Maps guard + size bytes of private memory for a thread stack; the lowest guard
 * bytes are PROT_NONE. Returns the lowest address (the guard's start), or NULL. */
void *trt_stack_map(uint64_t size, uint64_t guard);

/* Unmaps a stack from trt_stack_map. Returns TRT_OK or the OS error code. */
int32_t trt_stack_unmap(void *base, uint64_t size, uint64_t guard);

/* Makes [base + guard, base + guard + size) read-write again and the guard PROT_NONE,
 * undoing zones a previous user (HotSpot) protected. Returns TRT_OK or the error. */
int32_t trt_stack_reprotect(void *base, uint64_t size, uint64_t guard);

/* Gives the OS back the pages of the calling thread's own stack that lie more than
 * keep bytes below this function's frame: the dead part of the stack, below
 * every live frame. Their contents are lost (a later touch maps a zero page),
 * so only the running thread may ask, for its own stack. The stack's bounds
 * come from the thread library (pthread_getattr_np); pages below the stack are
 * never touched; keep is at least 4096. Not for BARE threads (no TLS of their
 * own), nor the process's main thread. Linux: madvise(MADV_DONTNEED). Returns the
 * length of the range given back, resident or not (0 when nothing lies below), or
 * a negated errno (-EINVAL: the frame is not in the reported stack); TRT_ENOTSUP
 * off Linux. */
int64_t trt_stack_release(uint64_t keep);

/* Sleeps while *addr == expected, at most timeout_ns (negative: no limit). A timed
 * wait returns TRT_OK once it sees *addr != expected and TRT_TIMEDOUT once
 * timeout_ns have passed on the monotonic clock: a wake that leaves *addr unchanged,
 * a spurious wakeup or a signal sleeps again for the rest. An untimed wait returns
 * TRT_OK when woken, when *addr differed, or on a spurious wakeup.
 * Shared (not process-private) futex on Linux. [BARE-safe] */
int32_t trt_futex_wait(uint32_t *addr, uint32_t expected, int64_t timeout_ns);

/* Wakes up to count sleepers on addr. Returns how many were woken (Linux) or 0. [BARE-safe] */
int32_t trt_futex_wake(uint32_t *addr, int32_t count);

/* The calling thread's OS thread id. [BARE-safe] */
int64_t trt_gettid(void);

/* Yields the processor (sched_yield / SwitchToThread). [BARE-safe] */
void trt_osyield(void);

/* Sleeps usec microseconds. */
void trt_usleep(uint32_t usec);

/* Binds m to the calling thread. When the thread ends with m still bound,
 * on_thread_exit(m) runs on it (pthread key destructor; Windows FLS callback).
 * on_thread_exit is process-wide: the last one given is used. */
int32_t trt_bind_m(void *m, trt_fn on_thread_exit);

/* The m bound to the calling thread, or NULL. */
void *trt_bound_m(void);

/* Unbinds the calling thread's m without calling the destructor. */
int32_t trt_unbind_m(void);

/* Pushes the extra M whose native block (struct trt_extra_m) is at m onto the list
 * its block names (m->list): the seed's lockextra + unlockextra. CAS the head to
 * TRT_EXTRA_LOCKED (yielding while another holder has it), link, count, store the
 * new head with release semantics. org.threadrt runs the same algorithm from Java
 * on the same words. Native only, so it can be trt_bind_m's on_thread_exit: that
 * destructor runs after HotSpot detached the thread, where an upcall would attach
 * it again for good. [BARE-safe] */
void trt_extra_push(void *m);

/* Takes the runtime lock at key: bit 0 held, bits 1-31 twice the number of waiters.
 * Same algorithm as org.threadrt.RuntimeLock, so C and Java share one word. [BARE-safe] */
void trt_lock(uint32_t *key);

/* Takes the lock if free: 1 taken, 0 not. [BARE-safe] */
int32_t trt_trylock(uint32_t *key);

/* Releases the lock, waking one waiter if any. [BARE-safe] */
void trt_unlock(uint32_t *key);

#ifdef __cplusplus
}
#endif

#endif /* THREADRT_H */
