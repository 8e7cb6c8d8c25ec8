package org.threadrt.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Go anchor (jmh/anchors/go): finds its source, finds {@code go} on PATH, builds it into a cache folder
 * keyed by the source's hash, runs it and reads its JSON. It installs nothing: a machine without Go gets
 * the Go rows "not run" with how to install it, and the rest of the bench runs.
 */
public final class GoAnchor {
    /** The Go program's measurement names, with the bench table's ids and labels. */
    public static final Map<String, String[]> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("thread_churn_lockosthread", new String[] {"go.churn", "Go LockOSThread goroutine churn (M exits)"});
        NAMES.put("c_pthread_create_join", new String[] {"go.c-pthread", "C pthread_create+join via cgo"});
        NAMES.put("cgo_callback_c_thread", new String[] {"go.cgo-callback", "Go cgo callback, long-lived C thread"});
        NAMES.put("cgo_callback_new_c_thread", new String[] {"go.cgo-callback-cycle", "Go: C thread create + 1 cgo callback + exit"});
        NAMES.put("mutex_uncontended", new String[] {"go.mutex", "Go sync.Mutex, uncontended"});
        NAMES.put("mutex_contended_2", new String[] {"go.mutex-2", "Go sync.Mutex, 2 goroutines"});
        NAMES.put("mutex_contended_4", new String[] {"go.mutex-4", "Go sync.Mutex, 4 goroutines"});
        NAMES.put("mutex_contended_8", new String[] {"go.mutex-8", "Go sync.Mutex, 8 goroutines"});
    }

    /** What a run gave: the measurements (or why there are none) and the Go version. */
    public record Result(List<Measurement> measurements, String version, String problem) {
    }

    private GoAnchor() {
    }

    /** How to get Go, in the "not run" reason of every Go row when go is not on PATH. */
    public static final String INSTALL_HINT = "go is not on PATH: install Go 1.21 or newer (Debian/Ubuntu: "
            + "sudo apt-get install golang-go; elsewhere: https://go.dev/doc/install), put its bin folder on PATH "
            + "and run the bench again for the Go rows";

    /** Runs the anchor; never throws: a problem is reported in the result and every Go row says "not run". */
    public static Result run(Path sourceHint, int reps, double scale, PrintWriter log) {
        List<Measurement> ms = new ArrayList<>();
        try {
            Path src = findSource(sourceHint).orElseThrow(() -> new IOException(
                    "the Go anchor's source (jmh/anchors/go/main.go) was not found; run from the repository root or pass --go-src DIR"));
            Optional<Path> go = findGo(System.getenv().getOrDefault("PATH", ""));
            if (go.isEmpty()) {
                log.println("  go        " + INSTALL_HINT);
                throw new IOException(INSTALL_HINT);
            }
            Path bin = build(go.get(), src, log);
            log.printf("  go        running %s (%d repetitions) ...%n", bin, reps);
            Process p = new ProcessBuilder(bin.toString(), "-reps", Integer.toString(reps), "-scale", Double.toString(scale))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("the Go anchor failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
            }
            return parse(out);
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            for (var en : NAMES.values()) {
                ms.add(Measurement.external(en[0], en[1], "ns", List.of()).notRun(why));
            }
            return new Result(ms, null, why);
        }
    }

    private static final Pattern VERSION = Pattern.compile("\"go\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SERIES = Pattern.compile("\"(\\w+)\"\\s*:\\s*\\[([^\\]]*)\\]");

    /** Reads the Go program's JSON (one object, its "results" a map of name to number arrays). */
    public static Result parse(String json) {
        Matcher v = VERSION.matcher(json);
        String version = v.find() ? v.group(1) : "go (unknown version)";
        Map<String, List<Double>> series = new LinkedHashMap<>();
        Matcher m = SERIES.matcher(json);
        while (m.find()) {
            List<Double> vals = new ArrayList<>();
            for (String s : m.group(2).split(",")) {
                if (!s.isBlank()) {
                    vals.add(Double.parseDouble(s.trim()));
                }
            }
            series.put(m.group(1), vals);
        }
        List<Measurement> ms = new ArrayList<>();
        for (var en : NAMES.entrySet()) {
            List<Double> vals = series.get(en.getKey());
            String[] il = en.getValue();
            Measurement x = Measurement.external(il[0], il[1] + " [" + version + "]", "ns",
                    vals == null ? List.of() : vals);
            if (vals == null || vals.isEmpty()) {
                x.notRun("the Go anchor printed no " + en.getKey());
            }
            ms.add(x);
        }
        return new Result(ms, version, null);
    }

    static Optional<Path> findSource(Path hint) {
        List<Path> candidates = new ArrayList<>();
        if (hint != null) {
            candidates.add(hint);
        }
        String root = System.getProperty("threadrt.root");
        if (root != null) {
            candidates.add(Path.of(root, "jmh", "anchors", "go"));
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            candidates.add(p.resolve("jmh/anchors/go"));
        }
        try {
            Path jar = Path.of(GoAnchor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar; p != null; p = p.getParent()) {
                candidates.add(p.resolve("jmh/anchors/go"));
            }
        } catch (Exception ignored) {
            // no code source: the other candidates will do
        }
        return candidates.stream().filter(p -> Files.isRegularFile(p.resolve("main.go"))).findFirst();
    }

    /** The first executable {@code go} in the folders of a PATH value; only PATH is searched, as a shell would. */
    static Optional<Path> findGo(String path) {
        List<Path> candidates = new ArrayList<>();
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "go"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("threadrt").resolve("go-anchor");
    }

    private static Path build(Path go, Path src, PrintWriter log) throws IOException, InterruptedException {
        String hash;
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(src.resolve("main.go")));
            if (Files.exists(src.resolve("go.mod"))) {
                md.update(Files.readAllBytes(src.resolve("go.mod")));
            }
            hash = HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        Path dir = cacheDir().resolve(hash);
        Path bin = dir.resolve("anchor");
        if (Files.isExecutable(bin)) {
            return bin;
        }
        Files.createDirectories(dir);
        log.printf("  go        building %s -> %s ...%n", src, bin);
        ProcessBuilder pb = new ProcessBuilder(go.toString(), "build", "-o", bin.toString(), ".").directory(src.toFile())
                .redirectErrorStream(true);
        pb.environment().put("CGO_ENABLED", "1");
        pb.environment().put("GOTOOLCHAIN", "local");
        pb.environment().putIfAbsent("GOCACHE", dir.resolveSibling("gocache").toString());
        if (System.getenv("HOME") == null) {
            pb.environment().put("GOPATH", dir.resolveSibling("gopath").toString());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("go build failed: " + out.strip());
        }
        return bin;
    }
}
