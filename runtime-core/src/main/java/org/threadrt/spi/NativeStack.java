package org.threadrt.spi;

import org.apache.commons.lang3.Validate;

/**
 * A thread stack mapped by the runtime: the address range {@code [base, base + size)}, whose lowest
 * {@code guard} bytes are a PROT_NONE guard zone. A thread is given the part above the guard
 * ({@code stack_lo = base + guard}, {@code stack_size = usableSize()}), so an overflow faults on the
 * guard instead of running into the mapping below.
 *
 * <p>An immutable value; two stacks are equal when they describe the same range. It holds no native
 * memory itself: the port maps and unmaps the range, the runtime tracks who owns it.
 */
public final class NativeStack {
    private final long base;
    private final long size;
    private final long guard;

    private NativeStack(long base, long size, long guard) {
        this.base = base;
        this.size = size;
        this.guard = guard;
    }

    /**
     * Describes a mapped stack.
     *
     * @param base  lowest address of the mapping (the guard zone starts here); not 0
     * @param size  bytes in the whole mapping, guard included
     * @param guard bytes of the PROT_NONE guard zone at the low end; {@code 0 <= guard < size}
     *
     * @return the stack's description
     */
    public static NativeStack of(long base, long size, long guard) {
        Validate.isTrue(base != 0, "stack base must not be 0");
        Validate.isTrue(size > 0, "stack size must be > 0: %d", size);
        Validate.isTrue(guard >= 0 && guard < size, "guard must be in [0, size): guard=%d size=%d", guard, size);
        return new NativeStack(base, size, guard);
    }

    /** {@return lowest address of the mapping: the start of the guard zone} */
    public long base() { return base; }

    /** {@return bytes in the whole mapping, guard zone included} */
    public long size() { return size; }

    /** {@return bytes of the PROT_NONE guard zone at the low end} */
    public long guard() { return guard; }

    /** {@return bytes above the guard zone: what the thread can actually use} */
    public long usableSize() { return size - guard; }

    @Override
    public boolean equals(Object o) {
        return o instanceof NativeStack s && s.base == base && s.size == size && s.guard == guard;
    }

    @Override
    public int hashCode() { return Long.hashCode(base) * 31 + Long.hashCode(size); }

    @Override
    public String toString() {
        return String.format("NativeStack[0x%x..0x%x, guard=%d]", base, base + size, guard);
    }
}
