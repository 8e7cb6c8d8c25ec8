package org.threadrt.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.threadrt.StackPolicy;
import org.threadrt.ffm.FfmPort;
import org.threadrt.ffm.NativeShim;

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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        NativeShim.Status shim = NativeShim.status();
        String here = shim.platform();
        String loadError = shim.problem().orElse(null);
        out.printf("This JVM: %s (Java %s, %s %s)%n%n", here, Runtime.version(), System.getProperty("os.name"),
                System.getProperty("os.arch"));
        out.printf("%-18s %-7s %-14s %-54s %s%n", "target", "in jar", "RUNTIME/BARE", "verified by", "here");
        boolean known = false;
        for (NativeShim.Target t : NativeShim.targets()) {
            boolean isHere = t.name().equals(here);
            known |= isHere;
            String status;
            if (isHere && shim.loaded()) {
                status = "LOADED: " + shim.file().orElseThrow() + " (ABI " + shim.abiVersion().getAsInt() + ")";
            } else if (isHere) {
                status = "NOT LOADED: " + loadError;
            } else {
                status = "not this machine (" + describe(t.name()) + ")";
            }
            out.printf("%-18s %-7s %-14s %-54s %s%n", t.name(), t.inThisJar() ? "yes" : "no",
                    (t.runtimeStacks() ? "yes" : "no") + " / " + (t.bareThreads() ? "yes" : "no"), t.verifiedBy(),
                    status);
        }
        if (!known) {
            out.printf("%n%s is not a threadrt target: no shim is generated for it (stubgen's Targets.java lists "
                    + "the targets).%n", here);
        }
        out.println();
        if (shim.loaded()) {
            FfmPort port = new FfmPort();
            out.printf("Loaded here: %s from %s, ABI version %d; stack policies: OS %s, RUNTIME %s, BARE %s%n",
                    shim.platform(), shim.file().orElseThrow(), shim.abiVersion().getAsInt(),
                    yes(port.supports(StackPolicy.OS)),
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
