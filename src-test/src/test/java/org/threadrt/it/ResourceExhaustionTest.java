package org.threadrt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.RuntimeConfig;
import org.threadrt.RuntimeStats;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadRuntime;

/**
 * Issue 12, for real: a child JVM whose thread starts the kernel refuses. The parent (root) lowers the
 * child's limit with {@code prlimit --pid} once the child's JVM and runtime are up, so the JVM's own
 * threads exist and only the Ms are refused, then lifts it:
 * <ul>
 *   <li>RLIMIT_NPROC: the child runs as nobody ({@code setpriv}; root ignores the limit), and the limit is
 *       set to the number of tasks nobody has at that moment: no new thread at all (EAGAIN);</li>
 *   <li>RLIMIT_AS: the limit is set a few MiB above the child's address space, so a few stacks map and then
 *       none (glibc's stack mmap for OS stacks: EAGAIN; the runtime's own mmap for RUNTIME: ENOMEM).</li>
 * </ul>
 * The child submits blocking tasks while refused and reports how long the submits took; then every task
 * must run once the pressure goes (RLIMIT_AS: lifted by the parent; RLIMIT_NPROC: the child lowered its own
 * soft limit, which a root parent without CAP_SYS_RESOURCE cannot change for another user, to a few threads
 * above what it had, and the Ms that got them run the queue once their blocking tasks end), with the
 * invariants holding before and after. Timing is reported,
 * not asserted; the bounds are hang guards. Needs Linux, root, setpriv and prlimit.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ResourceExhaustionTest {
    static final Pattern NUMBER = Pattern.compile("(\\w+)=(-?\\d+)");

    /**
     * The child: argv = stack policy, number of submits, and for RLIMIT_NPROC the spare threads to allow.
     * Talks to the parent through stdin/stdout lines.
     */
    public static void main(String[] args) throws Exception {
        StackPolicy policy = StackPolicy.valueOf(args[0]);
        int submits = Integer.parseInt(args[1]);
        int spareThreads = args.length > 2 ? Integer.parseInt(args[2]) : -1;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        RuntimeConfig config = RuntimeConfig.builder().name("exhausted").stackPolicy(policy).maxThreads(16)
                .idleTimeout(Duration.ofSeconds(60)).threadStartTimeout(Duration.ofSeconds(120)).detectDeadlocks(false)
                .build();
        try (ThreadRuntime warm = ThreadRuntime.start(RuntimeConfig.builder().name("warm-up").stackPolicy(policy).build())) {
            // load and run every path the measured part uses, so that the pressure meets no class loading
            List<Future<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                fs.add(warm.submit(() -> n));
            }
            for (Future<Integer> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
            warm.checkInvariants();
            report("WARM", warm.stats(), 0);
        }
        ThreadRuntime rt = ThreadRuntime.start(config);
        System.out.println("READY pid=" + ProcessHandle.current().pid());
        System.out.flush();
        expect(in, "GO");
        if (spareThreads >= 0) {
            // RLIMIT_NPROC of another user cannot be changed without CAP_SYS_RESOURCE, so the child lowers
            // its own soft limit: the user's tasks now plus a few spare, which the first Ms take.
            int uid = Integer.parseInt(Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+")[1]);
            long limit = tasksOfUser(uid) + spareThreads;
            Process set = new ProcessBuilder("prlimit", "--pid", Long.toString(ProcessHandle.current().pid()),
                    "--nproc=" + limit + ":").inheritIO().start();
            if (set.waitFor() != 0) {
                throw new IllegalStateException("prlimit --nproc=" + limit + " failed");
            }
            System.out.println("LIMITED nproc=" + limit);
        }
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>(submits);
        long t0 = System.nanoTime();
        for (int i = 0; i < submits; i++) {
            int n = i;
            futures.add(rt.submit(() -> {
                release.await();
                return n;
            }));
        }
        long submitNanos = System.nanoTime() - t0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (rt.stats().threadStartFailures() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        rt.checkInvariants();
        report("REFUSED", rt.stats(), submitNanos);
        expect(in, "RELEASE");
        release.countDown();
        int ran = 0;
        for (int i = 0; i < submits; i++) {
            if (futures.get(i).get(120, TimeUnit.SECONDS) == i) {
                ran++;
            }
        }
        rt.checkInvariants();
        rt.close();
        RuntimeStats s = rt.stats();
        System.out.println("DONE ran=" + ran + " mcount=" + s.mcount() + " mapped=" + s.stacksMapped() + " unmapped="
                + s.stacksUnmapped() + " failures=" + s.threadStartFailures() + " episodes=" + s.startRefusalEpisodes());
        System.out.flush();
        System.exit(0);
    }

    private static void report(String what, RuntimeStats s, long submitNanos) {
        System.out.println(what + " submitMicros=" + submitNanos / 1000 + " failures=" + s.threadStartFailures()
                + " episodes=" + s.startRefusalEpisodes() + " started=" + s.threadsStarted() + " completed="
                + s.tasksCompleted() + " queued=" + s.runqLength());
        System.out.flush();
    }

    private static void expect(BufferedReader in, String word) throws IOException {
        String line = in.readLine();
        if (!word.equals(line)) {
            throw new IllegalStateException("expected " + word + " from the parent, got " + line);
        }
    }

    // ---- the parent

    enum Limit { NPROC, AS }

    /** The limit stays: the few Ms that started run every queued task once their blocking tasks end. */
    @Test
    void underRlimitNprocAsNobodySubmitsReturnAndEveryTaskRunsOnceTheBlockingTasksEnd() throws Exception {
        runChild(Limit.NPROC, StackPolicy.OS, 64);
    }

    @Test
    void underRlimitAsWithOsStacksSubmitsReturnAndEveryTaskRunsOnceLifted() throws Exception {
        runChild(Limit.AS, StackPolicy.OS, 3000);
    }

    @Test
    void underRlimitAsWithRuntimeStacksSubmitsReturnAndEveryTaskRunsOnceLifted() throws Exception {
        runChild(Limit.AS, StackPolicy.RUNTIME, 3000);
    }

    /**
     * A stack too big for the machine (1 TiB, the most RuntimeConfig takes). glibc's mprotect of an OS stack
     * that size is refused (overcommit), a RUNTIME stack is mapped MAP_NORESERVE and may well start: either
     * the task runs, or it fails after threadStartTimeout with a ThreadStartException naming the size. Either
     * way close() returns, nothing stays mapped (no 1 TiB mapping in /proc/self/maps, every mapped stack
     * unmapped), no M is left half made, and the process starts runtimes and threads as before.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = StackPolicy.class, names = {"OS", "RUNTIME"})
    void aHugeStackSizeFailsClearlyLeaksNoMappingAndTheProcessRecovers(StackPolicy policy) throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "reads /proc/self/maps");
        long huge = 1L << 40;
        ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.builder().name("huge-" + policy).stackPolicy(policy)
                .stackSize(huge).threadStartTimeout(Duration.ofMillis(300)).build());
        Future<String> f = rt.submit(() -> "ran");
        String outcome;
        try {
            outcome = f.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            assertTrue(cause instanceof java.util.concurrent.RejectedExecutionException
                    && cause.getCause() instanceof org.threadrt.ThreadStartException, () -> "a clear cause: " + e);
            assertTrue(cause.getMessage().contains("threadStartTimeout") && cause.getCause().getMessage()
                    .contains(Long.toString(huge)), () -> "names the rule and the size: " + cause);
            outcome = "refused: " + cause.getCause().getMessage();
        }
        rt.close();
        System.out.println("ResourceExhaustionTest huge " + policy + " stack: " + outcome);
        RuntimeStats s = rt.stats();
        assertEquals(0, s.mcount(), s::toString);
        assertEquals(s.stacksMapped(), s.stacksUnmapped(), s::toString);
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            List<String> big = maps.filter(l -> {
                String[] range = l.substring(0, l.indexOf(' ')).split("-");
                return Long.parseUnsignedLong(range[1], 16) - Long.parseUnsignedLong(range[0], 16) >= huge;
            }).toList();
            assertEquals(List.of(), big, "no stack-sized mapping left");
        }
        try (ThreadRuntime after = ThreadRuntime.start(RuntimeConfig.builder().name("after-huge").stackPolicy(policy)
                .build())) {
            assertEquals("ok", after.submit(() -> "ok").get(30, TimeUnit.SECONDS), "the process starts threads again");
        }
    }

    private void runChild(Limit limit, StackPolicy policy, int submits) throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux") && isRoot() && onPath("prlimit")
                && (limit != Limit.NPROC || onPath("setpriv")), "needs Linux, root, prlimit and setpriv");
        Path dir = Files.createTempDirectory("threadrt-exhaust", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            List<String> cmd = new ArrayList<>();
            if (limit == Limit.NPROC) {
                cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
            }
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-XX:CICompilerCount=1", "-XX:-UseDynamicNumberOfCompilerThreads", "-Xmx64m", "-Xss512k",
                    "-Xlog:disable", "-Xlog:all=error:stderr",
                    "-cp", readableClassPath(dir), ResourceExhaustionTest.class.getName(), policy.name(),
                    Integer.toString(submits)));
            if (limit == Limit.NPROC) {
                cmd.add("4");
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
            pb.environment().put("MALLOC_ARENA_MAX", "1");
            Process p = pb.start();
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            StringBuilder all = new StringBuilder();
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        synchronized (all) {
                            all.append(l).append('\n');
                        }
                        lines.add(l);
                    }
                } catch (IOException ignored) {
                    // the child ended
                }
            });
            try (Writer toChild = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                String ready = await(p, lines, "READY", all);
                long pid = Long.parseLong(ready.substring(ready.indexOf('=') + 1).trim());
                // Soft limits only: without CAP_SYS_RESOURCE (containers) a hard limit cannot be raised again.
                if (limit == Limit.AS) {
                    prlimit(pid, "--as=" + (vmSizeBytes(pid) + (6L << 20)) + ":");
                }
                toChild.write("GO\n");
                toChild.flush();
                String refused = await(p, lines, "REFUSED", all);
                if (limit == Limit.AS) {
                    prlimit(pid, "--as=unlimited:");
                }
                toChild.write("RELEASE\n");
                toChild.flush();
                String done = await(p, lines, "DONE", all);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child ended");
                reader.join(10_000);
                String out;
                synchronized (all) {
                    out = all.toString();
                }
                assertEquals(0, p.exitValue(), out);
                long submitMicros = number(refused, "submitMicros");
                System.out.printf("ResourceExhaustionTest %s %s: %d submits returned in %.1f ms while refused (%s)%n",
                        limit, policy, submits, submitMicros / 1000.0, refused);
                assertTrue(number(refused, "failures") >= 1, () -> "the kernel refused starts: " + refused + "\n" + out);
                assertEquals(0, number(refused, "completed"), () -> "nothing ran before the release: " + refused);
                assertTrue(limit != Limit.NPROC || out.contains("LIMITED"), out);
                assertEquals(submits, number(done, "ran"), () -> "every task ran once the limit was lifted:\n" + out);
                assertEquals(0, number(done, "mcount"), done);
                assertEquals(number(done, "mapped"), number(done, "unmapped"), done);
                assertTrue(!out.contains("hs_err") && !out.contains("fatal error"), out);
                long warnings = out.lines().filter(l -> l.contains("the OS refused to start a thread")).count();
                assertTrue(warnings <= number(done, "episodes"), () -> "logged once per episode:\n" + out);
            } finally {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static String await(Process child, LinkedBlockingQueue<String> lines, String prefix, StringBuilder all)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (;;) {
            String l = lines.poll(1, TimeUnit.SECONDS);
            if (l == null && (!child.isAlive() && lines.isEmpty() || System.nanoTime() - deadline > 0)) {
                Thread.sleep(200); // the reader's last lines
                synchronized (all) {
                    fail("no " + prefix + " line from the child (alive: " + child.isAlive() + "):\n" + all);
                }
            }
            if (l != null && l.startsWith(prefix)) {
                return l;
            }
        }
    }

    private static long number(String line, String key) {
        Matcher m = NUMBER.matcher(line);
        while (m.find()) {
            if (m.group(1).equals(key)) {
                return Long.parseLong(m.group(2));
            }
        }
        throw new AssertionError("no " + key + " in " + line);
    }

    private static void prlimit(long pid, String set) throws Exception {
        Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), set).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "prlimit " + set + ": " + out);
    }

    /** Tasks (threads) the user has now: what RLIMIT_NPROC counts. */
    private static long tasksOfUser(int uid) throws IOException {
        long n = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path pid : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    List<String> status = Files.readAllLines(pid.resolve("status"));
                    boolean theirs = status.stream().anyMatch(l -> l.matches("Uid:\\s+" + uid + "\\s.*"));
                    if (theirs) {
                        n += status.stream().filter(l -> l.startsWith("Threads:"))
                                .mapToLong(l -> Long.parseLong(l.substring(8).trim())).sum();
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        }
        return n;
    }

    private static long vmSizeBytes(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (l.startsWith("VmSize:")) {
                return Long.parseLong(l.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no VmSize for " + pid);
    }

    /** The test class path, with every entry nobody could not read copied into {@code dir}. */
    private static String readableClassPath(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.isEmpty()) {
                continue;
            }
            Path p = Path.of(e);
            if (Files.isRegularFile(p) && !e.startsWith("/work/")) {
                Path copy = dir.resolve((i++) + "-" + p.getFileName());
                Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                entries.add(copy.toString());
            } else {
                entries.add(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").start();
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().equals("0");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
