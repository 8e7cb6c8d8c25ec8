package org.threadrt.stubgen;

import static org.threadrt.stubgen.CType.*;

import java.util.List;

/**
 * The threadrt native ABI: every function the production shim exports, in the order the
 * header lists them, and nothing else (benchmark anchors, test drivers and BARE workloads
 * are the testkit's: {@link TestkitAbi}). The C header {@code threadrt.h}, the export list
 * {@code platforms/abi-symbols.txt} and the Java binding class
 * {@code org.threadrt.ffm.bind.threadrt_h} are all generated from this one list, so they
 * cannot disagree. Bump {@link #VERSION} whenever a signature or a meaning changes, or a
 * function comes or goes; the Java side refuses a shim whose {@code trt_abi_version()} differs.
 */
public final class Abi {
    private Abi() {}

    /**
     * Checked at load time by the FFM port against {@code trt_abi_version()}. 2: the lock word's bits 1-31
     * are wake demand (cleared by a wake, carried on by the woken thread), so a version-1 shim's
     * {@code trt_lock}, which takes its 2 back after sleeping, must not share a word with this Java side.
     * 3: the nine benchmark, test and BARE-workload functions ({@code trt_bench_*}, {@code trt_test_*},
     * {@code trt_work_*}) left the shim for the testkit library, and the two start-failure test hooks
     * are gone (the thread-start path consults no hook): 22 functions. 4: {@code trt_named_entry} (a started
     * thread enters the JVM under its own name: OS name, then JNI attach with the name, then the entry).
     * 5: a thread start makes one OS attempt ({@code TRT_START_ATTEMPTS} is gone: the runtime's refusal
     * episode retries, on its own timer), {@code trt_bare_start} takes the BARE thread's OS name, and
     * {@code trt_named_entry} sets the OS name on Windows too (SetThreadDescription).
     * 6: {@code trt_stack_release} (an idle M gives back the dead part of its stack, issue 15).
     */
    public static final int VERSION = 6;

    /** One parameter: C type, name, and what it means. */
    public record Param(CType type, String name) {}

    /**
     * One exported function.
     *
     * @param bareSafe true when a BARE thread may call it: no TLS, no errno, no libc
     * @param noReturn true for {@code trt_exit_thread}
     */
    public record Fn(String name, CType ret, List<Param> params, String doc, boolean bareSafe, boolean noReturn) {
        public Fn {
            params = List.copyOf(params);
        }
    }

    /** A constant the header defines and the binding exposes. */
    public record Const(String name, int value, String doc) {}

    static Param p(CType t, String n) {
        return new Param(t, n);
    }

    static Fn fn(String name, CType ret, String doc, Param... params) {
        return new Fn(name, ret, List.of(params), doc, false, false);
    }

    static Fn bare(String name, CType ret, String doc, Param... params) {
        return new Fn(name, ret, List.of(params), doc, true, false);
    }

    public static final List<Const> CONSTANTS = List.of(
            new Const("TRT_ABI_VERSION", VERSION, "the value trt_abi_version() returns"),
            new Const("TRT_OK", 0, "success"),
            new Const("TRT_ENOTSUP", -1, "the operation does not exist on this platform (e.g. BARE threads off Linux)"),
            new Const("TRT_TIMEDOUT", 1, "trt_futex_wait: the timeout expired"),
            new Const("TRT_EXTRA_LOCKED", 1, "struct trt_extra_list.head while someone holds the list (the seed's MLOCKED)"),
            new Const("TRT_EXTRA_NEXT", 8, "byte offset of struct trt_extra_m.next in an extra M's native block"),
            new Const("TRT_EXTRA_LIST", 16, "byte offset of struct trt_extra_m.list in an extra M's native block"),
            new Const("TRT_EXTRA_LENGTH", 8, "byte offset of struct trt_extra_list.length"),
            new Const("TRT_NAMED_JAVA_VM", 0, "byte offset of struct trt_named_start.java_vm"),
            new Const("TRT_NAMED_ENTRY", 8, "byte offset of struct trt_named_start.entry"),
            new Const("TRT_NAMED_ARG", 16, "byte offset of struct trt_named_start.arg"),
            new Const("TRT_NAMED_NAME", 24, "byte offset of struct trt_named_start.name"),
            new Const("TRT_NAMED_OS_NAME", 32, "byte offset of struct trt_named_start.os_name"),
            new Const("TRT_NAMED_SIZE", 40, "sizeof(struct trt_named_start)"));

    public static final List<Fn> FUNCTIONS = List.of(
            bare("trt_abi_version", I32, "The ABI version this shim implements (TRT_ABI_VERSION)."),
            fn("trt_platform", CSTR, "The target this shim was built for, e.g. \"linux-x86_64\"."),
            fn("trt_thread_start", I32,
                    "Starts a detached OS thread running entry(arg) on a stack the OS allocates\n"
                            + "(stack_size bytes, 0 = default). pthread_create then pthread_detach (Windows:\n"
                            + "CreateThread then CloseHandle at once). One attempt: an EAGAIN (Windows\n"
                            + "ERROR_NOT_ENOUGH_MEMORY) is returned at once, never retried here; the caller\n"
                            + "decides whether and when to try again. Returns TRT_OK or the OS error code.",
                    p(FN_VOID_PTR, "entry"), p(PTR, "arg"), p(U64, "stack_size")),
            fn("trt_thread_start_on_stack", I32,
                    "Starts a detached OS thread running entry(arg) on the caller's stack\n"
                            + "[stack_lo, stack_lo + stack_size). The thread's first act is\n"
                            + "set_tid_address(free_wait): once the thread is gone the kernel stores 0 to\n"
                            + "*free_wait and futex-wakes it (a shared wake). The caller sets *free_wait = 1\n"
                            + "before the call and may unmap the stack only after it reads 0.\n"
                            + "Linux only; elsewhere TRT_ENOTSUP.",
                    p(FN_VOID_PTR, "entry"), p(PTR, "arg"), p(PTR, "stack_lo"), p(U64, "stack_size"),
                    p(WORD_PTR, "free_wait")),
            fn("trt_bare_start", I32,
                    "Starts a BARE thread: a raw clone on [stack_lo, stack_lo + stack_size) with every\n"
                            + "signal blocked, no TLS of its own, no libc. It sets its OS name to os_name\n"
                            + "(unless NULL or empty; at most 15 bytes are kept, copied before the clone) by\n"
                            + "prctl(PR_SET_NAME), then runs fn(arg), then trt_exit_thread(free_wait). fn must\n"
                            + "use no TLS, no errno, no malloc, no stack protector and must never enter the\n"
                            + "JVM. One clone attempt, never retried. Linux only; elsewhere TRT_ENOTSUP.\n"
                            + "Returns TRT_OK, storing the new thread's id to *tid_out unless tid_out is NULL,\n"
                            + "or a positive errno.",
                    p(FN_VOID_PTR, "fn"), p(PTR, "arg"), p(PTR, "stack_lo"), p(U64, "stack_size"),
                    p(WORD_PTR, "free_wait"), p(CSTR, "os_name"), p(I64_PTR, "tid_out")),
            new Fn("trt_exit_thread", VOID, List.of(p(WORD_PTR, "free_wait")),
                    "Stores 0 to *free_wait with release semantics, futex-wakes it (Linux), then ends\n"
                            + "the calling thread with the raw exit syscall, touching no memory after the\n"
                            + "store. For BARE threads only:\n"
                            + "a thread that ever ran Java must end through libc.",
                    true, true),
            fn("trt_named_entry", VOID,
                    "A thread entry (pass it to trt_thread_start or trt_thread_start_on_stack with a\n"
                            + "struct trt_named_start as arg) that names the thread before it enters Java: sets\n"
                            + "the OS name to os_name (unless 0; it must fit the OS's limit, 15 bytes on Linux;\n"
                            + "Windows: SetThreadDescription, UTF-8 to UTF-16, where it exists), attaches the\n"
                            + "thread to java_vm (a JavaVM*, unless 0) with AttachCurrentThreadAsDaemon and the\n"
                            + "given name, runs entry(arg), then detaches\n"
                            + "it if it attached it. The record is read before entry runs and never after.",
                    p(PTR, "start")),
            fn("trt_page_size", I64,
                    "The page size in bytes, as the OS reports it; stack and guard sizes must be\n"
                            + "multiples of it."),
            fn("trt_stack_map", PTR,
                    "Maps guard + size bytes of private memory for a thread stack; the lowest guard\n"
                            + "bytes are PROT_NONE. Returns the lowest address (the guard's start), or NULL.",
                    p(U64, "size"), p(U64, "guard")),
            fn("trt_stack_unmap", I32, "Unmaps a stack from trt_stack_map. Returns TRT_OK or the OS error code.",
                    p(PTR, "base"), p(U64, "size"), p(U64, "guard")),
            fn("trt_stack_reprotect", I32,
                    "Makes [base + guard, base + guard + size) read-write again and the guard PROT_NONE,\n"
                            + "undoing zones a previous user (HotSpot) protected. Returns TRT_OK or the error.",
                    p(PTR, "base"), p(U64, "size"), p(U64, "guard")),
            fn("trt_stack_release", I64,
                    "Gives the OS back the pages of the calling thread's own stack that lie more than\n"
                            + "keep bytes below this function's frame: the dead part of the stack, below\n"
                            + "every live frame. Their contents are lost (a later touch maps a zero page),\n"
                            + "so only the running thread may ask, for its own stack. The stack's bounds\n"
                            + "come from the thread library (pthread_getattr_np); pages below the stack are\n"
                            + "never touched; keep is at least 4096. Not for BARE threads (no TLS of their\n"
                            + "own), nor the process's main thread. Linux: madvise(MADV_DONTNEED). Returns the\n"
                            + "length of the range given back, resident or not (0 when nothing lies below), or\n"
                            + "a negated errno (-EINVAL: the frame is not in the reported stack); TRT_ENOTSUP\n"
                            + "off Linux.",
                    p(U64, "keep")),
            bare("trt_futex_wait", I32,
                    "Sleeps while *addr == expected, at most timeout_ns (negative: no limit). A timed\n"
                            + "wait returns TRT_OK once it sees *addr != expected and TRT_TIMEDOUT once\n"
                            + "timeout_ns have passed on the monotonic clock: a wake that leaves *addr unchanged,\n"
                            + "a spurious wakeup or a signal sleeps again for the rest. An untimed wait returns\n"
                            + "TRT_OK when woken, when *addr differed, or on a spurious wakeup.\n"
                            + "Shared (not process-private) futex on Linux.",
                    p(WORD_PTR, "addr"), p(U32, "expected"), p(I64, "timeout_ns")),
            bare("trt_futex_wake", I32, "Wakes up to count sleepers on addr. Returns how many were woken (Linux) or 0.",
                    p(WORD_PTR, "addr"), p(I32, "count")),
            bare("trt_gettid", I64, "The calling thread's OS thread id."),
            bare("trt_osyield", VOID, "Yields the processor (sched_yield / SwitchToThread)."),
            fn("trt_usleep", VOID, "Sleeps usec microseconds.", p(U32, "usec")),
            fn("trt_bind_m", I32,
                    "Binds m to the calling thread. When the thread ends with m still bound,\n"
                            + "on_thread_exit(m) runs on it (pthread key destructor; Windows FLS callback).\n"
                            + "on_thread_exit is process-wide: the last one given is used.",
                    p(PTR, "m"), p(FN_VOID_PTR, "on_thread_exit")),
            fn("trt_bound_m", PTR, "The m bound to the calling thread, or NULL."),
            fn("trt_unbind_m", I32, "Unbinds the calling thread's m without calling the destructor."),
            bare("trt_extra_push", VOID,
                    "Pushes the extra M whose native block (struct trt_extra_m) is at m onto the list\n"
                            + "its block names (m->list): the seed's lockextra + unlockextra. CAS the head to\n"
                            + "TRT_EXTRA_LOCKED (yielding while another holder has it), link, count, store the\n"
                            + "new head with release semantics. org.threadrt runs the same algorithm from Java\n"
                            + "on the same words. Native only, so it can be trt_bind_m's on_thread_exit: that\n"
                            + "destructor runs after HotSpot detached the thread, where an upcall would attach\n"
                            + "it again for good.",
                    p(PTR, "m")),
            bare("trt_lock", VOID,
                    "Takes the runtime lock at key: bit 0 held, bits 1-31 twice the number of waiters.\n"
                            + "Same algorithm as org.threadrt.RuntimeLock, so C and Java share one word.",
                    p(WORD_PTR, "key")),
            bare("trt_trylock", I32, "Takes the lock if free: 1 taken, 0 not.", p(WORD_PTR, "key")),
            bare("trt_unlock", VOID, "Releases the lock, waking one waiter if any.", p(WORD_PTR, "key")));
}
