package org.threadrt.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.threadrt.StackPolicy;
import org.threadrt.ffm.FfmPort;
import org.threadrt.ffm.ShimLibrary;
import org.threadrt.ffm.bind.threadrt_h;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code threadrt platforms}: the platform matrix, the shim loaded here, and why the others are not. */
@Command(name = "platforms", mixinStandardHelpOptions = true,
        description = {"Lists every target threadrt has a shim for: whether this jar carries it, what it supports "
                + "(RUNTIME and BARE stacks), how it is verified, and which one is loaded on this machine (or why "
                + "none is).", ""},
        footer = {"", "A target's shim is in the jar when platforms/matrix (or platforms/build <target>) built it "
                + "before the jar was packed; the host's is always built.",
                "Exit status: 0 when this machine's shim loads, 3 when it cannot, 2 on a usage error."})
public final class PlatformsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** One target of the matrix (kept in step with stubgen's Targets and the README's table). */
    record Target(String name, String toolchain, String verified, boolean runtimeStacks, boolean bare) {}

    /** Every target, as the README's platform table lists it. */
    static final List<Target> TARGETS = List.of(
            new Target("linux-x86_64", "gcc", "native harness + the JVM test suite", true, true),
            new Target("linux-aarch64", "gcc-aarch64-linux-gnu", "harness under qemu-aarch64-static; JVM smoke", true, true),
            new Target("linux-riscv64", "gcc-riscv64-linux-gnu", "harness under qemu-riscv64-static; JVM smoke", true, true),
            new Target("linux-ppc64le", "gcc-powerpc64le-linux-gnu", "harness under qemu-ppc64le-static; JVM smoke", true, true),
            new Target("linux-s390x", "gcc-s390x-linux-gnu", "harness under qemu-s390x-static; JVM smoke", true, true),
            new Target("linux-i686", "gcc-i686-linux-gnu", "harness under qemu-i386-static (no JDK 22+)", true, true),
            new Target("linux-armhf", "gcc-arm-linux-gnueabihf", "harness under qemu-arm-static (no JDK 22+)", true, true),
            new Target("linux-mips64el", "gcc-mips64el-linux-gnuabi64", "harness under qemu-mips64el-static (no JDK 22+)", true, true),
            new Target("linux-loongarch64", "clang-19 + lld, freestanding", "BARE harness under qemu-loongarch64-static", false, true),
            new Target("windows-x86_64", "gcc-mingw-w64-x86-64", "harness and DLL under wine", false, false),
            new Target("windows-aarch64", "clang-19 + lld, no CRT", "compiles, links, exports the ABI", false, false),
            new Target("darwin-x86_64", "clang-19 + ld64.lld", "compiles, links, exports the ABI", false, false),
            new Target("darwin-aarch64", "clang-19 + ld64.lld", "compiles, links, exports the ABI", false, false),
            new Target("freebsd-x86_64", "clang-19 + lld", "compiles, links, exports the ABI", false, false),
            new Target("freebsd-aarch64", "clang-19 + lld", "compiles, links, exports the ABI", false, false));

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String here = ShimLibrary.currentPlatform();
        List<String> packed = ShimLibrary.packagedPlatforms();
        ShimLibrary loaded = null;
        String loadError = null;
        try {
            loaded = FfmPort.library();
        } catch (Throwable t) {
            Throwable why = t instanceof ExceptionInInitializerError && t.getCause() != null ? t.getCause() : t;
            loadError = why.getMessage();
        }
        out.printf("This JVM: %s (Java %s, %s %s)%n%n", here, Runtime.version(), System.getProperty("os.name"),
                System.getProperty("os.arch"));
        out.printf("%-18s %-7s %-14s %-47s %s%n", "target", "in jar", "RUNTIME/BARE", "verified by", "here");
        boolean known = false;
        for (Target t : TARGETS) {
            boolean isHere = t.name().equals(here);
            known |= isHere;
            String status;
            if (isHere && loaded != null) {
                status = "LOADED: " + loaded.file() + " (ABI " + threadrt_h.trt_abi_version() + ")";
            } else if (isHere) {
                status = "NOT LOADED: " + loadError;
            } else {
                status = "not this machine (" + describe(t.name()) + ")";
            }
            out.printf("%-18s %-7s %-14s %-47s %s%n", t.name(), packed.contains(t.name()) ? "yes" : "no",
                    (t.runtimeStacks() ? "yes" : "no") + " / " + (t.bare() ? "yes" : "no"), t.verified(), status);
        }
        if (!known) {
            out.printf("%n%s is not a threadrt target: no shim is generated for it (stubgen's Targets.java lists "
                    + "the targets).%n", here);
        }
        out.println();
        if (loaded != null) {
            FfmPort port = new FfmPort();
            out.printf("Loaded here: %s from %s, ABI version %d; stack policies: OS %s, RUNTIME %s, BARE %s%n",
                    loaded.platform(), loaded.file(), threadrt_h.trt_abi_version(), yes(port.supports(StackPolicy.OS)),
                    yes(port.supports(StackPolicy.RUNTIME)), yes(port.supports(StackPolicy.BARE)));
            return Main.OK;
        }
        out.println("No shim loaded here: " + loadError);
        return Main.CANNOT_RUN;
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    private static String describe(String target) {
        int dash = target.indexOf('-');
        String os = switch (target.substring(0, dash)) {
            case "linux" -> "Linux";
            case "windows" -> "Windows";
            case "darwin" -> "macOS";
            case "freebsd" -> "FreeBSD";
            default -> target.substring(0, dash);
        };
        return os + " on " + target.substring(dash + 1);
    }
}
