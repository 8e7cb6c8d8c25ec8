package org.threadrt.stubgen;

import java.util.List;

/**
 * One native library stubgen writes, and everything that is generated for it: its C header, its export
 * list (what {@code platforms/build} checks the library exports, no more and no less) and its Java binding
 * in jextract's shape. Two exist: the production shim ({@link #SHIM}, table {@link Abi}) and the testkit
 * ({@link #TESTKIT}, table {@link TestkitAbi}).
 *
 * @param base           the library's name: {@code lib<base>.so}, {@code <base>.dll}, {@code lib<base>.dylib}
 * @param header         its header, below {@code platforms/include/}
 * @param table          the table's source file, named in every generated file's banner
 * @param symbolsFile    the export list, below {@code platforms/}
 * @param constants      the header's {@code #define}s
 * @param functions      every exported function, in header order
 * @param bindingPackage the Java package of its binding
 * @param bindingDir     where the binding's sources go, below the repository root
 * @param headerClass    the binding's header class ({@code threadrt_h})
 */
record NativeLib(String base, String header, String table, String symbolsFile, List<Abi.Const> constants,
                 List<Abi.Fn> functions, String bindingPackage, String bindingDir, String headerClass) {

    static final String TABLE_DIR = "stubgen/src/main/java/org/threadrt/stubgen/";

    static final NativeLib SHIM = new NativeLib("threadrt", "threadrt.h", TABLE_DIR + "Abi.java",
            "abi-symbols.txt", Abi.CONSTANTS, Abi.FUNCTIONS, "org.threadrt.ffm.bind",
            "runtime-ffm/src/main/java/org/threadrt/ffm/bind", "threadrt_h");

    /**
     * The testkit's binding lives with its users: the module org.threadrt.workloads (exported package
     * org.threadrt.workloads.natives), used by the stress runner, the benchmarks and the integration tests.
     */
    static final NativeLib TESTKIT = new NativeLib("threadrt_testkit", "threadrt_testkit.h",
            TABLE_DIR + "TestkitAbi.java", "testkit-symbols.txt", TestkitAbi.CONSTANTS, TestkitAbi.FUNCTIONS,
            "org.threadrt.workloads.natives", "workloads/src/main/java/org/threadrt/workloads/natives",
            "threadrt_testkit_h");

    static final List<NativeLib> ALL = List.of(SHIM, TESTKIT);

    NativeLib {
        constants = List.copyOf(constants);
        functions = List.copyOf(functions);
    }

    /** The library's file name on a target. */
    String fileOn(Target t) {
        return switch (t.os()) {
            case WINDOWS -> base + ".dll";
            case DARWIN -> "lib" + base + ".dylib";
            default -> "lib" + base + ".so";
        };
    }
}
