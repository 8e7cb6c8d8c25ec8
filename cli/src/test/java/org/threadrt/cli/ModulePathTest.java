package org.threadrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CLI as named modules: a child JVM runs {@code -m org.threadrt.cli/org.threadrt.cli.Main} on the module
 * path this module's build assembles (target/classes and target/modules, the jars of org.threadrt,
 * org.threadrt.ffm with the shim, org.threadrt.workloads with the testkit, picocli, gson, JNA), as
 * {@code ./threadrt} does. Nothing on the class path: an access the module graph does not allow fails here.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ModulePathTest {
    private static final Path ROOT = Path.of(System.getProperty("threadrt.root", ".."));

    record Run(int status, String out) {}

    static Run cli(String... args) throws Exception {
        Path target = ROOT.resolve("cli/target");
        assertTrue(Files.isDirectory(target.resolve("modules")), "target/modules: copied by generate-resources");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", target.resolve("classes") + File.pathSeparator + target.resolve("modules"),
                "--enable-native-access=org.threadrt.ffm,org.threadrt.workloads,org.threadrt.cli,com.sun.jna",
                "-m", "org.threadrt.cli/org.threadrt.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM ended");
        return new Run(p.exitValue(), out);
    }

    @Test
    void doctorPassesOnTheModulePath() throws Exception {
        Run r = cli("doctor");
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("native access          enabled for org.threadrt.ffm and org.threadrt.workloads"),
                r.out());
        assertTrue(r.out().contains("[ OK ] testkit"), r.out());
        assertTrue(r.out().contains("OK: 0 failed"), r.out());
    }

    @Test
    void platformsListsTheLoadedShimOnTheModulePath() throws Exception {
        Run r = cli("platforms");
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("Loaded here: ") && r.out().contains("ABI version 6"), r.out());
    }

    @Test
    void aShortStressRunPassesOnTheModulePath() throws Exception {
        Run r = cli("stress", "--duration", "1s", "--progress", "off");
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("PASSED: all 14 invariants held"), r.out());
        assertTrue(r.out().contains("BARE threads"), r.out());
    }
}
