// GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen) from the
// platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java and the ABI table
// stubgen/src/main/java/org/threadrt/stubgen/Abi.java. Regenerate with platforms/regenerate.
package org.threadrt.ffm.bind;

import java.util.List;
import java.util.Optional;

/** Every target threadrt generates a shim for, as the platform table describes it. */
public final class Platforms {
    private Platforms() {}

    /**
     * The ABI version the binding in this package was generated for (threadrt.h's TRT_ABI_VERSION), as
     * a constant the loader reads without initialising the binding (which needs the loaded shim).
     */
    public static final int ABI_VERSION = 6;

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
            new Platform("linux-x86_64", "libthreadrt.so", true, true, "native harness + the JVM test suite"),
            new Platform("linux-aarch64", "libthreadrt.so", true, true, "harness under qemu-aarch64-static; JVM smoke"),
            new Platform("linux-riscv64", "libthreadrt.so", true, true, "harness under qemu-riscv64-static; JVM smoke"),
            new Platform("linux-ppc64le", "libthreadrt.so", true, true, "harness under qemu-ppc64le-static; JVM smoke"),
            new Platform("linux-s390x", "libthreadrt.so", true, true, "harness under qemu-s390x-static; JVM smoke"),
            new Platform("linux-i686", "libthreadrt.so", true, true, "harness under qemu-i386-static (no JDK 22+)"),
            new Platform("linux-armhf", "libthreadrt.so", true, true, "harness under qemu-arm-static (no JDK 22+)"),
            new Platform("linux-mips64el", "libthreadrt.so", true, true, "harness under qemu-mips64el-static (no JDK 22+)"),
            new Platform("linux-loongarch64", "libthreadrt.so", true, true, "harness under qemu-loongarch64-trixie; JVM smoke"),
            new Platform("windows-x86_64", "threadrt.dll", false, false, "harness and DLL under wine"),
            new Platform("windows-aarch64", "threadrt.dll", false, false, "compiles, links, exports the ABI; not run here"),
            new Platform("darwin-x86_64", "libthreadrt.dylib", false, false, "compiles, links, exports the ABI; not run here"),
            new Platform("darwin-aarch64", "libthreadrt.dylib", false, false, "compiles, links, exports the ABI; not run here"),
            new Platform("freebsd-x86_64", "libthreadrt.so", false, false, "compiles, links, exports the ABI; not run here"),
            new Platform("freebsd-aarch64", "libthreadrt.so", false, false, "compiles, links, exports the ABI; not run here"));

    public static Optional<Platform> byName(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
