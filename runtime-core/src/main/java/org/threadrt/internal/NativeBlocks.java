package org.threadrt.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * A recycled slab of per-M native blocks. Each block is one 64-byte cache line holding the M's words
 * (park note at offset 0, freeWait at offset 4), so Ms never share a line.
 *
 * <p>Why a slab: an M lives for microseconds to hours and the runtime may churn through hundreds of
 * thousands of them. Allocating each block in its own shared arena and closing it per M would make every
 * M exit a global handshake with all JVM threads; allocating each from {@code Arena.ofAuto()} would leave
 * freeing to the GC with a cleaner per block. Instead chunks of {@value #BLOCKS_PER_CHUNK} blocks are taken
 * from automatic arenas (freed by the GC when the runtime itself is gone) and blocks are recycled through
 * a free list. A block is released only when nothing can write it any more: for a RUNTIME M after the
 * kernel cleared its freeWait, for an OS M after its mexit (no one wakes the park note of an M that left
 * the idle list on its own).
 */
final class NativeBlocks {
    static final long BLOCK_SIZE = 64;
    static final int BLOCKS_PER_CHUNK = 64;

    private final ArrayDeque<MemorySegment> free = new ArrayDeque<>();
    private long chunks;

    /** A zeroed block. */
    synchronized MemorySegment take() {
        MemorySegment b = free.pollFirst();
        if (b == null) {
            MemorySegment chunk = Arena.ofAuto().allocate(BLOCK_SIZE * BLOCKS_PER_CHUNK, BLOCK_SIZE);
            chunks++;
            for (int i = 1; i < BLOCKS_PER_CHUNK; i++) {
                free.addLast(chunk.asSlice(i * BLOCK_SIZE, BLOCK_SIZE));
            }
            b = chunk.asSlice(0, BLOCK_SIZE);
        }
        b.fill((byte) 0);
        return b;
    }

    /** Returns a block nobody will touch again. */
    synchronized void release(MemorySegment block) {
        free.addFirst(block);
    }

    synchronized long chunks() {
        return chunks;
    }
}
