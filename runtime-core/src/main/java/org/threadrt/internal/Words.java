package org.threadrt.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Atomic access to 32-bit native words (offset 0 of a segment): the futex words of locks, notes and
 * freeWait. Every access is volatile (sequentially consistent), so a store by the kernel or by C code is
 * seen at once and a Java store is seen by C code that reads with acquire semantics.
 */
public final class Words {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private Words() {
    }

    /** Volatile read. */
    public static int get(MemorySegment word) {
        return (int) INT.getVolatile(word, 0L);
    }

    /** Volatile write. */
    public static void set(MemorySegment word, int value) {
        INT.setVolatile(word, 0L, value);
    }

    /** Compare-and-set. */
    public static boolean cas(MemorySegment word, int expected, int value) {
        return INT.compareAndSet(word, 0L, expected, value);
    }

    /** Atomic add; returns the previous value. */
    public static int getAndAdd(MemorySegment word, int delta) {
        return (int) INT.getAndAdd(word, 0L, delta);
    }

    /** Atomic exchange; returns the previous value. */
    public static int getAndSet(MemorySegment word, int value) {
        return (int) INT.getAndSet(word, 0L, value);
    }
}
