package org.threadrt.internal;

import static org.threadrt.spi.ExtraMLayout.HEAD;
import static org.threadrt.spi.ExtraMLayout.LENGTH;
import static org.threadrt.spi.ExtraMLayout.LOCKED;
import static org.threadrt.spi.ExtraMLayout.NEXT;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import org.threadrt.spi.ExtraMLayout;
import org.threadrt.spi.Port;

/**
 * One runtime's list of extra Ms not lent to any thread: the seed's lock-free {@code extram} list, in
 * native memory ({@link ExtraMLayout}) so that the shim's {@code trt_extra_push} can push an M back from a
 * thread-exit destructor, with no Java, on the same words this class uses. The list memory and every block
 * on it come from the global arena: a native thread may push its M back at any time, even after the runtime
 * is closed and collected, so neither may ever be freed (an extra M is never freed in Go either).
 */
final class ExtraList {
    private static final System.Logger LOG = System.getLogger("org.threadrt");
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    /** How long a needm waits on an empty list before it says so in the log. */
    private static final long WARN_AFTER_NANOS = 1_000_000_000L;

    /** struct trt_extra_list: head at 0, length at 8; one cache line. */
    final MemorySegment list = Arena.global().allocate(64, 64);

    /*
     * lockextra takes the list: it CASes the head to LOCKED and returns what the head was (the seed's
     * MLOCKED sentinel, so the list needs no other lock and C can take part). While someone else holds it
     * it yields the CPU: the holder runs a handful of instructions. While the list is empty and nilokay is
     * false (needm) it sleeps 1 µs at a time, as Go's needm does: an M comes back when a callback ends, or
     * appears when whoever took the last one makes the next (newextram), so a short sleep beats a futex
     * protocol that every push would have to pay for. The trade-off: a waiter on an empty list burns a
     * little CPU per wakeup, and waits unboundedly when every extra M is held (maxExtraMs reached with
     * CACHED threads that do not end), which is logged once per wait after a second.
     */
    long lockextra(boolean nilokay, Port port, String runtime) {
        long emptySince = 0;
        boolean warned = false;
        for (;;) {
            long old = (long) LONG.getVolatile(list, HEAD);
            if (old == LOCKED) {
                port.osyield();
                continue;
            }
            if (old == 0 && !nilokay) {
                long now = System.nanoTime();
                if (emptySince == 0) {
                    emptySince = now;
                } else if (!warned && now - emptySince > WARN_AFTER_NANOS) {
                    warned = true;
                    LOG.log(Level.WARNING, "threadrt: a callback on thread '" + Thread.currentThread().getName()
                            + "' has waited 1 s for an extra M of runtime '" + runtime + "': every one is in use "
                            + "(maxExtraMs reached; in CACHED mode each live native thread that called back holds one)");
                }
                port.usleep(1);
                continue;
            }
            if (LONG.compareAndSet(list, HEAD, old, LOCKED)) {
                return old;
            }
        }
    }

    /** unlockextra: stores the new head, releasing the list. Only the holder calls it. */
    void unlockextra(long head) {
        LONG.setVolatile(list, HEAD, head);
    }

    /**
     * Pops the head M's block; the caller holds the list (lockextra returned {@code block}, nonzero).
     * Returns the next block, which the caller stores with unlockextra.
     */
    long unlink(MemorySegment block) {
        long next = (long) LONG.getVolatile(block, NEXT);
        LONG.setVolatile(list, LENGTH, (long) LONG.getVolatile(list, LENGTH) - 1);
        return next;
    }

    /** Pushes an M's block (dropm, newextram): the same steps as the shim's trt_extra_push. */
    void push(MemorySegment block, Port port, String runtime) {
        long old = lockextra(true, port, runtime);
        LONG.setVolatile(block, NEXT, old);
        LONG.setVolatile(list, LENGTH, (long) LONG.getVolatile(list, LENGTH) + 1);
        unlockextra(block.address());
    }

    /** Ms on the list: exact whenever no push or pop is under way. */
    long length() {
        return (long) LONG.getVolatile(list, LENGTH);
    }

    /** The list's address, stored in every block of it. */
    long address() {
        return list.address();
    }
}
