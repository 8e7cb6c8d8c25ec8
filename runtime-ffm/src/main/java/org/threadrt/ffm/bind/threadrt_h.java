// GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen) from the
// ABI table stubgen/src/main/java/org/threadrt/stubgen/Abi.java, in the shape jextract
// gives for platforms/include/threadrt.h. Regenerate with platforms/regenerate.
package org.threadrt.ffm.bind;

import java.lang.foreign.*;
import java.lang.invoke.MethodHandle;

import org.threadrt.ffm.internal.NativeLoader;

/** The downcalls of the threadrt shim, one static method per function of threadrt.h. */
@SuppressWarnings("unused")
public final class threadrt_h {
    threadrt_h() {
        // Should not be called directly
    }

    /**
     * jextract --library's {@code SymbolLookup.libraryLookup(path, arena)}, made by the loader that found
     * the shim's file for this platform (and checked its ABI version): the first downcall loads the shim.
     */
    static final SymbolLookup SYMBOL_LOOKUP = NativeLoader.shim().symbols();

    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

    static MemorySegment findOrThrow(String symbol) {
        return SYMBOL_LOOKUP.find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("the threadrt shim: unresolved symbol " + symbol
                        + " (built from the same threadrt.h?)"));
    }

    private static final int TRT_ABI_VERSION = (int)6L;

    /** {@snippet lang=c : #define TRT_ABI_VERSION 6 } the value trt_abi_version() returns */
    public static int TRT_ABI_VERSION() {
        return TRT_ABI_VERSION;
    }

    private static final int TRT_OK = (int)0L;

    /** {@snippet lang=c : #define TRT_OK 0 } success */
    public static int TRT_OK() {
        return TRT_OK;
    }

    private static final int TRT_ENOTSUP = (int)-1L;

    /** {@snippet lang=c : #define TRT_ENOTSUP -1 } the operation does not exist on this platform (e.g. BARE threads off Linux) */
    public static int TRT_ENOTSUP() {
        return TRT_ENOTSUP;
    }

    private static final int TRT_TIMEDOUT = (int)1L;

    /** {@snippet lang=c : #define TRT_TIMEDOUT 1 } trt_futex_wait: the timeout expired */
    public static int TRT_TIMEDOUT() {
        return TRT_TIMEDOUT;
    }

    private static final int TRT_EXTRA_LOCKED = (int)1L;

    /** {@snippet lang=c : #define TRT_EXTRA_LOCKED 1 } struct trt_extra_list.head while someone holds the list (the seed's MLOCKED) */
    public static int TRT_EXTRA_LOCKED() {
        return TRT_EXTRA_LOCKED;
    }

    private static final int TRT_EXTRA_NEXT = (int)8L;

    /** {@snippet lang=c : #define TRT_EXTRA_NEXT 8 } byte offset of struct trt_extra_m.next in an extra M's native block */
    public static int TRT_EXTRA_NEXT() {
        return TRT_EXTRA_NEXT;
    }

    private static final int TRT_EXTRA_LIST = (int)16L;

    /** {@snippet lang=c : #define TRT_EXTRA_LIST 16 } byte offset of struct trt_extra_m.list in an extra M's native block */
    public static int TRT_EXTRA_LIST() {
        return TRT_EXTRA_LIST;
    }

    private static final int TRT_EXTRA_LENGTH = (int)8L;

    /** {@snippet lang=c : #define TRT_EXTRA_LENGTH 8 } byte offset of struct trt_extra_list.length */
    public static int TRT_EXTRA_LENGTH() {
        return TRT_EXTRA_LENGTH;
    }

    private static final int TRT_NAMED_JAVA_VM = (int)0L;

    /** {@snippet lang=c : #define TRT_NAMED_JAVA_VM 0 } byte offset of struct trt_named_start.java_vm */
    public static int TRT_NAMED_JAVA_VM() {
        return TRT_NAMED_JAVA_VM;
    }

    private static final int TRT_NAMED_ENTRY = (int)8L;

    /** {@snippet lang=c : #define TRT_NAMED_ENTRY 8 } byte offset of struct trt_named_start.entry */
    public static int TRT_NAMED_ENTRY() {
        return TRT_NAMED_ENTRY;
    }

    private static final int TRT_NAMED_ARG = (int)16L;

    /** {@snippet lang=c : #define TRT_NAMED_ARG 16 } byte offset of struct trt_named_start.arg */
    public static int TRT_NAMED_ARG() {
        return TRT_NAMED_ARG;
    }

    private static final int TRT_NAMED_NAME = (int)24L;

    /** {@snippet lang=c : #define TRT_NAMED_NAME 24 } byte offset of struct trt_named_start.name */
    public static int TRT_NAMED_NAME() {
        return TRT_NAMED_NAME;
    }

    private static final int TRT_NAMED_OS_NAME = (int)32L;

    /** {@snippet lang=c : #define TRT_NAMED_OS_NAME 32 } byte offset of struct trt_named_start.os_name */
    public static int TRT_NAMED_OS_NAME() {
        return TRT_NAMED_OS_NAME;
    }

    private static final int TRT_NAMED_SIZE = (int)40L;

    /** {@snippet lang=c : #define TRT_NAMED_SIZE 40 } sizeof(struct trt_named_start) */
    public static int TRT_NAMED_SIZE() {
        return TRT_NAMED_SIZE;
    }

    private static class trt_abi_version {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_h.C_INT);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_abi_version");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int32_t trt_abi_version(void) } */
    public static FunctionDescriptor trt_abi_version$descriptor() {
        return trt_abi_version.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int32_t trt_abi_version(void) } */
    public static MethodHandle trt_abi_version$handle() {
        return trt_abi_version.HANDLE;
    }

    /** Address for: {@snippet lang=c : int32_t trt_abi_version(void) } */
    public static MemorySegment trt_abi_version$address() {
        return trt_abi_version.ADDR;
    }

    /**
     * {@snippet lang=c : int32_t trt_abi_version(void) }
     * <p>The ABI version this shim implements (TRT_ABI_VERSION).
     */
    public static int trt_abi_version() {
        var mh$ = trt_abi_version.HANDLE;
        try {
            return (int)mh$.invokeExact();
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_platform {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_h.C_POINTER);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_platform");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : const char *trt_platform(void) } */
    public static FunctionDescriptor trt_platform$descriptor() {
        return trt_platform.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : const char *trt_platform(void) } */
    public static MethodHandle trt_platform$handle() {
        return trt_platform.HANDLE;
    }

    /** Address for: {@snippet lang=c : const char *trt_platform(void) } */
    public static MemorySegment trt_platform$address() {
        return trt_platform.ADDR;
    }

    /**
     * {@snippet lang=c : const char *trt_platform(void) }
     * <p>The target this shim was built for, e.g. "linux-x86_64".
     */
    public static MemorySegment trt_platform() {
        var mh$ = trt_platform.HANDLE;
        try {
            return (MemorySegment)mh$.invokeExact();
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_thread_start {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_h.C_INT, threadrt_h.C_POINTER, threadrt_h.C_POINTER, threadrt_h.C_LONG_LONG);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_thread_start");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int32_t trt_thread_start(trt_fn entry, void *arg, uint64_t stack_size) } */
    public static FunctionDescriptor trt_thread_start$descriptor() {
        return trt_thread_start.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int32_t trt_thread_start(trt_fn entry, void *arg, uint64_t stack_size) } */
    public static MethodHandle trt_thread_start$handle() {
        return trt_thread_start.HANDLE;
    }

    /** Address for: {@snippet lang=c : int32_t trt_thread_start(trt_fn entry, void *arg, uint64_t stack_size) } */
    public static MemorySegment trt_thread_start$address() {
        return trt_thread_start.ADDR;
    }

    /**
     * {@snippet lang=c : int32_t trt_thread_start(trt_fn entry, void *arg, uint64_t stack_size) }
     * <p>Starts a detached OS thread running entry(arg) on a stack the OS allocates
     * (stack_size bytes, 0 = default). pthread_create then pthread_detach (Windows:
     * CreateThread then CloseHandle at once). One attempt: an EAGAIN (Windows
     * ERROR_NOT_ENOUGH_MEMORY) is returned at once, never retried here; the caller
     * decides whether and when to try again. Returns TRT_OK or the OS error code.
     */
    public static int trt_thread_start(MemorySegment entry, MemorySegment arg, long stack_size) {
        var mh$ = trt_thread_start.HANDLE;
        try {
            return (int)mh$.invokeExact(entry, arg, stack_size);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_thread_start_on_stack {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_h.C_INT, threadrt_h.C_POINTER, threadrt_h.C_POINTER, threadrt_h.C_POINTER, threadrt_h.C_LONG_LONG, threadrt_h.C_POINTER);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_thread_start_on_stack");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int32_t trt_thread_start_on_stack(trt_fn entry, void *arg, void *stack_lo, uint64_t stack_size, uint32_t *free_wait) } */
    public static FunctionDescriptor trt_thread_start_on_stack$descriptor() {
        return trt_thread_start_on_stack.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int32_t trt_thread_start_on_stack(trt_fn entry, void *arg, void *stack_lo, uint64_t stack_size, uint32_t *free_wait) } */
    public static MethodHandle trt_thread_start_on_stack$handle() {
        return trt_thread_start_on_stack.HANDLE;
    }

    /** Address for: {@snippet lang=c : int32_t trt_thread_start_on_stack(trt_fn entry, void *arg, void *stack_lo, uint64_t stack_size, uint32_t *free_wait) } */
    public static MemorySegment trt_thread_start_on_stack$address() {
        return trt_thread_start_on_stack.ADDR;
    }

    /**
     * {@snippet lang=c : int32_t trt_thread_start_on_stack(trt_fn entry, void *arg, void *stack_lo, uint64_t stack_size, uint32_t *free_wait) }
     * <p>Starts a detached OS thread running entry(arg) on the caller's stack
     * [stack_lo, stack_lo + stack_size). The thread's first act is
     * set_tid_address(free_wait): once the thread is gone the kernel stores 0 to
     * *free_wait and futex-wakes it (a shared wake). The caller sets *free_wait = 1
     * before the call and may unmap the stack only after it reads 0.
     * Linux only; elsewhere TRT_ENOTSUP.
     */
    public static int trt_thread_start_on_stack(MemorySegment entry, MemorySegment arg, MemorySegment stack_lo, long stack_size, MemorySegment free_wait) {
        var mh$ = trt_thread_start_on_stack.HANDLE;
        try {
            return (int)mh$.invokeExact(entry, arg, stack_lo, stack_size, free_wait);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_bare_start {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_h.C_INT, threadrt_h.C_POINTER, threadrt_h.C_POINTER, threadrt_h.C_POINTER, threadrt_h.C_LONG_LONG, threadrt_h.C_POINTER, threadrt_h.C_POINTER, threadrt_h.C_POINTER);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_bare_start");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int32_t trt_bare_start(trt_fn fn, void *arg, void *stack_lo, uint64_t stack_size, uint32_t *free_wait, const char *os_name, int64_t *tid_out) } */
    public static FunctionDescriptor trt_bare_start$descriptor() {
        return trt_bare_start.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int32_t trt_bare_start(trt_fn fn, void *arg, void *stack_lo, uint64_t stack_size, uint32_t *free_wait, const char *os_name, int64_t *tid_out) } */
    public static MethodHandle trt_bare_start$handle() {
        return trt_bare_start.HANDLE;
    }

    /** Address for: {@snippet lang=c : int32_t trt_bare_start(trt_fn fn, void *arg, void *stack_lo, uint64_t stack_size, uint32_t *free_wait, const char *os_name, int64_t *tid_out) } */
    public static MemorySegment trt_bare_start$address() {
        return trt_bare_start.ADDR;
    }

    /**
     * {@snippet lang=c : int32_t trt_bare_start(trt_fn fn, void *arg, void *stack_lo, uint64_t stack_size, uint32_t *free_wait, const char *os_name, int64_t *tid_out) }
     * <p>Starts a BARE thread: a raw clone on [stack_lo, stack_lo + stack_size) with every
     * signal blocked, no TLS of its own, no libc. It sets its OS name to os_name
     * (unless NULL or empty; at most 15 bytes are kept, copied before the clone) by
     * prctl(PR_SET_NAME), then runs fn(arg), then trt_exit_thread(free_wait). fn must
     * use no TLS, no errno, no malloc, no stack protector and must never enter the
     * JVM. One clone attempt, never retried. Linux only; elsewhere TRT_ENOTSUP.
     * Returns TRT_OK, storing the new thread's id to *tid_out unless tid_out is NULL,
     * or a positive errno.
     */
    public static int trt_bare_start(MemorySegment fn, MemorySegment arg, MemorySegment stack_lo, long stack_size, MemorySegment free_wait, MemorySegment os_name, MemorySegment tid_out) {
        var mh$ = trt_bare_start.HANDLE;
        try {
            return (int)mh$.invokeExact(fn, arg, stack_lo, stack_size, free_wait, os_name, tid_out);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_exit_thread {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(threadrt_h.C_POINTER);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_exit_thread");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void trt_exit_thread(uint32_t *free_wait) } */
    public static FunctionDescriptor trt_exit_thread$descriptor() {
        return trt_exit_thread.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : void trt_exit_thread(uint32_t *free_wait) } */
    public static MethodHandle trt_exit_thread$handle() {
        return trt_exit_thread.HANDLE;
    }

    /** Address for: {@snippet lang=c : void trt_exit_thread(uint32_t *free_wait) } */
    public static MemorySegment trt_exit_thread$address() {
        return trt_exit_thread.ADDR;
    }

    /**
     * {@snippet lang=c : void trt_exit_thread(uint32_t *free_wait) }
     * <p>Stores 0 to *free_wait with release semantics, futex-wakes it (Linux), then ends
     * the calling thread with the raw exit syscall, touching no memory after the
     * store. For BARE threads only:
     * a thread that ever ran Java must end through libc.
     */
    public static void trt_exit_thread(MemorySegment free_wait) {
        var mh$ = trt_exit_thread.HANDLE;
        try {
            mh$.invokeExact(free_wait);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_named_entry {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(threadrt_h.C_POINTER);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_named_entry");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void trt_named_entry(void *start) } */
    public static FunctionDescriptor trt_named_entry$descriptor() {
        return trt_named_entry.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : void trt_named_entry(void *start) } */
    public static MethodHandle trt_named_entry$handle() {
        return trt_named_entry.HANDLE;
    }

    /** Address for: {@snippet lang=c : void trt_named_entry(void *start) } */
    public static MemorySegment trt_named_entry$address() {
        return trt_named_entry.ADDR;
    }

    /**
     * {@snippet lang=c : void trt_named_entry(void *start) }
     * <p>A thread entry (pass it to trt_thread_start or trt_thread_start_on_stack with a
     * struct trt_named_start as arg) that names the thread before it enters Java: sets
     * the OS name to os_name (unless 0; it must fit the OS's limit, 15 bytes on Linux;
     * Windows: SetThreadDescription, UTF-8 to UTF-16, where it exists), attaches the
     * thread to java_vm (a JavaVM*, unless 0) with AttachCurrentThreadAsDaemon and the
     * given name, runs entry(arg), then detaches
     * it if it attached it. The record is read before entry runs and never after.
     */
    public static void trt_named_entry(MemorySegment start) {
        var mh$ = trt_named_entry.HANDLE;
        try {
            mh$.invokeExact(start);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_page_size {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_h.C_LONG_LONG);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_page_size");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int64_t trt_page_size(void) } */
    public static FunctionDescriptor trt_page_size$descriptor() {
        return trt_page_size.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int64_t trt_page_size(void) } */
    public static MethodHandle trt_page_size$handle() {
        return trt_page_size.HANDLE;
    }

    /** Address for: {@snippet lang=c : int64_t trt_page_size(void) } */
    public static MemorySegment trt_page_size$address() {
        return trt_page_size.ADDR;
    }

    /**
     * {@snippet lang=c : int64_t trt_page_size(void) }
     * <p>The page size in bytes, as the OS reports it; stack and guard sizes must be
     * multiples of it.
     */
    public static long trt_page_size() {
        var mh$ = trt_page_size.HANDLE;
        try {
            return (long)mh$.invokeExact();
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_stack_map {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_h.C_POINTER, threadrt_h.C_LONG_LONG, threadrt_h.C_LONG_LONG);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_stack_map");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void *trt_stack_map(uint64_t size, uint64_t guard) } */
    public static FunctionDescriptor trt_stack_map$descriptor() {
        return trt_stack_map.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : void *trt_stack_map(uint64_t size, uint64_t guard) } */
    public static MethodHandle trt_stack_map$handle() {
        return trt_stack_map.HANDLE;
    }

    /** Address for: {@snippet lang=c : void *trt_stack_map(uint64_t size, uint64_t guard) } */
    public static MemorySegment trt_stack_map$address() {
        return trt_stack_map.ADDR;
    }

    /**
     * {@snippet lang=c : void *trt_stack_map(uint64_t size, uint64_t guard) }
     * <p>Maps guard + size bytes of private memory for a thread stack; the lowest guard
     * bytes are PROT_NONE. Returns the lowest address (the guard's start), or NULL.
     */
    public static MemorySegment trt_stack_map(long size, long guard) {
        var mh$ = trt_stack_map.HANDLE;
        try {
            return (MemorySegment)mh$.invokeExact(size, guard);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_stack_unmap {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_h.C_INT, threadrt_h.C_POINTER, threadrt_h.C_LONG_LONG, threadrt_h.C_LONG_LONG);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_stack_unmap");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int32_t trt_stack_unmap(void *base, uint64_t size, uint64_t guard) } */
    public static FunctionDescriptor trt_stack_unmap$descriptor() {
        return trt_stack_unmap.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int32_t trt_stack_unmap(void *base, uint64_t size, uint64_t guard) } */
    public static MethodHandle trt_stack_unmap$handle() {
        return trt_stack_unmap.HANDLE;
    }

    /** Address for: {@snippet lang=c : int32_t trt_stack_unmap(void *base, uint64_t size, uint64_t guard) } */
    public static MemorySegment trt_stack_unmap$address() {
        return trt_stack_unmap.ADDR;
    }

    /**
     * {@snippet lang=c : int32_t trt_stack_unmap(void *base, uint64_t size, uint64_t guard) }
     * <p>Unmaps a stack from trt_stack_map. Returns TRT_OK or the OS error code.
     */
    public static int trt_stack_unmap(MemorySegment base, long size, long guard) {
        var mh$ = trt_stack_unmap.HANDLE;
        try {
            return (int)mh$.invokeExact(base, size, guard);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_stack_reprotect {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_h.C_INT, threadrt_h.C_POINTER, threadrt_h.C_LONG_LONG, threadrt_h.C_LONG_LONG);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_stack_reprotect");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int32_t trt_stack_reprotect(void *base, uint64_t size, uint64_t guard) } */
    public static FunctionDescriptor trt_stack_reprotect$descriptor() {
        return trt_stack_reprotect.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int32_t trt_stack_reprotect(void *base, uint64_t size, uint64_t guard) } */
    public static MethodHandle trt_stack_reprotect$handle() {
        return trt_stack_reprotect.HANDLE;
    }

    /** Address for: {@snippet lang=c : int32_t trt_stack_reprotect(void *base, uint64_t size, uint64_t guard) } */
    public static MemorySegment trt_stack_reprotect$address() {
        return trt_stack_reprotect.ADDR;
    }

    /**
     * {@snippet lang=c : int32_t trt_stack_reprotect(void *base, uint64_t size, uint64_t guard) }
     * <p>Makes [base + guard, base + guard + size) read-write again and the guard PROT_NONE,
     * undoing zones a previous user (HotSpot) protected. Returns TRT_OK or the error.
     */
    public static int trt_stack_reprotect(MemorySegment base, long size, long guard) {
        var mh$ = trt_stack_reprotect.HANDLE;
        try {
            return (int)mh$.invokeExact(base, size, guard);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_stack_release {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_h.C_LONG_LONG, threadrt_h.C_LONG_LONG);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_stack_release");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int64_t trt_stack_release(uint64_t keep) } */
    public static FunctionDescriptor trt_stack_release$descriptor() {
        return trt_stack_release.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int64_t trt_stack_release(uint64_t keep) } */
    public static MethodHandle trt_stack_release$handle() {
        return trt_stack_release.HANDLE;
    }

    /** Address for: {@snippet lang=c : int64_t trt_stack_release(uint64_t keep) } */
    public static MemorySegment trt_stack_release$address() {
        return trt_stack_release.ADDR;
    }

    /**
     * {@snippet lang=c : int64_t trt_stack_release(uint64_t keep) }
     * <p>Gives the OS back the pages of the calling thread's own stack that lie more than
     * keep bytes below this function's frame: the dead part of the stack, below
     * every live frame. Their contents are lost (a later touch maps a zero page),
     * so only the running thread may ask, for its own stack. The stack's bounds
     * come from the thread library (pthread_getattr_np); pages below the stack are
     * never touched; keep is at least 4096. Not for BARE threads (no TLS of their
     * own), nor the process's main thread. Linux: madvise(MADV_DONTNEED). Returns the
     * length of the range given back, resident or not (0 when nothing lies below), or
     * a negated errno (-EINVAL: the frame is not in the reported stack); TRT_ENOTSUP
     * off Linux.
     */
    public static long trt_stack_release(long keep) {
        var mh$ = trt_stack_release.HANDLE;
        try {
            return (long)mh$.invokeExact(keep);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_futex_wait {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_h.C_INT, threadrt_h.C_POINTER, threadrt_h.C_INT, threadrt_h.C_LONG_LONG);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_futex_wait");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int32_t trt_futex_wait(uint32_t *addr, uint32_t expected, int64_t timeout_ns) } */
    public static FunctionDescriptor trt_futex_wait$descriptor() {
        return trt_futex_wait.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int32_t trt_futex_wait(uint32_t *addr, uint32_t expected, int64_t timeout_ns) } */
    public static MethodHandle trt_futex_wait$handle() {
        return trt_futex_wait.HANDLE;
    }

    /** Address for: {@snippet lang=c : int32_t trt_futex_wait(uint32_t *addr, uint32_t expected, int64_t timeout_ns) } */
    public static MemorySegment trt_futex_wait$address() {
        return trt_futex_wait.ADDR;
    }

    /**
     * {@snippet lang=c : int32_t trt_futex_wait(uint32_t *addr, uint32_t expected, int64_t timeout_ns) }
     * <p>Sleeps while *addr == expected, at most timeout_ns (negative: no limit). A timed
     * wait returns TRT_OK once it sees *addr != expected and TRT_TIMEDOUT once
     * timeout_ns have passed on the monotonic clock: a wake that leaves *addr unchanged,
     * a spurious wakeup or a signal sleeps again for the rest. An untimed wait returns
     * TRT_OK when woken, when *addr differed, or on a spurious wakeup.
     * Shared (not process-private) futex on Linux.
     */
    public static int trt_futex_wait(MemorySegment addr, int expected, long timeout_ns) {
        var mh$ = trt_futex_wait.HANDLE;
        try {
            return (int)mh$.invokeExact(addr, expected, timeout_ns);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_futex_wake {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_h.C_INT, threadrt_h.C_POINTER, threadrt_h.C_INT);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_futex_wake");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int32_t trt_futex_wake(uint32_t *addr, int32_t count) } */
    public static FunctionDescriptor trt_futex_wake$descriptor() {
        return trt_futex_wake.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int32_t trt_futex_wake(uint32_t *addr, int32_t count) } */
    public static MethodHandle trt_futex_wake$handle() {
        return trt_futex_wake.HANDLE;
    }

    /** Address for: {@snippet lang=c : int32_t trt_futex_wake(uint32_t *addr, int32_t count) } */
    public static MemorySegment trt_futex_wake$address() {
        return trt_futex_wake.ADDR;
    }

    /**
     * {@snippet lang=c : int32_t trt_futex_wake(uint32_t *addr, int32_t count) }
     * <p>Wakes up to count sleepers on addr. Returns how many were woken (Linux) or 0.
     */
    public static int trt_futex_wake(MemorySegment addr, int count) {
        var mh$ = trt_futex_wake.HANDLE;
        try {
            return (int)mh$.invokeExact(addr, count);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_gettid {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_h.C_LONG_LONG);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_gettid");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int64_t trt_gettid(void) } */
    public static FunctionDescriptor trt_gettid$descriptor() {
        return trt_gettid.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int64_t trt_gettid(void) } */
    public static MethodHandle trt_gettid$handle() {
        return trt_gettid.HANDLE;
    }

    /** Address for: {@snippet lang=c : int64_t trt_gettid(void) } */
    public static MemorySegment trt_gettid$address() {
        return trt_gettid.ADDR;
    }

    /**
     * {@snippet lang=c : int64_t trt_gettid(void) }
     * <p>The calling thread's OS thread id.
     */
    public static long trt_gettid() {
        var mh$ = trt_gettid.HANDLE;
        try {
            return (long)mh$.invokeExact();
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_osyield {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid();

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_osyield");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void trt_osyield(void) } */
    public static FunctionDescriptor trt_osyield$descriptor() {
        return trt_osyield.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : void trt_osyield(void) } */
    public static MethodHandle trt_osyield$handle() {
        return trt_osyield.HANDLE;
    }

    /** Address for: {@snippet lang=c : void trt_osyield(void) } */
    public static MemorySegment trt_osyield$address() {
        return trt_osyield.ADDR;
    }

    /**
     * {@snippet lang=c : void trt_osyield(void) }
     * <p>Yields the processor (sched_yield / SwitchToThread).
     */
    public static void trt_osyield() {
        var mh$ = trt_osyield.HANDLE;
        try {
            mh$.invokeExact();
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_usleep {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(threadrt_h.C_INT);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_usleep");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void trt_usleep(uint32_t usec) } */
    public static FunctionDescriptor trt_usleep$descriptor() {
        return trt_usleep.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : void trt_usleep(uint32_t usec) } */
    public static MethodHandle trt_usleep$handle() {
        return trt_usleep.HANDLE;
    }

    /** Address for: {@snippet lang=c : void trt_usleep(uint32_t usec) } */
    public static MemorySegment trt_usleep$address() {
        return trt_usleep.ADDR;
    }

    /**
     * {@snippet lang=c : void trt_usleep(uint32_t usec) }
     * <p>Sleeps usec microseconds.
     */
    public static void trt_usleep(int usec) {
        var mh$ = trt_usleep.HANDLE;
        try {
            mh$.invokeExact(usec);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_bind_m {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_h.C_INT, threadrt_h.C_POINTER, threadrt_h.C_POINTER);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_bind_m");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int32_t trt_bind_m(void *m, trt_fn on_thread_exit) } */
    public static FunctionDescriptor trt_bind_m$descriptor() {
        return trt_bind_m.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int32_t trt_bind_m(void *m, trt_fn on_thread_exit) } */
    public static MethodHandle trt_bind_m$handle() {
        return trt_bind_m.HANDLE;
    }

    /** Address for: {@snippet lang=c : int32_t trt_bind_m(void *m, trt_fn on_thread_exit) } */
    public static MemorySegment trt_bind_m$address() {
        return trt_bind_m.ADDR;
    }

    /**
     * {@snippet lang=c : int32_t trt_bind_m(void *m, trt_fn on_thread_exit) }
     * <p>Binds m to the calling thread. When the thread ends with m still bound,
     * on_thread_exit(m) runs on it (pthread key destructor; Windows FLS callback).
     * on_thread_exit is process-wide: the last one given is used.
     */
    public static int trt_bind_m(MemorySegment m, MemorySegment on_thread_exit) {
        var mh$ = trt_bind_m.HANDLE;
        try {
            return (int)mh$.invokeExact(m, on_thread_exit);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_bound_m {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_h.C_POINTER);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_bound_m");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void *trt_bound_m(void) } */
    public static FunctionDescriptor trt_bound_m$descriptor() {
        return trt_bound_m.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : void *trt_bound_m(void) } */
    public static MethodHandle trt_bound_m$handle() {
        return trt_bound_m.HANDLE;
    }

    /** Address for: {@snippet lang=c : void *trt_bound_m(void) } */
    public static MemorySegment trt_bound_m$address() {
        return trt_bound_m.ADDR;
    }

    /**
     * {@snippet lang=c : void *trt_bound_m(void) }
     * <p>The m bound to the calling thread, or NULL.
     */
    public static MemorySegment trt_bound_m() {
        var mh$ = trt_bound_m.HANDLE;
        try {
            return (MemorySegment)mh$.invokeExact();
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_unbind_m {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_h.C_INT);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_unbind_m");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int32_t trt_unbind_m(void) } */
    public static FunctionDescriptor trt_unbind_m$descriptor() {
        return trt_unbind_m.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int32_t trt_unbind_m(void) } */
    public static MethodHandle trt_unbind_m$handle() {
        return trt_unbind_m.HANDLE;
    }

    /** Address for: {@snippet lang=c : int32_t trt_unbind_m(void) } */
    public static MemorySegment trt_unbind_m$address() {
        return trt_unbind_m.ADDR;
    }

    /**
     * {@snippet lang=c : int32_t trt_unbind_m(void) }
     * <p>Unbinds the calling thread's m without calling the destructor.
     */
    public static int trt_unbind_m() {
        var mh$ = trt_unbind_m.HANDLE;
        try {
            return (int)mh$.invokeExact();
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_extra_push {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(threadrt_h.C_POINTER);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_extra_push");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void trt_extra_push(void *m) } */
    public static FunctionDescriptor trt_extra_push$descriptor() {
        return trt_extra_push.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : void trt_extra_push(void *m) } */
    public static MethodHandle trt_extra_push$handle() {
        return trt_extra_push.HANDLE;
    }

    /** Address for: {@snippet lang=c : void trt_extra_push(void *m) } */
    public static MemorySegment trt_extra_push$address() {
        return trt_extra_push.ADDR;
    }

    /**
     * {@snippet lang=c : void trt_extra_push(void *m) }
     * <p>Pushes the extra M whose native block (struct trt_extra_m) is at m onto the list
     * its block names (m-&gt;list): the seed's lockextra + unlockextra. CAS the head to
     * TRT_EXTRA_LOCKED (yielding while another holder has it), link, count, store the
     * new head with release semantics. org.threadrt runs the same algorithm from Java
     * on the same words. Native only, so it can be trt_bind_m's on_thread_exit: that
     * destructor runs after HotSpot detached the thread, where an upcall would attach
     * it again for good.
     */
    public static void trt_extra_push(MemorySegment m) {
        var mh$ = trt_extra_push.HANDLE;
        try {
            mh$.invokeExact(m);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_lock {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(threadrt_h.C_POINTER);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_lock");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void trt_lock(uint32_t *key) } */
    public static FunctionDescriptor trt_lock$descriptor() {
        return trt_lock.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : void trt_lock(uint32_t *key) } */
    public static MethodHandle trt_lock$handle() {
        return trt_lock.HANDLE;
    }

    /** Address for: {@snippet lang=c : void trt_lock(uint32_t *key) } */
    public static MemorySegment trt_lock$address() {
        return trt_lock.ADDR;
    }

    /**
     * {@snippet lang=c : void trt_lock(uint32_t *key) }
     * <p>Takes the runtime lock at key: bit 0 held, bits 1-31 twice the number of waiters.
     * Same algorithm as org.threadrt.RuntimeLock, so C and Java share one word.
     */
    public static void trt_lock(MemorySegment key) {
        var mh$ = trt_lock.HANDLE;
        try {
            mh$.invokeExact(key);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_trylock {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(threadrt_h.C_INT, threadrt_h.C_POINTER);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_trylock");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int32_t trt_trylock(uint32_t *key) } */
    public static FunctionDescriptor trt_trylock$descriptor() {
        return trt_trylock.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int32_t trt_trylock(uint32_t *key) } */
    public static MethodHandle trt_trylock$handle() {
        return trt_trylock.HANDLE;
    }

    /** Address for: {@snippet lang=c : int32_t trt_trylock(uint32_t *key) } */
    public static MemorySegment trt_trylock$address() {
        return trt_trylock.ADDR;
    }

    /**
     * {@snippet lang=c : int32_t trt_trylock(uint32_t *key) }
     * <p>Takes the lock if free: 1 taken, 0 not.
     */
    public static int trt_trylock(MemorySegment key) {
        var mh$ = trt_trylock.HANDLE;
        try {
            return (int)mh$.invokeExact(key);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class trt_unlock {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(threadrt_h.C_POINTER);

        public static final MemorySegment ADDR = threadrt_h.findOrThrow("trt_unlock");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void trt_unlock(uint32_t *key) } */
    public static FunctionDescriptor trt_unlock$descriptor() {
        return trt_unlock.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : void trt_unlock(uint32_t *key) } */
    public static MethodHandle trt_unlock$handle() {
        return trt_unlock.HANDLE;
    }

    /** Address for: {@snippet lang=c : void trt_unlock(uint32_t *key) } */
    public static MemorySegment trt_unlock$address() {
        return trt_unlock.ADDR;
    }

    /**
     * {@snippet lang=c : void trt_unlock(uint32_t *key) }
     * <p>Releases the lock, waking one waiter if any.
     */
    public static void trt_unlock(MemorySegment key) {
        var mh$ = trt_unlock.HANDLE;
        try {
            mh$.invokeExact(key);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }
}
