package org.threadrt.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
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
 */
public final class FfmPort implements Port {
    private static final System.Logger LOG = System.getLogger("org.threadrt.ffm");

    /** Bodies waiting for their thread, by token. */
    private static final Map<Long, Runnable> pendingBodies = new ConcurrentHashMap<>();
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
        /** The thread-exit destructor of a CACHED callback thread: native only (see trt_extra_push). */
        static final MemorySegment EXTRA_PUSH = threadrt_h.trt_extra_push$address();

        static {
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
            Runnable body = pendingBodies.remove(token.address());
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

    private static long park(Runnable body) {
        long token = nextToken.getAndIncrement();
        pendingBodies.put(token, body);
        return token;
    }

    @Override
    public void startThread(Runnable body, long stackSize) {
        MemorySegment entry = Shim.THREAD_ENTRY;
        long token = park(body);
        int rc = threadrt_h.trt_thread_start(entry, MemorySegment.ofAddress(token), stackSize);
        if (rc != threadrt_h.TRT_OK()) {
            pendingBodies.remove(token);
            throw new ThreadStartException("threadrt: cannot start an OS thread with a " + stackSize
                    + "-byte stack on " + platform(), rc);
        }
    }

    @Override
    public void startThreadOnStack(Runnable body, NativeStack stack, MemorySegment freeWait) {
        MemorySegment entry = Shim.THREAD_ENTRY;
        long token = park(body);
        int rc = threadrt_h.trt_thread_start_on_stack(entry, MemorySegment.ofAddress(token),
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
        try (Arena call = Arena.ofConfined()) {
            MemorySegment tid = call.allocate(JAVA_LONG);
            int rc = threadrt_h.trt_bare_start(fn, arg, MemorySegment.ofAddress(stack.base() + stack.guard()),
                    stack.usableSize(), freeWait, tid);
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
