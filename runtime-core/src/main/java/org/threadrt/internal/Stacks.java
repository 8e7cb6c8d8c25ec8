package org.threadrt.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.threadrt.StackPolicy;
import org.threadrt.internal.events.Events;
import org.threadrt.spi.NativeStack;

/*
 * Stacks the runtime owns (Go's stack.go and the freem half of allocm).
 *
 * With the OS policy the OS owns and frees stacks, and nothing here is used. With RUNTIME (Linux) the
 * runtime maps each task M's stack and the thread's first act registers m.freeWait with the kernel
 * (set_tid_address), which stores 0 there and wakes it once the thread is completely gone. An exited
 * RUNTIME M therefore goes on freem (putFreem, from mexit) still owning its stack, and whoever next makes
 * an M first walks freem (reapFreeMs): every M whose freeWait reads 0 leaves it and its stack is cached
 * (up to stackCacheSize) or unmapped; the others stay listed. A cached stack is reprotected before reuse:
 * HotSpot leaves a PROT_NONE zone on a used stack. BARE Ms take their stacks here too (BareMs).
 *
 * The rule: a stack is freed only after the kernel (or exitThread) said its thread is gone; the walk runs
 * outside any M's critical path but just before a stack is needed, so a freed stack is reused at once.
 * The trade-off: between an exit and the next allocm (or close) a dead thread's stack stays mapped,
 * because nobody waits on freeWait in between.
 *
 * Synchronization: freem, nfreem, stacksReaped, the cache and closed are guarded by sched.lock;
 * stacksMapped and stacksUnmapped are atomic, bumped after the syscall, outside the lock; the sizes are
 * final. mmap, mprotect and munmap never run under sched.lock.
 *
 * Rejected: joining threads to learn that a stack is free (a joinable thread cannot use set_tid_address,
 * and joining costs a thread per waiter; the kernel's clear-child-tid word costs nothing); per-M native
 * memory in a shared arena closed at exit (closing a shared arena is a global handshake: NativeBlocks).
 */
final class Stacks {
    private final Sched sched;
    final long pageSize;
    /** Bytes mapped for a task M's stack: stackSize rounded to pages, plus a guard page with RUNTIME. */
    final long taskStackMapSize;
    /** Bytes mapped for a BARE M's stack: bareStackSize rounded to pages, plus a guard page. */
    final long bareStackMapSize;

    // Guarded by sched.lock.
    /** Exited RUNTIME Ms whose stack may still be in use, linked through M.freelink (never alllink). */
    private M freem;
    private int nfreem;
    private long stacksReaped;
    private final ArrayDeque<NativeStack> cache = new ArrayDeque<>();
    /** Set by close: no stack is cached after it. */
    private boolean closed;

    private final AtomicLong stacksMapped = new AtomicLong();
    private final AtomicLong stacksUnmapped = new AtomicLong();

    Stacks(Sched sched) {
        this.sched = sched;
        this.pageSize = sched.port.pageSize();
        if (pageSize <= 0 || Long.bitCount(pageSize) != 1) {
            throw new IllegalStateException("port " + sched.port.getClass().getName() + " reports a bad page size: "
                    + pageSize);
        }
        long guard = sched.config.stackPolicy() == StackPolicy.RUNTIME ? pageSize : 0;
        this.taskStackMapSize = roundUp(sched.config.stackSize()) + guard;
        this.bareStackMapSize = roundUp(sched.config.bareStackSize()) + pageSize;
    }

    private long roundUp(long bytes) {
        return (bytes + pageSize - 1) & -pageSize;
    }

    /** Puts an exited RUNTIME M on freem; its thread may still run on its stack. sched.lock held. */
    void putFreem(M m) {
        m.freelink = freem;
        freem = m;
        nfreem++;
    }

    /** Counts a stack reaped by someone else (the BARE reaper). sched.lock held. */
    void countReaped() {
        stacksReaped++;
    }

    /*
     * reapFreeMs is the freem walk (the first half of Go's allocm): every exited M whose freeWait reads 0
     * leaves freem, its stack is cached or unmapped and its block released; the others stay listed. The
     * walk is the only reader of freem besides the invariant check. Never called with sched.lock held.
     * Returns the oldest M still waiting (for close), or null when freem is empty.
     * Its cost does not grow with the number of live Ms (issue 15): freem holds only exited Ms whose
     * threads were still leaving at the last walk, and each M is reaped by the first walk after the
     * kernel cleared its word, so the walk is amortized O(1) per exit. It visits every entry rather than
     * stopping at the first still in use because threads finish exiting out of order.
     */
    M reapFreeMs() {
        List<M> reaped = null;
        M stillWaiting;
        sched.lock.lock();
        try {
            M kept = null;
            for (M m = freem; m != null; ) {
                sched.cycleWalkNodes++;
                M next = m.freelink;
                if (Words.get(m.freeWait) != 0) {
                    m.freelink = kept;
                    kept = m;
                } else {
                    m.freelink = null;
                    if (reaped == null) {
                        reaped = new ArrayList<>();
                    }
                    reaped.add(m);
                    nfreem--;
                    stacksReaped++;
                }
                m = next;
            }
            freem = kept;
            stillWaiting = kept;
        } finally {
            sched.lock.unlock();
        }
        if (reaped != null) {
            for (M m : reaped) {
                Events.stackReap(sched.config.name(), m.id, m.stack.base(), m.stack.size());
                free(m.stack);
                m.stack = null;
                if (!m.crashed) { // a crashed M may still get a late wakeup on its park word (Sched.bodyReturned)
                    sched.blocks.release(m.block);
                }
            }
        }
        return stillWaiting;
    }

    /*
     * reapAllFreeMs runs at close, when every M has exited: it sleeps on the freeWait word of each M still
     * on freem until the kernel says its thread is gone, reaping as they go, until freem is empty. The
     * rule: close returns only when no thread of the runtime can still be on one of its stacks.
     */
    void reapAllFreeMs() {
        for (M waiting = reapFreeMs(); waiting != null; waiting = reapFreeMs()) {
            while (Words.get(waiting.freeWait) != 0) {
                sched.port.futexWait(waiting.freeWait, 1, TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    /**
     * A stack of {@code mapSize} bytes with a one-page guard: from the cache (reprotected) or mapped. The
     * cache search is bounded by stackCacheSize, not by the number of Ms.
     */
    NativeStack take(long mapSize) {
        NativeStack s = null;
        sched.lock.lock();
        try {
            for (Iterator<NativeStack> it = cache.iterator(); it.hasNext(); ) {
                NativeStack c = it.next();
                sched.cycleWalkNodes++;
                if (c.size() == mapSize && c.guard() == pageSize) {
                    it.remove();
                    s = c;
                    break;
                }
            }
        } finally {
            sched.lock.unlock();
        }
        if (s != null) {
            try {
                sched.port.reprotectStack(s);
                return s;
            } catch (Throwable t) {
                unmap(s);
                throw t;
            }
        }
        s = sched.port.mapStack(mapSize, pageSize);
        stacksMapped.incrementAndGet();
        return s;
    }

    /** Caches a stack no thread uses, or unmaps it when the cache is full or the runtime closed; null is nothing. */
    void free(NativeStack s) {
        if (s == null) {
            return;
        }
        sched.lock.lock();
        try {
            if (!closed && cache.size() < sched.config.stackCacheSize()) {
                cache.addFirst(s);
                return;
            }
        } finally {
            sched.lock.unlock();
        }
        unmap(s);
    }

    /** At close, after reapAllFreeMs: no stack is cached any more, and the cached ones are unmapped. */
    void close() {
        List<NativeStack> cached;
        sched.lock.lock();
        try {
            closed = true;
            cached = new ArrayList<>(cache);
            cache.clear();
        } finally {
            sched.lock.unlock();
        }
        for (NativeStack s : cached) {
            unmap(s);
        }
    }

    private void unmap(NativeStack s) {
        try {
            sched.port.unmapStack(s);
            stacksUnmapped.incrementAndGet();
        } catch (Throwable t) {
            Sched.LOG.log(Level.ERROR, "threadrt: could not unmap " + s, t);
        }
    }

    // For SchedStats, sched.lock held.
    int nfreem() {
        return nfreem;
    }

    long stacksReaped() {
        return stacksReaped;
    }

    long stacksMapped() {
        return stacksMapped.get();
    }

    long stacksUnmapped() {
        return stacksUnmapped.get();
    }

    int cached() {
        return cache.size();
    }

    /** Checks freem against nfreem: only exited RUNTIME Ms, none on allm. sched.lock held. */
    void checkFreem() {
        int n = 0;
        for (M m = freem; m != null; m = m.freelink) {
            n++;
            SchedStats.check(m.exited && m.policy == StackPolicy.RUNTIME && m.alllink == null && m.allprev == null
                    && m != sched.allm, "bad freem entry " + m);
        }
        SchedStats.check(n == nfreem, "freem has " + n + " Ms, nfreem = " + nfreem);
    }
}
