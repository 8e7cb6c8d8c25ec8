package org.threadrt.stubgen;

import java.util.List;
import java.util.Objects;

/**
 * One row of the platform table: everything stubgen needs to write a target's shim, and
 * everything {@code platforms/build} needs to compile and check it.
 *
 * @param name        folder and platform name, {@code <os>-<arch>}; also what trt_platform() returns
 * @param os          the operating system family
 * @param flavor      how the C shim is built: against glibc, with no SDK, or for Windows
 * @param cc          the compiler command line (a Debian cross gcc, or clang-19 with --target)
 * @param cflags      target-specific compiler flags
 * @param check       how this machine verifies the target
 * @param runner      the command prefix that runs a target binary here ("" = natively)
 * @param linux       Linux syscall numbers and conventions, or null off Linux
 * @param asm         the target's assembly routines, or null when it needs none (Windows)
 * @param dllImports  Windows only: DLLs and the functions the no-CRT build imports from them
 */
public record Target(String name, Os os, Flavor flavor, String cc, String cflags, Check check, String runner,
                     LinuxAbi linux, AsmSet asm, List<DllImport> dllImports) {

    public Target {
        Objects.requireNonNull(name);
        dllImports = List.copyOf(dllImports);
        if ((os == Os.LINUX) != (linux != null)) {
            throw new IllegalArgumentException(name + ": Linux targets, and only they, carry syscall numbers");
        }
    }

    public enum Os { LINUX, WINDOWS, DARWIN, FREEBSD }

    public enum Flavor {
        /** glibc and its headers from Debian's libc6-dev-*-cross (bookworm's, or trixie's for loong64): every feature. */
        GLIBC,
        /** Darwin / FreeBSD with no SDK here: own prototypes for the libc functions used. */
        POSIX_NO_SDK,
        /** Windows through mingw-w64's gcc and CRT. */
        MINGW,
        /** Windows with clang and no CRT: import libraries made from .def files. */
        WINDOWS_NO_CRT
    }

    public enum Check {
        /** Built and the native harness run on this machine directly. */
        HOST_HARNESS,
        /** Harness run under qemu-user-static. */
        QEMU_HARNESS,
        /** Harness run under wine. */
        WINE_HARNESS,
        /** Nothing here can run it: compile, link, check every ABI symbol is exported. */
        LINK_AND_EXPORTS
    }

    /**
     * Linux syscall numbers (checked against the cross libc's sys/syscall.h at build time
     * where there is one) and the clone argument order.
     *
     * @param clockGettime clock_gettime: the timed futex wait's deadline (the time32 call on 32-bit targets,
     *                     whose struct timespec is two longs like the futex call's)
     * @param prctl prctl: a BARE thread's PR_SET_NAME, made by the raw syscall before its function runs
     * @param sigsetBytes the kernel's sigset_t size for rt_sigprocmask (16 on mips, else 8)
     */
    public record LinuxAbi(int exit, int cloneNr, int futex, int setTidAddress, int gettid, int schedYield,
                           int rtSigprocmask, int write, int mmap, int munmap, int mprotect, int nanosleep,
                           int clockGettime, int prctl, int sigsetBytes) {}

    /**
     * The assembly routines, each the body of one function. exitThread is required
     * wherever there is assembly; rawSyscall and rawClone only on Linux.
     *
     * @param preamble     file-level directives (e.g. {@code .abiversion 2}, {@code .syntax unified})
     * @param typeMarker   '@' or '%' (ARM assemblers read '@' as a comment)
     * @param align        the .p2align of each function
     * @param symbolPrefix "_" on Mach-O
     */
    public record AsmSet(String preamble, char typeMarker, int align, String symbolPrefix, String exitThread,
                         String rawSyscall, String rawClone) {}

    /** Windows: one DLL and the functions imported from it. */
    public record DllImport(String dll, List<String> functions) {
        public DllImport {
            functions = List.copyOf(functions);
        }
    }

    public String arch() {
        return name.substring(name.indexOf('-') + 1);
    }

    /** The shim library's file name on this target. */
    public String libraryFile() {
        return NativeLib.SHIM.fileOn(this);
    }

    /** The testkit library's file name on this target. */
    public String testkitFile() {
        return NativeLib.TESTKIT.fileOn(this);
    }

    /** {@code uname -s}-{@code uname -m} of a machine whose own target this is (platforms/build host), or "-". */
    public String uname() {
        if (os != Os.LINUX) {
            return "-";
        }
        return "Linux-" + switch (arch()) {
            case "armhf" -> "armv7l";
            case "mips64el" -> "mips64";
            default -> arch();
        };
    }

    /** The Debian architecture of this target's packages (cross libc, the JVM smoke's JRE), or "-". */
    public String debianArch() {
        if (os != Os.LINUX) {
            return "-";
        }
        return switch (arch()) {
            case "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case "ppc64le" -> "ppc64el";
            case "i686" -> "i386";
            case "loongarch64" -> "loong64";
            default -> arch();
        };
    }

    /** The qemu-user architecture the runner uses ({@code qemu-<arch>-static}, {@code qemu-<arch>-trixie}), or "-". */
    public String qemuArch() {
        if (!runner.startsWith("qemu-")) {
            return "-";
        }
        String tool = runner.split(" ")[0].substring("qemu-".length());
        return tool.substring(0, tool.lastIndexOf('-'));
    }

    /** Whether platforms/jvm-smoke runs Debian's openjdk-25 on this target under qemu-user. */
    public boolean jvmSmoke() {
        return Targets.JVM_SMOKE.contains(name);
    }

    public boolean runnableHere() {
        return check != Check.LINK_AND_EXPORTS;
    }

    /** RUNTIME stacks need the kernel's exit-time store (set_tid_address) and glibc threads. */
    public boolean runtimeStacks() {
        return os == Os.LINUX && flavor == Flavor.GLIBC;
    }

    /** BARE threads need raw clone: Linux. */
    public boolean bareThreads() {
        return os == Os.LINUX;
    }

    /** How this machine verifies the target, in words (README, ./threadrt platforms). */
    public String verifiedBy() {
        return switch (check) {
            case HOST_HARNESS -> "native harness + the JVM test suite";
            case QEMU_HARNESS -> "harness under " + runner.split(" ")[0]
                    + (jvmSmoke() ? "; JVM smoke" : " (no JDK 22+)");
            case WINE_HARNESS -> "harness and DLL under wine";
            case LINK_AND_EXPORTS -> "compiles, links, exports the ABI; not run here";
        };
    }
}
