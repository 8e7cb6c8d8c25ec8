// GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen) from the
// ABI table stubgen/src/main/java/org/threadrt/stubgen/TestkitAbi.java, in the shape jextract
// gives for platforms/include/threadrt_testkit.h. Regenerate with platforms/regenerate.
package org.threadrt.workloads.natives;

import java.lang.foreign.*;

/** {@snippet lang=c : struct trt_lock_loop { uint32_t *key; uint64_t *counter; int64_t iterations; } } */
public final class trt_lock_loop {
    trt_lock_loop() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            threadrt_testkit_h.C_POINTER.withName("key"),
            threadrt_testkit_h.C_POINTER.withName("counter"),
            threadrt_testkit_h.C_LONG_LONG.withName("iterations")).withName("trt_lock_loop");

    public static GroupLayout layout() {
        return $LAYOUT;
    }

    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate(layout());
    }

    public static void key(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(threadrt_testkit_h.C_POINTER, $LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("key")), fieldValue);
    }

    public static void counter(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(threadrt_testkit_h.C_POINTER, $LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("counter")), fieldValue);
    }

    public static void iterations(MemorySegment struct, long fieldValue) {
        struct.set(threadrt_testkit_h.C_LONG_LONG, $LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("iterations")), fieldValue);
    }
}
