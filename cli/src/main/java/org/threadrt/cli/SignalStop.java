package org.threadrt.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import org.threadrt.stress.StopRequest;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a stress run: the first one asks the run to stop ({@link StopRequest}),
 * so that it drains, shuts down, checks and reports as at its deadline; a second one ends the process at
 * once ({@code Runtime.halt}). The exit status of a run stopped by either signal is {@link #INTERRUPTED} (130,
 * what a shell reports for Ctrl-C), as the issue that asked for this path specifies: one status means "stopped
 * early, report written", whichever signal it was; the JSON's {@code interruptedBy} names the signal. A second
 * signal halts with 128 + its number (130 for SIGINT, 143 for SIGTERM), as a shell reports a program a signal
 * ended.
 *
 * <p>Why {@code sun.misc.Signal} (module jdk.unsupported) and not a shutdown hook: a hook runs while the JVM
 * is already exiting, concurrently with every other hook (JFR's dump, logging's), with the exit status fixed,
 * and a {@code System.exit} from the run would then block forever; the run's shutdown checks need a JVM that
 * still works (Ms that end detach from it, the baseline wait sleeps). A signal handler just sets a flag on a
 * thread of its own and the run ends normally. {@code jdk.internal.misc.Signal} is not exported.
 * Where the JVM owns the signal ({@code -Xrs}) the handler is not installed and the JVM's default applies.
 * A JVM started with SIGINT ignored (a background job of a non-interactive shell, {@code nohup}) keeps it
 * ignored, as POSIX expects of such a job: HotSpot installs no handler for a shutdown signal that was ignored
 * at its start, so there Ctrl-C does nothing and SIGTERM still stops the run.
 */
final class SignalStop implements AutoCloseable {
    private final StopRequest stop;
    private final PrintWriter err;
    /** The handlers replaced, restored by close(); written by install() before any signal is handled. */
    private final List<Installed> previous = new ArrayList<>();

    /** A signal this installed a handler for, and the handler it replaced. */
    private record Installed(Signal signal, SignalHandler replaced) {}
    /** The exit status of a run that a signal stopped and that then reported: 130, for SIGINT and SIGTERM alike. */
    static final int INTERRUPTED = 130;

    /** INTERRUPTED once a signal came, else -1. Written once under this, read by the command after the run. */
    private int exitStatus = -1;

    private SignalStop(StopRequest stop, PrintWriter err) {
        this.stop = stop;
        this.err = err;
    }

    /**
     * Installs the handlers for SIGINT and SIGTERM until {@link #close()}. Lifetime rule: the handlers live
     * exactly as long as the run they stop (try-with-resources around it); the trade-off is that a signal in
     * the moment between close() and the process's exit gets the JVM's default (exit at once), which is what
     * a user expects once the report is written.
     */
    static SignalStop install(StopRequest stop, PrintWriter err) {
        SignalStop s = new SignalStop(stop, err);
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal sig = new Signal(name);
                SignalHandler old = Signal.handle(sig, s::handle);
                s.previous.add(new Installed(sig, old));
            } catch (IllegalArgumentException e) {
                // no such signal here, or the JVM uses it (-Xrs): the default stays
            }
        }
        return s;
    }

    private void handle(Signal sig) {
        boolean first;
        synchronized (this) {
            first = exitStatus < 0;
            if (first) {
                exitStatus = INTERRUPTED;
            }
        }
        if (!first) {
            err.println("threadrt stress: SIG" + sig.getName() + " again: quitting now, nothing more is reported");
            err.flush();
            Runtime.getRuntime().halt(128 + sig.getNumber());
        }
        stop.request("SIG" + sig.getName());
        err.println("threadrt stress: SIG" + sig.getName() + ": stopping the workloads; the checks, the summary and "
                + "the outputs follow (send it again to quit at once)");
        err.flush();
    }

    /** {@link #INTERRUPTED} when a signal was handled, or -1 when none came. */
    synchronized int exitStatus() {
        return exitStatus;
    }

    @Override
    public void close() {
        for (Installed i : previous) {
            Signal.handle(i.signal(), i.replaced());
        }
        previous.clear();
    }
}
