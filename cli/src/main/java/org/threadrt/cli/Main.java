package org.threadrt.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.threadrt.ffm.NativeShim;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code threadrt} command line ({@code ./threadrt} at the repository root runs it on the module
 * path: {@code cli/target/threadrt-cli-<version>.jar} and {@code cli/target/modules}; the shaded
 * {@code cli/target/threadrt-cli.jar} runs it on the class path). Exit status: 0 success, 1 a check
 * failed (stress: an invariant broke; doctor: a check failed), 2 a usage error (the message and the
 * usage are printed), 3 the command could not run here (no shim, no native access).
 */
@Command(name = "threadrt", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {StressCommand.class, PlatformsCommand.class, DoctorCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        description = {"Go's runtime management of OS threads on the JVM: stress-test it on this machine, see where it "
                + "runs, check the set-up, benchmark it.", ""},
        footer = {"", "Start with: ./threadrt stress   (30 s, every workload, checks every invariant)",
                "Exit status: 0 ok, 1 a check failed, 2 usage error, 3 cannot run here."})
public final class Main implements Callable<Integer> {
    /** Exit status: the command ran and every check held. */
    public static final int OK = 0;
    /** Exit status: a check failed (an invariant broke, a doctor check failed). */
    public static final int FAILED = 1;
    /** Exit status: a usage error. */
    public static final int USAGE = 2;
    /** Exit status: the command cannot run here (no shim for this platform, no native access). */
    public static final int CANNOT_RUN = 3;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given output streams and returns the exit status. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /** The configured command line (for tests and for {@link #main}). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // A usage error: what is wrong, suggestions if any, then the usage of the command it concerns; exit 2.
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter err = c.getErr();
            err.println("threadrt: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            c.usage(err);
            return USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof IllegalArgumentException) {
                err.println("threadrt " + commandLine.getCommandName() + ": " + e.getMessage());
                commandLine.usage(err);
                return USAGE;
            }
            if (e instanceof IllegalStateException) {
                err.println("threadrt " + commandLine.getCommandName() + ": cannot run here: " + e.getMessage());
                err.println("(./threadrt doctor checks the set-up)");
                return CANNOT_RUN;
            }
            throw e;
        });
        return cl;
    }

    /**
     * Loads the native shim now; a failure is an IllegalStateException with the loader's message (what is
     * missing, how to build it), which the command line reports as "cannot run here".
     */
    static NativeShim.Status loadShim() {
        return NativeShim.load();
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: say what to run, e.g. "
                + "'threadrt stress'");
    }

    /**
     * The version: threadrt's version and commit (recorded in the jar at build time), the JVM, and the shims
     * the jar carries with how each was checked, then the targets it lacks.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            NativeShim.Build build = NativeShim.build();
            List<String> lines = new ArrayList<>();
            lines.add("threadrt " + build.version() + " (commit " + build.commit() + "), Java " + Runtime.version()
                    + " (" + System.getProperty("java.vm.name") + ")");
            List<NativeShim.PackedShim> packed = NativeShim.packedShims();
            List<NativeShim.Target> targets = NativeShim.targets();
            lines.add("shims in this jar: " + packed.size() + " of " + targets.size() + " targets");
            for (NativeShim.PackedShim p : packed) {
                lines.add(String.format("  %-18s %s", p.platform(), p.check()));
            }
            List<String> missing = targets.stream().map(NativeShim.Target::name)
                    .filter(t -> packed.stream().noneMatch(p -> p.platform().equals(t))).toList();
            if (!missing.isEmpty()) {
                lines.add("not in this jar: " + String.join(", ", missing));
            }
            return lines.toArray(String[]::new);
        }
    }
}
