package org.threadrt.spi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import org.threadrt.StackPolicy;
import org.threadrt.ThreadStartException;

/**
 * The only way the runtime reaches the operating system.
 *
 * <p>The runtime ({@code org.threadrt.internal}) holds every scheduling rule: which M to start, when it
 * exits, when its stack may be freed. A port holds none: it starts threads, maps stacks and sleeps on
 * words, and does each of these exactly as asked. The port for real machines ({@code org.threadrt.ffm})
 * is a thin adapter over the generated {@code trt_} C ABI; each method below names the function it maps
 * to. Ports are found with {@link java.util.ServiceLoader} or handed to
 * {@code ThreadRuntime.start(RuntimeConfig, Port)}.
 *
 * <p>Rules for every method:
 * <ul>
 *   <li>Thread-safe: any method may be called by any thread at any time, concurrently.</li>
 *   <li>Never calls back into the runtime except by running a body handed to it.</li>
 *   <li>Never blocks except where the method says so ({@link #futexWait}, {@link #usleep},
 *       {@link #osyield}); in particular the runtime may call {@link #futexWake} and
 *       {@link #futexWait} while it holds its scheduler lock's word.</li>
 *   <li>Word arguments ({@code freeWait}, futex words) are 4-byte-aligned native segments of at least
 *       4 bytes owned by the runtime; the port must not keep them beyond what the method says.</li>
 * </ul>
 */
public interface Port {

    /**
     * The platform this port runs on, as the shim names it ({@code trt_platform()}), e.g.
     * {@code "linux-x86_64"}. Used in messages. Called by any thread.
     *
     * @return the platform's name
     */
    String platform();

    /**
     * Whether threads of the given stack policy can be started here. {@link StackPolicy#OS} must always be
     * supported; {@code RUNTIME} and {@code BARE} only where the kernel reports thread exit by clearing a
     * word (Linux: set_tid_address / CLONE_CHILD_CLEARTID). Called by {@code ThreadRuntime.start} before
     * any other method, so a refusal reaches the user before any native call.
     *
     * @param policy the stack policy asked about
     * @return true if threads of {@code policy} can be started
     */
    boolean supports(StackPolicy policy);

    /**
     * The page size in bytes; stack sizes and guard zones are rounded up to it. Called by any thread.
     *
     * @return the page size in bytes
     */
    long pageSize();

    /**
     * Starts a detached OS thread with an OS-allocated stack of {@code stackSize} bytes (policy
     * {@link StackPolicy#OS}; {@code trt_thread_start}: pthread_create + pthread_detach, one attempt, on
     * Windows CreateThread + CloseHandle). A port does not retry a refusal: the runtime does, on its own
     * timer (its refusal episode), so that no caller waits for the OS.
     *
     * <p>On the new thread the port runs {@code body.run()} exactly once (on the FFM port: as an upcall,
     * which attaches the thread to the JVM) and then lets the thread end by returning through libc. The
     * body never throws (the runtime catches every Throwable inside it); a port should still catch one and
     * report it rather than let the upcall end the JVM. Called by the runtime on the thread that submits
     * work or on an exiting M, never with the scheduler lock held. Must not wait for the body.
     *
     * @param body what the new thread runs, once
     * @param stackSize the stack size in bytes
     * @throws ThreadStartException if the thread could not be created; the body then never runs
     */
    void startThread(Runnable body, long stackSize);

    /**
     * Starts a detached OS thread on a stack the runtime mapped (policy {@link StackPolicy#RUNTIME};
     * {@code trt_thread_start_on_stack}). The thread's first act, before running any Java, is to register
     * {@code freeWait} as its clear-child-tid word (Linux: set_tid_address), so that the kernel stores 0
     * to it and futex-wakes it (a shared wake) once the thread is completely gone and its stack is no
     * longer in use. The runtime stores 1 to {@code freeWait} before this call.
     *
     * <p>Then the body runs exactly once, as for {@link #startThread}, and the thread ends by returning
     * through libc; never through a raw exit, since it ran Java. Called without the scheduler lock held.
     * The port must keep using neither {@code stack} nor {@code freeWait} after the thread is gone.
     *
     * @param body what the new thread runs, once
     * @param stack the runtime-mapped stack the thread runs on
     * @param freeWait the word the kernel clears and wakes once the thread is gone
     * @throws ThreadStartException if the thread could not be created; the body then never runs and the
     *                              kernel will never write {@code freeWait}
     */
    void startThreadOnStack(Runnable body, NativeStack stack, MemorySegment freeWait);

    /**
     * {@link #startThread(Runnable, long)} for a thread that is to be called {@code threadName} everywhere a
     * user looks: its Java name from the moment it first enters Java (thread dumps, JFR's event thread,
     * which keeps the name a thread had when it was attached) and its OS name (cut to the OS's limit). The
     * runtime always calls this form. The default starts the thread unnamed; the runtime then renames it
     * with {@link Thread#setName} as its first Java act, which JFR and the OS do not see for a thread
     * HotSpot attached, so a port that can name a thread before it enters Java should override this.
     *
     * @param body what the new thread runs, once
     * @param stackSize the stack size in bytes
     * @param threadName the thread's Java and OS name
     */
    default void startThread(Runnable body, long stackSize, String threadName) {
        startThread(body, stackSize);
    }

    /**
     * {@link #startThreadOnStack(Runnable, NativeStack, MemorySegment)} with a name, as {@link #startThread(Runnable, long, String)}.
     *
     * @param body what the new thread runs, once
     * @param stack the runtime-mapped stack the thread runs on
     * @param freeWait the word the kernel clears and wakes once the thread is gone
     * @param threadName the thread's Java and OS name
     */
    default void startThreadOnStack(Runnable body, NativeStack stack, MemorySegment freeWait, String threadName) {
        startThreadOnStack(body, stack, freeWait);
    }

    /**
     * Starts a BARE thread ({@code trt_bare_start}): a raw clone on {@code stack} that runs the native
     * function {@code fn(arg)} and, when it returns, stores 0 to {@code freeWait} with release semantics
     * and makes the thread-exit syscall without touching the stack. The thread has no TLS of its own, no
     * libc and never enters the JVM. The runtime stores 1 to {@code freeWait} before this call.
     *
     * @param fn the address of the native function to run
     * @param arg the argument passed to {@code fn}
     * @param stack the runtime-mapped stack the thread runs on
     * @param freeWait the word set to 0 when {@code fn} returns
     * @return the new thread's OS thread id (&gt; 0)
     * @throws ThreadStartException if the clone failed (with its errno); {@code freeWait} is then never written
     */
    long startBare(MemorySegment fn, MemorySegment arg, NativeStack stack, MemorySegment freeWait);

    /**
     * {@link #startBare(MemorySegment, MemorySegment, NativeStack, MemorySegment)} for a thread whose OS name
     * (Linux: comm, what top -H, perf and gdb show; cut to the OS's limit) is {@code threadName} before
     * {@code fn} runs. A BARE thread has no Java name. The runtime always calls this form; the default
     * starts the thread unnamed (its OS name stays its creator's).
     *
     * @param fn the address of the native function to run
     * @param arg the argument passed to {@code fn}
     * @param stack the runtime-mapped stack the thread runs on
     * @param freeWait the word set to 0 when {@code fn} returns
     * @param threadName the thread's OS name
     * @return the new thread's OS thread id (&gt; 0)
     * @throws ThreadStartException if the clone failed (with its errno); {@code freeWait} is then never written
     */
    default long startBare(MemorySegment fn, MemorySegment arg, NativeStack stack, MemorySegment freeWait,
                           String threadName) {
        return startBare(fn, arg, stack, freeWait);
    }

    /**
     * Maps a stack of {@code size} bytes whose lowest {@code guard} bytes are PROT_NONE
     * ({@code trt_stack_map}). Both are multiples of {@link #pageSize()}. Called without the scheduler lock.
     *
     * @param size the mapping's size in bytes, guard included
     * @param guard the guard zone's size in bytes
     * @return the mapped stack
     * @throws ThreadStartException (with errno) if the mapping failed
     */
    NativeStack mapStack(long size, long guard);

    /**
     * Unmaps a stack returned by {@link #mapStack} ({@code trt_stack_unmap}). The runtime calls it only
     * once no thread uses the stack any more (its freeWait word read 0). Called without the scheduler lock.
     *
     * @param stack the stack to unmap
     */
    void unmapStack(NativeStack stack);

    /**
     * Restores read/write protection on everything above the guard zone of a used stack before it is
     * given to a new thread ({@code trt_stack_reprotect}): HotSpot leaves its own PROT_NONE zone just
     * above the guard of a user-supplied stack. Called without the scheduler lock.
     *
     * @param stack the used stack to reprotect
     */
    void reprotectStack(NativeStack stack);

    /**
     * Gives the OS back the pages of the calling thread's own stack that lie more than {@code keepBytes}
     * below the caller's frames: the dead part, below every live frame ({@code trt_stack_release}). Their
     * contents are lost, so a thread may ask only for its own stack, and only for what is below it. The
     * runtime calls it once per task M, on the M itself, just before the M first sleeps idle: HotSpot's
     * interpreter touched its whole stack shadow zone below the M's first (interpreted) frames, and those
     * pages would otherwise stay resident for the M's life (docs/DESIGN.md "Memory per idle M"). Called
     * without the scheduler lock. The default releases nothing.
     *
     * @param keepBytes how many bytes below the caller's frame to keep (for the frames of the call itself);
     *     not negative
     * @return the length of the range given back (resident pages or not), 0 when there was nothing to
     *     release or the port does not release stacks, or a negative OS error
     * @throws IllegalArgumentException if {@code keepBytes} is negative
     */
    default long releaseDeadStack(long keepBytes) {
        if (keepBytes < 0) {
            throw new IllegalArgumentException("keepBytes must not be negative: " + keepBytes);
        }
        return 0;
    }

    /**
     * Sleeps while the 32-bit word still holds {@code expected} ({@code trt_futex_wait}; Linux
     * FUTEX_WAIT, shared, not private, because the kernel's clear-child-tid wake is shared).
     * Returns at once if the word differs. May return spuriously; callers re-check the word. Not
     * interruptible by {@link Thread#interrupt()} (a port built on Java waiting must keep the interrupt
     * status as it found it). Called by any thread, including Ms holding runtime locks.
     *
     * @param timeoutNanos how long to sleep at most; negative means forever
     * @param word the 32-bit word to sleep on
     * @param expected the value the word must hold for the sleep to begin
     * @return {@code true} if the sleep timed out, {@code false} if woken, mismatched or spurious
     */
    boolean futexWait(MemorySegment word, int expected, long timeoutNanos);

    /**
     * Wakes up to {@code count} threads sleeping in {@link #futexWait} on the word ({@code trt_futex_wake}).
     * Never blocks. Called by any thread, possibly with runtime locks held.
     *
     * @param word the 32-bit word whose sleepers to wake
     * @param count the most threads to wake
     */
    void futexWake(MemorySegment word, int count);

    /**
     * The calling thread's OS thread id ({@code trt_gettid}). Called on Ms by the runtime, once each.
     *
     * @return the calling thread's OS thread id
     */
    long gettid();

    /** Yields the processor ({@code trt_osyield}); used by spinning lock acquirers. */
    void osyield();

    /**
     * Sleeps the calling thread for about {@code micros} microseconds ({@code trt_usleep}).
     *
     * @param micros how long to sleep, in microseconds
     */
    void usleep(int micros);

    // ---- callbacks from foreign threads (extra Ms)

    /**
     * A function pointer that any native thread may call, running {@code target} (whose type is
     * {@code descriptor.toMethodType()} and which never throws: the runtime wraps it) until {@code arena}
     * closes: {@code Linker.upcallStub}. A port that cannot make upcalls keeps this default, and
     * {@code ThreadRuntime.callback} then throws {@link UnsupportedOperationException}.
     *
     * @param target the method each call runs
     * @param descriptor the C signature of the function pointer
     * @param arena the arena that decides the stub's lifetime
     * @return the function pointer
     */
    default MemorySegment upcallStub(MethodHandle target, FunctionDescriptor descriptor, Arena arena) {
        throw new UnsupportedOperationException("port " + platform() + " cannot make upcall stubs");
    }

    /**
     * Binds an extra M's native block to the calling thread ({@code trt_bind_m(block, trt_extra_push)}):
     * when the thread ends with the block still bound, native code alone pushes the M back on the extra
     * list the block names (see {@link ExtraMLayout}), whatever the JVM has already done to the thread.
     * Returns false when the port cannot bind (then CACHED callbacks give their M back after each call).
     * Called on the thread itself.
     *
     * @param block the extra M's native block
     * @return true if bound, false if the port cannot bind
     */
    default boolean bindExtraM(MemorySegment block) {
        return false;
    }

    /**
     * The address of the block bound to the calling thread by {@link #bindExtraM}, or 0 ({@code trt_bound_m}).
     *
     * @return the bound block's address, or 0
     */
    default long boundExtraM() {
        return 0;
    }
}
