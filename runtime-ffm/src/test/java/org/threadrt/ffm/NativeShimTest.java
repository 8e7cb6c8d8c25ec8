package org.threadrt.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.threadrt.ffm.bind.Platforms;

/** The diagnostics API: what the tools read instead of the generated binding. */
class NativeShimTest {
    private static final Path ROOT = Path.of(System.getProperty("threadrt.root", ".."));

    @Test
    void statusDescribesTheLoadedShim() {
        NativeShim.Status s = NativeShim.status();
        assertTrue(s.loaded(), s::toString);
        assertEquals(NativeShim.currentPlatform(), s.platform());
        assertEquals(6, NativeShim.expectedAbiVersion());
        assertEquals(NativeShim.expectedAbiVersion(), s.abiVersion().orElseThrow());
        assertTrue(Files.isRegularFile(s.file().orElseThrow()), s::toString);
        assertTrue(s.problem().isEmpty());
        assertEquals(s, NativeShim.load(), "loaded once: the same answer every time");
        assertEquals(s.platform(), new FfmPort().platform());
    }

    @Test
    void targetsAreThePlatformTableWithWhatThisJarCarries() {
        List<NativeShim.Target> targets = NativeShim.targets();
        assertEquals(15, targets.size());
        assertEquals(Platforms.ALL.stream().map(Platforms.Platform::name).toList(),
                targets.stream().map(NativeShim.Target::name).toList());
        NativeShim.Target here = NativeShim.target(NativeShim.currentPlatform()).orElseThrow();
        assertTrue(here.inThisJar(), here::toString);
        assertTrue(here.runtimeStacks() && here.bareThreads(), here::toString);
        NativeShim.Target windows = NativeShim.target("windows-x86_64").orElseThrow();
        assertEquals("threadrt.dll", windows.library());
        assertFalse(windows.runtimeStacks() || windows.bareThreads());
        assertTrue(NativeShim.target("plan9-mips").isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> targets.add(here), "immutable");
    }

    @Test
    void aCompanionLoadsAfterTheShim() {
        Path file = ROOT.resolve("platforms/out/host/" + System.mapLibraryName("threadrt_testkit"));
        System.setProperty("threadrt.testkit.path", file.toString());
        NativeShim.Companion testkit;
        try {
            testkit = NativeShim.loadCompanion(NativeShimTest.class, "/nowhere/", "threadrt_testkit",
                    "threadrt.testkit.path", "trt_testkit_abi_version", 1);
        } finally {
            System.clearProperty("threadrt.testkit.path");
        }
        assertEquals("threadrt_testkit", testkit.name());
        assertEquals(NativeShim.currentPlatform(), testkit.platform());
        assertEquals(System.mapLibraryName("threadrt_testkit"), testkit.file().getFileName().toString());
        assertTrue(testkit.symbols().find("trt_work_count").isPresent());
        assertTrue(testkit.symbols().find("trt_abi_version").isEmpty(), "its own symbols only, not the shim's");
        assertTrue(NativeShim.status().loaded(), "the shim first");
        IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> {
            System.setProperty("threadrt.testkit.path", file.toString());
            try {
                NativeShim.loadCompanion(NativeShimTest.class, "/nowhere/", "threadrt_testkit",
                        "threadrt.testkit.path", "trt_testkit_abi_version", 99);
            } finally {
                System.clearProperty("threadrt.testkit.path");
            }
        });
        assertTrue(wrong.getMessage().contains("implements ABI version 1 but this build needs 99"), wrong.getMessage());
    }

    @Test
    void aMissingCompanionIsExplained() {
        System.setProperty("threadrt.nothing.path", "/nonexistent/libthreadrt_nothing.so");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> NativeShim.loadCompanion(
                    NativeShimTest.class, "/nowhere/", "threadrt_nothing", "threadrt.nothing.path", "f", 1));
            assertTrue(e.getMessage().contains("platforms/build " + NativeShim.currentPlatform()), e.getMessage());
        } finally {
            System.clearProperty("threadrt.nothing.path");
        }
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> NativeShim.loadCompanion(
                NativeShimTest.class, "/nowhere/", "threadrt_nothing", "threadrt.nothing.path", "f", 1));
        assertTrue(none.getMessage().contains("no native nothing for " + NativeShim.currentPlatform()),
                none.getMessage());
    }

    /** The child JVM: its shim path names a library that is not a shim (the testkit). */
    public static void main(String[] args) {
        NativeShim.Status s = NativeShim.status();
        System.out.println("loaded " + s.loaded() + ", file " + s.file().map(Path::toString).orElse("none")
                + ", abi " + s.abiVersion() + ", problem " + s.problem().orElse("none"));
        for (int i = 0; i < 2; i++) {
            try {
                new FfmPort().platform();
                System.out.println("port: no exception");
            } catch (IllegalStateException e) {
                System.out.println("port: " + e.getMessage());
            }
        }
        System.exit(0);
    }

    @Test
    void aShimThatCannotLoadIsDescribedNotThrown() throws Exception {
        Path notAShim = ROOT.resolve("platforms/out/host/" + System.mapLibraryName("threadrt_testkit"));
        String classPath = String.join(File.pathSeparator, Stream.of(System.getProperty("java.class.path"),
                System.getProperty("jdk.module.path")).filter(p -> p != null && !p.isEmpty()).toList());
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-D" + NativeShim.PATH_PROPERTY + "=" + notAShim, "-cp",
                classPath, NativeShimTest.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");
        assertEquals(0, p.exitValue(), out);
        String problem = "has no trt_abi_version: it is not a threadrt shim";
        assertTrue(out.contains("loaded false, file " + notAShim.toAbsolutePath() + ", abi OptionalInt.empty, problem ")
                && out.contains(problem), out);
        assertEquals(2, out.lines().filter(l -> l.startsWith("port: ") && l.contains(problem)).count(),
                "the port says the same, every time:\n" + out);
    }
}
