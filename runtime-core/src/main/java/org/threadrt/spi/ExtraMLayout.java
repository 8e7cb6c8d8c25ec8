package org.threadrt.spi;

/**
 * The native layout of the extra-M list, shared by the runtime (which runs lockextra / unlockextra on it
 * from Java) and the shim's {@code trt_extra_push} (which pushes an M back from a thread-exit destructor).
 * Must equal {@code struct trt_extra_list} and {@code struct trt_extra_m} of {@code threadrt.h}; the FFM
 * port checks these values against the shim's {@code TRT_EXTRA_*} constants when it loads.
 *
 * <p>The list: a 64-bit head word at {@link #HEAD} (0 empty, {@link #LOCKED} while someone holds the list,
 * else the address of the first M's block), then a 64-bit length at {@link #LENGTH}, changed only by the
 * holder. An extra M's 64-byte block: its note and freeWait words at 0 and 4, then the next block's address
 * at {@link #NEXT}, the address of its list at {@link #LIST} and its number at {@link #ID}.
 */
public final class ExtraMLayout {
    private ExtraMLayout() {}

    /** The seed's MLOCKED: the head while the list is held. */
    public static final long LOCKED = 1;
    /** Offset of the head word in the list. */
    public static final long HEAD = 0;
    /** Offset of the length in the list. */
    public static final long LENGTH = 8;
    /** Offset of the next link in an M's block. */
    public static final long NEXT = 8;
    /** Offset of the list's address in an M's block. */
    public static final long LIST = 16;
    /** Offset of the M's number in its block. */
    public static final long ID = 24;
}
