package org.threadrt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's Go anchor on a machine without Go: a child JVM whose PATH has no {@code go} but has
 * {@code id} and {@code apt-get}, {@code apt}, {@code sudo} and {@code dpkg} impostors that record any call. The anchor
 * says how to install Go, every Go row is "not run" with that reason, and nothing was installed or even
 * tried (this machine's tests run as root, where the anchor used to run apt-get by itself).
 */
class GoAnchorWithoutGoTest {
    private static final Path ROOT = Path.of(System.getProperty("threadrt.root", ".."));

    /** The child JVM: runs the anchor as the bench does and prints what it gave. */
    public static void main(String[] args) {
        GoAnchor.Result r = GoAnchor.run(null, 1, 0.01, new PrintWriter(System.out, true));
        System.out.println("problem: " + r.problem());
        for (Measurement m : r.measurements()) {
            System.out.println("row " + m.id + " " + m.status() + " " + m.note());
        }
        System.exit(0);
    }

    @Test
    void withoutGoOnPathTheAnchorSaysHowToInstallItAndInstallsNothing(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("apt-get", "apt", "sudo", "dpkg")) {
            Path impostor = bin.resolve(tool);
            Files.writeString(impostor, "#!/bin/sh\necho \"$0 $*\" >> '" + dir.resolve("called") + "'\nexit 0\n");
            Files.setPosixFilePermissions(impostor, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        // The real id(1): as root (these tests run as root) the anchor once took that as leave to install Go.
        Files.createSymbolicLink(bin.resolve("id"), Path.of("/usr/bin/id"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dthreadrt.root=" + ROOT.toAbsolutePath(),
                GoAnchorWithoutGoTest.class.getName()).redirectErrorStream(true);
        pb.environment().put("PATH", bin.toString());
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM ended");
        assertEquals(0, p.exitValue(), out);

        assertTrue(out.contains("problem: " + GoAnchor.INSTALL_HINT), out);
        assertTrue(GoAnchor.INSTALL_HINT.contains("apt-get install golang-go")
                && GoAnchor.INSTALL_HINT.contains("https://go.dev/doc/install"), GoAnchor.INSTALL_HINT);
        List<String> rows = out.lines().filter(l -> l.startsWith("row ")).toList();
        assertEquals(GoAnchor.NAMES.size(), rows.size(), out);
        assertTrue(rows.stream().allMatch(r -> r.contains(" NOT_RUN ") && r.endsWith(GoAnchor.INSTALL_HINT)), out);
        assertTrue(Files.notExists(dir.resolve("called")), () -> "the anchor ran a package tool: " + read(dir));
        try (Stream<Path> cache = Files.list(dir)) {
            assertEquals(List.of(bin), cache.toList(), "nothing but the PATH folder: no call recorded");
        }
    }

    private static String read(Path dir) {
        try {
            return Files.readString(dir.resolve("called"));
        } catch (Exception e) {
            return e.toString();
        }
    }
}
