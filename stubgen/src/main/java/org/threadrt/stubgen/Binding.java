package org.threadrt.stubgen;

import java.util.stream.Collectors;

/**
 * Renders the Java binding in the shape jextract gives for {@code threadrt.h}: a header
 * class with one holder class and four static methods per function ({@code name},
 * {@code name$descriptor}, {@code name$handle}, {@code name$address}), layouts named
 * {@code C_INT} etc., and one class per struct. The library is looked up through the
 * class loader's loaded libraries, so {@code System.load} of the shim must come first.
 */
final class Binding {
    private Binding() {}

    private static String javaBanner() {
        return """
                // GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen) from the
                // ABI table stubgen/src/main/java/org/threadrt/stubgen/Abi.java, in the shape jextract
                // gives for platforms/include/threadrt.h. Regenerate with platforms/regenerate.
                """;
    }

    static String headerClass() {
        StringBuilder s = new StringBuilder(javaBanner());
        s.append("""
                package %s;

                import java.lang.foreign.*;
                import java.lang.invoke.MethodHandle;

                /** The downcalls of the threadrt shim, one static method per function of threadrt.h. */
                @SuppressWarnings("unused")
                public final class threadrt_h {
                    threadrt_h() {
                        // Should not be called directly
                    }

                    static final SymbolLookup SYMBOL_LOOKUP = SymbolLookup.loaderLookup()
                            .or(Linker.nativeLinker().defaultLookup());

                    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
                    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
                    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

                    static MemorySegment findOrThrow(String symbol) {
                        return SYMBOL_LOOKUP.find(symbol)
                                .orElseThrow(() -> new UnsatisfiedLinkError("threadrt shim: unresolved symbol " + symbol
                                        + " (is the shim loaded, and built from the same threadrt.h?)"));
                    }
                """.formatted(StubGen.BINDING_PACKAGE));
        for (Abi.Const c : Abi.CONSTANTS) {
            s.append("""

                        private static final int %1$s = (int)%2$dL;

                        /** {@snippet lang=c : #define %1$s %2$d } %3$s */
                        public static int %1$s() {
                            return %1$s;
                        }
                    """.formatted(c.name(), c.value(), c.doc()));
        }
        for (Abi.Fn f : Abi.FUNCTIONS) {
            s.append(function(f));
        }
        s.append("}\n");
        return s.toString();
    }

    private static String function(Abi.Fn f) {
        String layouts = f.params().stream().map(p -> "threadrt_h." + p.type().layout)
                .collect(Collectors.joining(", "));
        String desc = f.ret() == CType.VOID
                ? "FunctionDescriptor.ofVoid(" + layouts + ")"
                : "FunctionDescriptor.of(threadrt_h." + f.ret().layout + (layouts.isEmpty() ? "" : ", " + layouts) + ")";
        String params = f.params().stream().map(p -> p.type().java + " " + p.name())
                .collect(Collectors.joining(", "));
        String args = f.params().stream().map(Abi.Param::name).collect(Collectors.joining(", "));
        String call = f.ret() == CType.VOID
                ? "mh$.invokeExact(" + args + ");"
                : "return (" + f.ret().java + ")mh$.invokeExact(" + args + ");";
        String doc = "{@snippet lang=c : " + Header.cDeclaration(f) + " }\n     * <p>"
                + f.doc().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "\n     * ");
        return """

                    private static class %1$s {
                        public static final FunctionDescriptor DESC = %2$s;

                        public static final MemorySegment ADDR = threadrt_h.findOrThrow("%1$s");

                        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
                    }

                    /** Function descriptor for: {@snippet lang=c : %6$s } */
                    public static FunctionDescriptor %1$s$descriptor() {
                        return %1$s.DESC;
                    }

                    /** Downcall method handle for: {@snippet lang=c : %6$s } */
                    public static MethodHandle %1$s$handle() {
                        return %1$s.HANDLE;
                    }

                    /** Address for: {@snippet lang=c : %6$s } */
                    public static MemorySegment %1$s$address() {
                        return %1$s.ADDR;
                    }

                    /**
                     * %7$s
                     */
                    public static %3$s %1$s(%4$s) {
                        var mh$ = %1$s.HANDLE;
                        try {
                            %5$s
                        } catch (Throwable ex$) {
                           throw new AssertionError("should not reach here", ex$);
                        }
                    }
                """.formatted(f.name(), desc, f.ret().java, params, call, Header.cDeclaration(f), doc);
    }

    /** The platform table as Java data, so the runtime and the CLI never keep a copy of their own. */
    static String platformsClass() {
        String rows = Targets.ALL.stream().map(t -> "            new Platform(\"%s\", \"%s\", %s, %s, \"%s\")"
                .formatted(t.name(), t.libraryFile(), t.runtimeStacks(), t.bareThreads(), t.verifiedBy()))
                .collect(Collectors.joining(",\n"));
        return """
                // GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen) from the
                // platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
                // Regenerate with platforms/regenerate.
                package %s;

                import java.util.List;
                import java.util.Optional;

                /** Every target threadrt generates a shim for, as the platform table describes it. */
                public final class Platforms {
                    private Platforms() {}

                    /**
                     * One target.
                     *
                     * @param name          {@code <os>-<arch>}, as trt_platform() returns it
                     * @param library       the shim's file name there
                     * @param runtimeStacks whether RUNTIME stacks exist there (the kernel's exit-time store)
                     * @param bareThreads   whether BARE threads exist there (raw clone)
                     * @param verifiedBy    how the build machine verifies it
                     */
                    public record Platform(String name, String library, boolean runtimeStacks, boolean bareThreads,
                                           String verifiedBy) {}

                    /** In the order platforms/matrix prints them. */
                    public static final List<Platform> ALL = List.of(
                %s);

                    public static Optional<Platform> byName(String name) {
                        return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
                    }
                }
                """.formatted(StubGen.BINDING_PACKAGE, rows);
    }

    static String lockLoopClass() {
        return javaBanner() + """
                package %s;

                import java.lang.foreign.*;

                /** {@snippet lang=c : struct trt_lock_loop { uint32_t *key; uint64_t *counter; int64_t iterations; } } */
                public final class trt_lock_loop {
                    trt_lock_loop() {
                        // Should not be called directly
                    }

                    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                            threadrt_h.C_POINTER.withName("key"),
                            threadrt_h.C_POINTER.withName("counter"),
                            threadrt_h.C_LONG_LONG.withName("iterations")).withName("trt_lock_loop");

                    public static GroupLayout layout() {
                        return $LAYOUT;
                    }

                    public static MemorySegment allocate(SegmentAllocator allocator) {
                        return allocator.allocate(layout());
                    }

                    public static void key(MemorySegment struct, MemorySegment fieldValue) {
                        struct.set(threadrt_h.C_POINTER, $LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("key")), fieldValue);
                    }

                    public static void counter(MemorySegment struct, MemorySegment fieldValue) {
                        struct.set(threadrt_h.C_POINTER, $LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("counter")), fieldValue);
                    }

                    public static void iterations(MemorySegment struct, long fieldValue) {
                        struct.set(threadrt_h.C_LONG_LONG, $LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("iterations")), fieldValue);
                    }
                }
                """.formatted(StubGen.BINDING_PACKAGE);
    }
}
