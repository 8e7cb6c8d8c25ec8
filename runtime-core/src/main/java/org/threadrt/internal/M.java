package org.threadrt.internal;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;

import org.threadrt.MInfo;
import org.threadrt.Note;
import org.threadrt.StackPolicy;
import org.threadrt.spi.NativeStack;
import org.threadrt.spi.Port;

/**
 * An OS thread managed by the runtime (Go's m).
 *
 * <p>Lists an M can be on, each with its own link field, all guarded by sched.lock:
 * <ul>
 *   <li>{@code allm} through {@link #alllink} and {@link #allprev}: every task and BARE M alive (from allocm
 *       to {@code Sched.mleave}), doubly linked so that leaving costs the same however many Ms live;</li>
 *   <li>the idle list ({@link IdleList}) through {@link #schedlink} and {@link #schedprev}: Ms parked
 *       waiting for work;</li>
 *   <li>{@code freem} through {@link #freelink}, never alllink: exited Ms whose runtime-owned stack may
 *       still be in use until the kernel clears {@link #freeWait};</li>
 *   <li>the BARE list through {@link #barelink} and {@link #bareprev}: BARE Ms not yet seen gone, doubly
 *       linked so that a join reaps its own M without walking the others;</li>
 *   <li>extra Ms ({@link #extra}) are on none of these: they live on their runtime's native extra list
 *       ({@link ExtraList}, linked through their blocks) while no foreign thread holds them, and are never
 *       freed.</li>
 * </ul>
 * The native block holds the park note's word and the freeWait word; see {@link NativeBlocks}.
 *
 * <p>Public only for {@code org.threadrt.BareThread}, the handle of a BARE M: {@link #id()}, {@link #tid()}
 * and {@link #bareExit()} are all it reads.
 */
public final class M {
    /**
     * The runtime of a task or BARE M; null for an extra M, which may outlive its runtime (a native thread
     * keeps it until it ends) and must not keep a closed runtime reachable.
     */
    final Sched sched;
    /** An extra M's runtime's extra list (native, never freed), where it goes back; null for other Ms. */
    final ExtraList home;
    final long id;
    final StackPolicy policy;
    final boolean extra;
    /** The 64-byte native block: park word at 0, freeWait at 4. */
    final MemorySegment block;
    /** Where an idle M sleeps; woken exactly once per trip through the idle list. */
    final Note park;
    /**
     * Nonzero while the M's thread may still use its runtime-owned stack: set to 1 before the thread
     * starts; the kernel (RUNTIME) or exitThread (BARE) stores 0 when the thread is gone.
     */
    final MemorySegment freeWait;

    /** The stack the runtime mapped for this M (RUNTIME and BARE), else null. */
    NativeStack stack;
    /** OS thread id; set by the thread itself in mstart (or from the port for BARE Ms). */
    volatile long tid;
    /** The Java thread running this M (set in mstart). */
    volatile Thread thread;
    /** lockOSThread nesting count of the current task; touched only by this M's own thread. */
    int lockedCount;
    /**
     * Whether curg's task began to run (set by execute just before it): a G the M took but never ran goes
     * back on the run queue if the M crashes. Touched only by this M's own thread.
     */
    boolean curgStarted;
    /**
     * Whether this M gave back the dead part of its stack (Sched.releaseDeadStack, once, before its first
     * idle sleep). Touched only by this M's own thread.
     */
    boolean deadStackReleased;

    // Extra Ms only (lent to foreign threads for callbacks); touched only by the thread holding the M.
    /** The Java name a foreign thread gets while it holds this M (RuntimeConfig.extraThreadNamePattern). */
    String extraName;
    /** The context class loader the thread had before needm; put back by dropm. */
    ClassLoader savedLoader;
    /** The thread's current M before needm (another runtime's extra M, in a nested callback); put back by dropm. */
    M savedM;

    // Guarded by sched.lock.
    /** A G handed to this M directly (by a submitter that took it off the idle list, or by newm). */
    G nextg;
    /** The G running now, or null. */
    G curg;
    boolean idle;
    boolean exited;
    /** The M died in its loop (mexit CRASH): its block is never recycled (see Sched.bodyReturned). */
    boolean crashed;
    M alllink;
    M allprev;
    M schedlink;
    M schedprev;
    M freelink;
    M barelink;
    M bareprev;

    /** Completed when a BARE M is gone and its stack reaped. */
    final CompletableFuture<Void> bareExit;

    /** A task or BARE M of {@code sched}. */
    M(Sched sched, long id, StackPolicy policy, MemorySegment block) {
        this(sched, null, sched.port, id, policy, false, block);
    }

    /** An extra M, going back to {@code home}. */
    static M extra(ExtraList home, Port port, long id, MemorySegment block) {
        return new M(null, home, port, id, StackPolicy.OS, true, block);
    }

    private M(Sched sched, ExtraList home, Port port, long id, StackPolicy policy, boolean extra,
            MemorySegment block) {
        this.sched = sched;
        this.home = home;
        this.id = id;
        this.policy = policy;
        this.extra = extra;
        this.block = block;
        this.park = Note.over(block.asSlice(0, 4), port);
        this.freeWait = block.asSlice(4, 4);
        this.bareExit = policy == StackPolicy.BARE ? new CompletableFuture<>() : null;
    }

    /** What users see of this M. */
    MInfo info() {
        return MInfo.of(id, tid, extra, policy);
    }

    /** This M's number. */
    public long id() {
        return id;
    }

    /** This M's OS thread id (0 until known). */
    public long tid() {
        return tid;
    }

    /** Completed when a BARE M is gone and its stack reaped; null for other Ms. */
    public CompletableFuture<Void> bareExit() {
        return bareExit;
    }

    @Override
    public String toString() {
        return "M" + id + "(tid " + tid + ", " + policy + ")";
    }
}
