package org.threadrt.it;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.RuntimeConfig;
import org.threadrt.ThreadRuntime;

/**
 * The README's example, run for real: workers that enter a named network namespace (made with
 * {@code ip netns add}) reach a loopback server that listens only inside it; tasks outside the namespace
 * cannot. Needs Linux, root and iproute2's {@code ip}; skipped with the reason otherwise.
 */
class NetnsWorkersExampleTest {
    // ---- the example (README, "Using the library")

    static final Linker LINKER = Linker.nativeLinker();
    static final MethodHandle OPEN = LINKER.downcallHandle(LINKER.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2));
    static final MethodHandle SETNS = LINKER.downcallHandle(LINKER.defaultLookup().find("setns").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    static final int CLONE_NEWNET = 0x40000000;

    /** Moves the calling thread (only it) into the network namespace {@code ip netns add name} made. */
    static void enterNetns(String name) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom("/var/run/netns/" + name), 0 /* O_RDONLY */);
            int rc = fd < 0 ? -1 : (int) SETNS.invokeExact(fd, CLONE_NEWNET);
            if (fd >= 0) {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
            if (rc != 0) {
                throw new IllegalStateException("cannot enter network namespace " + name + " (root? ip netns add?)");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static String m() {
        return "M" + ThreadRuntime.currentM().orElseThrow().id();
    }

    /** Runs the example against namespace {@code netns}; returns (and prints) what each task saw. */
    static List<String> run(String netns) throws Exception {
        List<String> lines = new ArrayList<>();
        try (ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.builder().name("netns-workers").build())) {
            int workers = 3;
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Future<String> server = rt.submit(() -> {
                ThreadRuntime.lockOSThread();          // this thread leaves the runtime's namespace: it exits after
                enterNetns(netns);
                try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                    port.complete(ss.getLocalPort());
                    for (int i = 0; i < workers; i++) {
                        try (Socket s = ss.accept()) {
                            new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8).println("hello from " + netns);
                        }
                    }
                    return "server  " + m() + " listened on 127.0.0.1:" + ss.getLocalPort() + " inside " + netns;
                }
            });
            int p = port.get(30, TimeUnit.SECONDS);
            Callable<String> outside = () -> {       // no setns: the network namespace the runtime started in
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), p)) {
                    return "outside " + m() + ": connected (the namespace leaked)";
                } catch (ConnectException e) {
                    return "outside " + m() + ": " + e.getMessage();
                }
            };
            List<Future<String>> tasks = new ArrayList<>();
            List<Future<String>> followUps = new CopyOnWriteArrayList<>();
            for (int i = 0; i < workers; i++) {
                tasks.add(rt.submit(() -> {
                    ThreadRuntime.lockOSThread();      // per-thread OS state: this M exits after the task
                    enterNetns(netns);
                    followUps.add(rt.submit(outside)); // submitted from inside the namespace, runs outside it
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), p);
                         BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                                 StandardCharsets.UTF_8))) {
                        return "worker  " + m() + " in " + netns + ": " + in.readLine();
                    }
                }));
            }
            for (Future<String> f : tasks) {
                lines.add(f.get(30, TimeUnit.SECONDS));
            }
            lines.add(server.get(30, TimeUnit.SECONDS));
            for (Future<String> f : followUps) {
                lines.add(f.get(30, TimeUnit.SECONDS));
            }
        }
        lines.forEach(System.out::println);
        return lines;
    }

    // ---- the test

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void workersInsideTheNamespaceReachItsServerAndOthersDoNot() throws Exception {
        String why = OsState.unavailable();
        assumeTrue(why == null, why);
        assumeTrue(ip("-V") == 0, "needs iproute2's ip (apt-get install iproute2)");
        String netns = "trt-demo-" + ProcessHandle.current().pid();
        assertEquals(0, ip("netns", "add", netns), "ip netns add " + netns);
        try {
            assertEquals(0, ip("-n", netns, "link", "set", "lo", "up"));
            List<String> lines = run(netns);
            assertEquals(3, lines.stream().filter(l -> l.startsWith("worker") && l.endsWith(": hello from " + netns))
                    .count(), lines::toString);
            assertEquals(3, lines.stream().filter(l -> l.startsWith("outside") && l.endsWith(": Connection refused"))
                    .count(), lines::toString);
            assertEquals(1, lines.stream().filter(l -> l.startsWith("server")).count(), lines::toString);
        } finally {
            ip("netns", "del", netns);
        }
    }

    private static int ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1; // no ip on the PATH
        }
    }
}
