package org.threadrt.stubgen;

import java.util.stream.Collectors;

/**
 * Renders a library's Java binding in the shape jextract gives for its header: a header
 * class with one holder class and four static methods per function ({@code name},
 * {@code name$descriptor}, {@code name$handle}, {@code name$address}), layouts named
 * {@code C_INT} etc., and one class per struct.
 *
 * <p>Symbols are looked up as jextract's {@code --library} option does it, in the library's own
 * {@code SymbolLookup.libraryLookup(path, arena)}, never in the class loader's libraries: the path is known
 * only at run time, so the loader that found the file makes the lookup and the header class takes it at
 * class initialisation. The first call of any downcall therefore loads the library (or fails with the
 * loader's reason); nothing needs a "loaded yet?" check.
 */
final class Binding {
    private Binding() {}

    /** Resource folder the testkit is packed under, in the jar of the testkit binding's module. */
    static final String TESTKIT_RESOURCES = "/org/threadrt/workloads/native/";

    private static String javaBanner(NativeLib lib) {
        return """
                // GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen) from the
                // ABI table %s, in the shape jextract
                // gives for platforms/include/%s. Regenerate with platforms/regenerate.
                """.formatted(lib.table(), lib.header());
    }

    static String headerClass(NativeLib lib) {
        boolean shim = lib == NativeLib.SHIM;
        String h = lib.headerClass();
        StringBuilder s = new StringBuilder(javaBanner(lib));
        String lookup = shim ? """
                    /**
                     * jextract --library's {@code SymbolLookup.libraryLookup(path, arena)}, made by the loader that found
                     * the shim's file for this platform (and checked its ABI version): the first downcall loads the shim.
                     */
                    static final SymbolLookup SYMBOL_LOOKUP = NativeLoader.shim().symbols();
                """ : """
                    /**
                     * The testkit, found (in this module's jar under %1$s&lt;platform&gt;/, or at
                     * -Dthreadrt.testkit.path), opened with {@code SymbolLookup.libraryLookup(path, arena)} once the shim
                     * is loaded, and its ABI version checked: the first downcall loads it.
                     */
                    private static final NativeShim.Companion LIBRARY = NativeShim.loadCompanion(%2$s.class,
                            "%1$s", "%3$s", "threadrt.testkit.path", "trt_testkit_abi_version", %4$d);

                    static final SymbolLookup SYMBOL_LOOKUP = LIBRARY.symbols();

                    /** Where the testkit was loaded from (e.g. for a second binding of the same file, such as JNA's). */
                    public static NativeShim.Companion library() {
                        return LIBRARY;
                    }
                """.formatted(TESTKIT_RESOURCES, h, lib.base(), TestkitAbi.VERSION);
        s.append("""
                package %1$s;

                import java.lang.foreign.*;
                import java.lang.invoke.MethodHandle;

                import %4$s;

                /** The downcalls of %3$s, one static method per function of %5$s. */
                @SuppressWarnings("unused")
                public final class %2$s {
                    %2$s() {
                        // Should not be called directly
                    }

                %6$s
                    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
                    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
                    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

                    static MemorySegment findOrThrow(String symbol) {
                        return SYMBOL_LOOKUP.find(symbol)
                                .orElseThrow(() -> new UnsatisfiedLinkError("%3$s: unresolved symbol " + symbol
                                        + " (built from the same %5$s?)"));
                    }
                """.formatted(lib.bindingPackage(), h, shim ? "the threadrt shim" : "the threadrt testkit",
                shim ? "org.threadrt.ffm.internal.NativeLoader" : "org.threadrt.ffm.NativeShim", lib.header(),
                lookup));
        for (Abi.Const c : lib.constants()) {
            s.append("""

                        private static final int %1$s = (int)%2$dL;

                        /** {@snippet lang=c : #define %1$s %2$d } %3$s */
                        public static int %1$s() {
                            return %1$s;
                        }
                    """.formatted(c.name(), c.value(), c.doc()));
        }
        for (Abi.Fn f : lib.functions()) {
            s.append(function(h, f));
        }
        s.append("}\n");
        return s.toString();
    }

    private static String params(Abi.Fn f) {
        return f.params().stream().map(p -> p.type().java + " " + p.name()).collect(Collectors.joining(", "));
    }

    private static String args(Abi.Fn f) {
        return f.params().stream().map(Abi.Param::name).collect(Collectors.joining(", "));
    }

    private static String function(String h, Abi.Fn f) {
        String layouts = f.params().stream().map(p -> h + "." + p.type().layout)
                .collect(Collectors.joining(", "));
        String desc = f.ret() == CType.VOID
                ? "FunctionDescriptor.ofVoid(" + layouts + ")"
                : "FunctionDescriptor.of(" + h + "." + f.ret().layout + (layouts.isEmpty() ? "" : ", " + layouts) + ")";
        String call = f.ret() == CType.VOID
                ? "mh$.invokeExact(" + args(f) + ");"
                : "return (" + f.ret().java + ")mh$.invokeExact(" + args(f) + ");";
        String doc = "{@snippet lang=c : " + Header.cDeclaration(f) + " }\n     * <p>"
                + f.doc().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "\n     * ");
        return """

                    private static class %1$s {
                        public static final FunctionDescriptor DESC = %2$s;

                        public static final MemorySegment ADDR = %8$s.findOrThrow("%1$s");

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
                """.formatted(f.name(), desc, f.ret().java, params(f), call, Header.cDeclaration(f), doc, h);
    }

    /** The platform table as Java data, so the runtime and the CLI never keep a copy of their own. */
    static String platformsClass() {
        String rows = Targets.ALL.stream().map(t -> "            new Platform(\"%s\", \"%s\", %s, %s, \"%s\")"
                .formatted(t.name(), t.libraryFile(), t.runtimeStacks(), t.bareThreads(), t.verifiedBy()))
                .collect(Collectors.joining(",\n"));
        return """
                // GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen) from the
                // platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java and the ABI table
                // stubgen/src/main/java/org/threadrt/stubgen/Abi.java. Regenerate with platforms/regenerate.
                package %s;

                import java.util.List;
                import java.util.Optional;

                /** Every target threadrt generates a shim for, as the platform table describes it. */
                public final class Platforms {
                    private Platforms() {}

                    /**
                     * The ABI version the binding in this package was generated for (threadrt.h's TRT_ABI_VERSION), as
                     * a constant the loader reads without initialising the binding (which needs the loaded shim).
                     */
                    public static final int ABI_VERSION = %d;

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
                """.formatted(NativeLib.SHIM.bindingPackage(), Abi.VERSION, rows);
    }

    static String lockLoopClass(NativeLib lib) {
        String h = lib.headerClass();
        return javaBanner(lib) + """
                package %s;

                import java.lang.foreign.*;

                /** {@snippet lang=c : struct trt_lock_loop { uint32_t *key; uint64_t *counter; int64_t iterations; } } */
                public final class trt_lock_loop {
                    trt_lock_loop() {
                        // Should not be called directly
                    }

                    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                            %2$s.C_POINTER.withName("key"),
                            %2$s.C_POINTER.withName("counter"),
                            %2$s.C_LONG_LONG.withName("iterations")).withName("trt_lock_loop");

                    public static GroupLayout layout() {
                        return $LAYOUT;
                    }

                    public static MemorySegment allocate(SegmentAllocator allocator) {
                        return allocator.allocate(layout());
                    }

                    public static void key(MemorySegment struct, MemorySegment fieldValue) {
                        struct.set(%2$s.C_POINTER, $LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("key")), fieldValue);
                    }

                    public static void counter(MemorySegment struct, MemorySegment fieldValue) {
                        struct.set(%2$s.C_POINTER, $LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("counter")), fieldValue);
                    }

                    public static void iterations(MemorySegment struct, long fieldValue) {
                        struct.set(%2$s.C_LONG_LONG, $LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("iterations")), fieldValue);
                    }
                }
                """.formatted(lib.bindingPackage(), h);
    }
}
