package org.threadrt.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.threadrt.StackPolicy;
import org.threadrt.ThreadStartException;
import org.threadrt.ffm.bind.Platforms;
import org.threadrt.ffm.bind.threadrt_h;
import org.threadrt.ffm.internal.NativeLoader;
import org.threadrt.spi.ExtraMLayout;
import org.threadrt.spi.NativeStack;
import org.threadrt.spi.Port;

/**
 * The {@link Port} for real machines: each method is one downcall into the generated shim
 * ({@link threadrt_h}), and every thread the shim starts enters Java through one upcall
 * stub, {@link #threadEntry}.
 *
 * <p>How a body reaches its thread: the body is parked in {@link #pendingBodies} under a
 * fresh token, and the token (not a pointer to anything Java) is the native {@code arg}
 * of the new thread. The upcall takes the body out by its token and runs it. A token that
 * is never taken (the start failed) is removed by the starter. Rejected alternative: one
 * upcall stub per thread, which would cost an arena and a stub generation per M.
 *
 * <p>The shim is loaded once, on first use: the binding looks its symbols up in the shim's own
 * {@code SymbolLookup.libraryLookup}, which it takes from the loader ({@code NativeLoader}) when its
 * class initialises, so the first downcall of any method loads the shim and no method needs a "loaded
 * yet?" check. A JVM with no shim for its platform gets an {@link IllegalStateException} (from
 * {@link #platform()}, or wrapped in the binding's initialiser error) that says how to build one;
 * {@link NativeShim} describes the shim without throwing.
 *
 * <p>Named threads ({@link #startThread(Runnable, long, String)}): the thread's entry is the shim's
 * {@code trt_named_entry}, whose record (a {@code struct trt_named_start}, with the names) is parked with
 * the body: the shim sets the OS name, attaches the thread to this JVM through JNI with its Java name, then
 * makes the upcall, so thread dumps, JFR and the OS show the name from the thread's first instruction in
 * Java. HotSpot names a thread once, when it attaches it, and JFR keeps that name; an upcall attaches as
 * {@code Thread-N} (docs/DESIGN.md has the measurements). When this JVM's {@code JNI_GetCreatedJavaVMs}
 * cannot be found, the shim only sets the OS name and the runtime renames the thread in Java.
 */
public final class FfmPort implements Port {
    private static final System.Logger LOG = System.getLogger("org.threadrt.ffm");

    /**
     * Bodies waiting for their thread, by token, with the native record of a named start (or null). The
     * record lives in an automatic arena: this map keeps it reachable until the thread's upcall takes the
     * body, and the shim reads it only before that upcall, so the GC frees it only once nothing reads it.
     */
    private static final Map<Long, Pending> pendingBodies = new ConcurrentHashMap<>();

    private record Pending(Runnable body, MemorySegment namedStart) {}
    private static final AtomicLong nextToken = new AtomicLong(1);

    /** Made on first use from the loaded shim: every instance shares them. */
    private static final class Shim {
        static final long PAGE_SIZE = threadrt_h.trt_page_size();
        static final MemorySegment THREAD_ENTRY = threadEntryStub();
        /** Short, non-blocking calls bound without the thread-state transition. */
        static final MethodHandle FUTEX_WAKE = critical(threadrt_h.trt_futex_wake$address(),
                threadrt_h.trt_futex_wake$descriptor());
        static final MethodHandle GETTID = critical(threadrt_h.trt_gettid$address(),
                threadrt_h.trt_gettid$descriptor());
        static final MethodHandle BOUND_M = critical(threadrt_h.trt_bound_m$address(),
                threadrt_h.trt_bound_m$descriptor());
        static final MethodHandle BIND_M = critical(threadrt_h.trt_bind_m$address(),
                threadrt_h.trt_bind_m$descriptor());
        /** The entry that names a thread before it enters Java (trt_named_entry). */
        static final MemorySegment NAMED_ENTRY = threadrt_h.trt_named_entry$address();
        /** This JVM's JavaVM*, or NULL when it could not be found (then names are given in Java). */
        static final MemorySegment JAVA_VM = findJavaVm();
        /** How many bytes of a thread's name the OS keeps, or 0 where the shim sets none. */
        static final int OS_NAME_BYTES = osNameBytes(NativeLoader.shim().platform());
        /** The thread-exit destructor of a CACHED callback thread: native only (see trt_extra_push). */
        static final MemorySegment EXTRA_PUSH = threadrt_h.trt_extra_push$address();

        static {
            if (threadrt_h.TRT_NAMED_SIZE() != 40 || threadrt_h.TRT_NAMED_OS_NAME() != 32) {
                throw new IllegalStateException("threadrt: the shim's struct trt_named_start differs from FfmPort's");
            }
            if (threadrt_h.TRT_EXTRA_LOCKED() != ExtraMLayout.LOCKED || threadrt_h.TRT_EXTRA_NEXT() != ExtraMLayout.NEXT
                    || threadrt_h.TRT_EXTRA_LIST() != ExtraMLayout.LIST
                    || threadrt_h.TRT_EXTRA_LENGTH() != ExtraMLayout.LENGTH) {
                throw new IllegalStateException("threadrt: the shim's extra-M layout (threadrt.h TRT_EXTRA_*) differs "
                        + "from org.threadrt.spi.ExtraMLayout: runtime-core and the shim do not match");
            }
        }

        private static MethodHandle critical(MemorySegment address, FunctionDescriptor descriptor) {
            return Linker.nativeLinker().downcallHandle(address, descriptor, Linker.Option.critical(false));
        }

        /*
         * The JavaVM* through JNI_GetCreatedJavaVMs, looked up in this JVM's own libjvm: by its bare name
         * first (the dynamic linker hands back the library already loaded under that name), then in the
         * runtime image's server and client folders. Never fails: NULL means "name threads in Java".
         */
        private static MemorySegment findJavaVm() {
            List<String> candidates = new ArrayList<>();
            String lib = System.mapLibraryName("jvm");
            candidates.add(lib);
            Path home = Path.of(System.getProperty("java.home", "."));
            for (String dir : List.of("lib/server", "lib/client", "bin/server", "bin/client", "lib/zero")) {
                Path p = home.resolve(dir).resolve(lib);
                if (Files.isRegularFile(p)) {
                    candidates.add(p.toString());
                }
            }
            for (String candidate : candidates) {
                try {
                    SymbolLookup jvm = SymbolLookup.libraryLookup(candidate, Arena.global());
                    MemorySegment get = jvm.find("JNI_GetCreatedJavaVMs").orElse(null);
                    if (get == null) {
                        continue;
                    }
                    MethodHandle h = Linker.nativeLinker().downcallHandle(get,
                            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
                    try (Arena call = Arena.ofConfined()) {
                        MemorySegment vms = call.allocate(ADDRESS);
                        MemorySegment count = call.allocate(JAVA_INT);
                        int rc = (int) h.invokeExact(vms, 1, count);
                        if (rc == 0 && count.get(JAVA_INT, 0) >= 1) {
                            return vms.get(ADDRESS, 0);
                        }
                    }
                } catch (Throwable t) {
                    // not this candidate
                }
            }
            LOG.log(System.Logger.Level.INFO, "threadrt: JNI_GetCreatedJavaVMs not found in this JVM; Ms get their "
                    + "Java names after attach (JFR will show Thread-N for them)");
            return MemorySegment.NULL;
        }

        private static MemorySegment threadEntryStub() {
            try {
                MethodHandle target = MethodHandles.lookup().findStatic(FfmPort.class, "threadEntry",
                        MethodType.methodType(void.class, MemorySegment.class));
                return Linker.nativeLinker().upcallStub(target, FunctionDescriptor.ofVoid(ADDRESS), Arena.global());
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** For {@link java.util.ServiceLoader}; the shim loads on first use. */
    public FfmPort() {}

    /**
     * The upcall every shim-started thread makes, once. Catches everything: an exception
     * escaping an upcall ends the JVM.
     */
    private static void threadEntry(MemorySegment token) {
        try {
            Pending pending = pendingBodies.remove(token.address());
            Runnable body = pending == null ? null : pending.body();
            if (body == null) {
                LOG.log(System.Logger.Level.ERROR, "threadrt: a native thread started with unknown token "
                        + token.address() + "; it ends without running anything");
                return;
            }
            body.run();
        } catch (Throwable t) {
            try {
                LOG.log(System.Logger.Level.ERROR, "threadrt: uncaught exception on an M thread", t);
            } catch (Throwable ignored) {
                // Nothing may escape an upcall.
            }
        }
    }

    @Override
    public String platform() {
        return NativeLoader.shim().platform();
    }

    @Override
    public boolean supports(StackPolicy policy) {
        return switch (policy) {
            case OS -> true;
            // The kernel's exit-time store (set_tid_address) and raw clone: as the platform table says.
            case RUNTIME -> Platforms.byName(platform()).map(Platforms.Platform::runtimeStacks).orElse(false);
            case BARE -> Platforms.byName(platform()).map(Platforms.Platform::bareThreads).orElse(false);
        };
    }

    @Override
    public long pageSize() {
        return Shim.PAGE_SIZE;
    }

    /*
     * The native record of a named start: the JavaVM*, the upcall entry and the token, and the two names,
     * in one automatic-arena allocation (its lifetime: see pendingBodies). The Java name goes to JNI only
     * when standard and modified UTF-8 agree on it (no supplementary characters; control characters are
     * refused by RuntimeConfig), else the runtime renames the thread in Java.
     */
    private static MemorySegment namedStart(long token, String name) {
        Arena arena = Arena.ofAuto();
        MemorySegment start = arena.allocate(threadrt_h.TRT_NAMED_SIZE(), 8);
        start.set(JAVA_LONG, threadrt_h.TRT_NAMED_JAVA_VM(), Shim.JAVA_VM.address());
        start.set(JAVA_LONG, threadrt_h.TRT_NAMED_ENTRY(), Shim.THREAD_ENTRY.address());
        start.set(JAVA_LONG, threadrt_h.TRT_NAMED_ARG(), token);
        boolean jniSafe = name.codePoints().allMatch(c -> c > 0 && c < 0x10000);
        start.set(JAVA_LONG, threadrt_h.TRT_NAMED_NAME(), jniSafe ? arena.allocateFrom(name).address() : 0);
        String osName = osThreadName(name, Shim.OS_NAME_BYTES);
        start.set(JAVA_LONG, threadrt_h.TRT_NAMED_OS_NAME(), osName == null ? 0 : arena.allocateFrom(osName).address());
        return start;
    }

    /** How many bytes of a thread name the platform's OS keeps (without the NUL), or 0 for "set none". */
    static int osNameBytes(String platform) {
        if (platform.startsWith("windows-")) {
            return 255; // SetThreadDescription has no small limit; the shim converts into 256 UTF-16 units
        } else if (platform.startsWith("linux-")) {
            return 15; // TASK_COMM_LEN - 1
        } else if (platform.startsWith("freebsd-")) {
            return 19; // MAXCOMLEN
        } else if (platform.startsWith("darwin-")) {
            return 63; // MAXTHREADNAMESIZE - 1
        }
        return 0;
    }

    /**
     * A thread name cut to {@code maxBytes} of UTF-8 for the OS, readably: a name that fits is kept; a longer
     * one keeps its start and its end, where the M number is, joined by {@code ~}
     * ({@code netns-workers-2-M17} becomes {@code netns-~rs-2-M17} in Linux's 15 bytes). Never splits a
     * character. Null when {@code maxBytes} is 0.
     */
    static String osThreadName(String name, int maxBytes) {
        if (maxBytes <= 0) {
            return null;
        }
        if (name.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return name;
        }
        int headBytes = (maxBytes - 1) / 2 - 1;
        int tailBytes = maxBytes - 1 - headBytes;
        StringBuilder head = new StringBuilder();
        int used = 0;
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            int n = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
            if (used + n > headBytes) {
                break;
            }
            head.appendCodePoint(c);
            used += n;
            i += Character.charCount(c);
        }
        StringBuilder tail = new StringBuilder();
        used = 0;
        for (int i = name.length(); i > 0; ) {
            int c = name.codePointBefore(i);
            int n = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
            if (used + n > tailBytes) {
                break;
            }
            tail.insert(0, Character.toChars(c));
            used += n;
            i -= Character.charCount(c);
        }
        return head + "~" + tail;
    }

    @Override
    public void startThread(Runnable body, long stackSize) {
        start(body, stackSize, null);
    }

    @Override
    public void startThread(Runnable body, long stackSize, String threadName) {
        start(body, stackSize, Objects.requireNonNull(threadName, "threadName"));
    }

    private void start(Runnable body, long stackSize, String threadName) {
        long token = nextToken.getAndIncrement();
        MemorySegment named = threadName == null ? null : namedStart(token, threadName);
        pendingBodies.put(token, new Pending(body, named));
        int rc = threadrt_h.trt_thread_start(named == null ? Shim.THREAD_ENTRY : Shim.NAMED_ENTRY,
                named == null ? MemorySegment.ofAddress(token) : named, stackSize);
        if (rc != threadrt_h.TRT_OK()) {
            pendingBodies.remove(token);
            throw new ThreadStartException("threadrt: cannot start an OS thread with a " + stackSize
                    + "-byte stack on " + platform(), rc);
        }
    }

    @Override
    public void startThreadOnStack(Runnable body, NativeStack stack, MemorySegment freeWait) {
        startOnStack(body, stack, freeWait, null);
    }

    @Override
    public void startThreadOnStack(Runnable body, NativeStack stack, MemorySegment freeWait, String threadName) {
        startOnStack(body, stack, freeWait, Objects.requireNonNull(threadName, "threadName"));
    }

    private void startOnStack(Runnable body, NativeStack stack, MemorySegment freeWait, String threadName) {
        long token = nextToken.getAndIncrement();
        MemorySegment named = threadName == null ? null : namedStart(token, threadName);
        pendingBodies.put(token, new Pending(body, named));
        int rc = threadrt_h.trt_thread_start_on_stack(named == null ? Shim.THREAD_ENTRY : Shim.NAMED_ENTRY,
                named == null ? MemorySegment.ofAddress(token) : named,
                MemorySegment.ofAddress(stack.base() + stack.guard()), stack.usableSize(), freeWait);
        if (rc != threadrt_h.TRT_OK()) {
            pendingBodies.remove(token);
            throw new ThreadStartException("threadrt: cannot start a thread on the runtime stack " + stack
                    + " on " + platform() + (rc == threadrt_h.TRT_ENOTSUP() ? ": not supported here" : ""),
                    rc);
        }
    }

    @Override
    public long startBare(MemorySegment fn, MemorySegment arg, NativeStack stack, MemorySegment freeWait) {
        return bare(fn, arg, stack, freeWait, null);
    }

    /** The BARE thread names itself (prctl) from a copy the shim makes before the clone: one clone, no retry. */
    @Override
    public long startBare(MemorySegment fn, MemorySegment arg, NativeStack stack, MemorySegment freeWait,
                          String threadName) {
        return bare(fn, arg, stack, freeWait, Objects.requireNonNull(threadName, "threadName"));
    }

    private long bare(MemorySegment fn, MemorySegment arg, NativeStack stack, MemorySegment freeWait,
                      String threadName) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment tid = call.allocate(JAVA_LONG);
            String osName = threadName == null ? null : osThreadName(threadName, Shim.OS_NAME_BYTES);
            MemorySegment name = osName == null ? MemorySegment.NULL : call.allocateFrom(osName);
            int rc = threadrt_h.trt_bare_start(fn, arg, MemorySegment.ofAddress(stack.base() + stack.guard()),
                    stack.usableSize(), freeWait, name, tid);
            if (rc != threadrt_h.TRT_OK()) {
                throw new ThreadStartException("threadrt: cannot start a BARE thread on " + stack + " on "
                        + platform() + (rc == threadrt_h.TRT_ENOTSUP() ? ": not supported here" : ""), rc);
            }
            return tid.get(JAVA_LONG, 0);
        }
    }

    @Override
    public NativeStack mapStack(long size, long guard) {
        MemorySegment base = threadrt_h.trt_stack_map(size - guard, guard);
        if (base.address() == 0) {
            throw new ThreadStartException("threadrt: cannot map a " + size + "-byte stack on " + platform(), -1);
        }
        return NativeStack.of(base.address(), size, guard);
    }

    @Override
    public void unmapStack(NativeStack stack) {
        int rc = threadrt_h.trt_stack_unmap(MemorySegment.ofAddress(stack.base()), stack.usableSize(),
                stack.guard());
        if (rc != threadrt_h.TRT_OK()) {
            throw new IllegalStateException("threadrt: munmap of " + stack + " failed (errno " + rc + ")");
        }
    }

    @Override
    public void reprotectStack(NativeStack stack) {
        int rc = threadrt_h.trt_stack_reprotect(MemorySegment.ofAddress(stack.base()), stack.usableSize(),
                stack.guard());
        if (rc != threadrt_h.TRT_OK()) {
            throw new IllegalStateException("threadrt: mprotect of " + stack + " failed (errno " + rc + ")");
        }
    }

    /** One downcall: the shim finds the frame and the stack's bounds itself (Java knows neither). */
    @Override
    public long releaseDeadStack(long keepBytes) {
        if (keepBytes < 0) {
            throw new IllegalArgumentException("keepBytes must not be negative: " + keepBytes);
        }
        long rc = threadrt_h.trt_stack_release(keepBytes);
        return rc == threadrt_h.TRT_ENOTSUP() ? 0 : rc;
    }

    @Override
    public boolean futexWait(MemorySegment word, int expected, long timeoutNanos) {
        return threadrt_h.trt_futex_wait(word, expected, timeoutNanos) == threadrt_h.TRT_TIMEDOUT();
    }

    @Override
    public void futexWake(MemorySegment word, int count) {
        try {
            int woken = (int) Shim.FUTEX_WAKE.invokeExact(word, count);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    @Override
    public long gettid() {
        try {
            return (long) Shim.GETTID.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    @Override
    public void osyield() {
        threadrt_h.trt_osyield();
    }

    @Override
    public void usleep(int micros) {
        threadrt_h.trt_usleep(micros);
    }

    @Override
    public MemorySegment upcallStub(MethodHandle target, FunctionDescriptor descriptor, Arena arena) {
        return Linker.nativeLinker().upcallStub(target, descriptor, arena);
    }

    @Override
    public boolean bindExtraM(MemorySegment block) {
        try {
            return (int) Shim.BIND_M.invokeExact(block, Shim.EXTRA_PUSH) == threadrt_h.TRT_OK();
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    @Override
    public long boundExtraM() {
        try {
            return ((MemorySegment) Shim.BOUND_M.invokeExact()).address();
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }
}
