package org.threadrt.ffm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadrt.ffm.NativeShim;
import org.threadrt.ffm.bind.Platforms;

/**
 * The loader's rules (issue 12's loading items, issue 13's platform choice), on real files, real
 * dlopen and child JVMs: the platform from os.name / os.arch / libc, refusals naming what was found and
 * what is supported, extraction into a fresh owner-only directory, the SHA-256 check before loading, a
 * user-given path used as given, nothing left behind at exit, and a wrong ABI version naming both.
 */
class NativeLoaderTest {
    private static final Path ROOT = Path.of(System.getProperty("threadrt.root", "..")).toAbsolutePath();
    private static final Path HOST_OUT = ROOT.resolve("platforms/out/host");
    private static final String SHIM = System.mapLibraryName("threadrt");
    private static final String TESTKIT = System.mapLibraryName("threadrt_testkit");

    // ---- the platform ------------------------------------------------------------------------------

    @Test
    void thePlatformComesFromOsNameOsArchAndTheCLibrary() {
        assertEquals("linux-x86_64", NativeLoader.platformName("Linux", "amd64", () -> "glibc"));
        assertEquals("linux-aarch64", NativeLoader.platformName("Linux", "aarch64", () -> "glibc"));
        assertEquals("linux-i686", NativeLoader.platformName("Linux", "x86", () -> "glibc"));
        assertEquals("linux-armhf", NativeLoader.platformName("Linux", "arm", () -> "glibc"));
        assertEquals("linux-ppc64le", NativeLoader.platformName("Linux", "ppc64le", () -> "glibc"));
        assertEquals("windows-x86_64", NativeLoader.platformName("Windows 11", "amd64", () -> "unused"));
        assertEquals("windows-aarch64", NativeLoader.platformName("Windows Server 2025", "aarch64", () -> "unused"));
        assertEquals("darwin-aarch64", NativeLoader.platformName("Mac OS X", "aarch64", () -> "unused"));
        assertEquals("darwin-x86_64", NativeLoader.platformName("Mac OS X", "x86_64", () -> "unused"));
        assertEquals("freebsd-x86_64", NativeLoader.platformName("FreeBSD", "amd64", () -> "unused"));
        assertEquals("linux-x86_64-musl",
                NativeLoader.platformName("Linux", "amd64", () -> "musl (/lib/ld-musl-x86_64.so.1)"));
        for (Platforms.Platform p : Platforms.ALL) {
            assertEquals(p.name(), NativeLoader.supportedPlatform(osNameOf(p.name()), p.name().split("-", 2)[1],
                    () -> "glibc"), "every table row is reachable from os.name / os.arch");
        }
        assertEquals(NativeShim.currentPlatform(), NativeLoader.supportedPlatform(), "this machine is supported");
    }

    private static String osNameOf(String platform) {
        return switch (platform.split("-")[0]) {
            case "linux" -> "Linux";
            case "windows" -> "Windows 11";
            case "darwin" -> "Mac OS X";
            default -> "FreeBSD";
        };
    }

    @Test
    void muslAndUnknownSystemsAreRefusedNamingWhatWasFoundAndWhatIsSupported() {
        String supported = String.join(", ", Platforms.ALL.stream().map(Platforms.Platform::name).toList());
        NativeLoader.LoadException musl = assertThrows(NativeLoader.LoadException.class,
                () -> NativeLoader.supportedPlatform("Linux", "amd64", () -> "musl (/lib/ld-musl-x86_64.so.1)"));
        assertTrue(musl.getMessage().contains("found os.name \"Linux\", os.arch \"amd64\", C library musl "
                + "(/lib/ld-musl-x86_64.so.1) (platform linux-x86_64-musl)"), musl.getMessage());
        assertTrue(musl.getMessage().contains(supported) && musl.getMessage().contains("glibc only, no musl"),
                musl.getMessage());
        NativeLoader.LoadException sparc = assertThrows(NativeLoader.LoadException.class,
                () -> NativeLoader.supportedPlatform("SunOS", "sparcv9", () -> "never read off Linux"));
        assertTrue(sparc.getMessage().contains("found os.name \"SunOS\", os.arch \"sparcv9\" (platform sunos-sparcv9)")
                && sparc.getMessage().contains(supported), sparc.getMessage());
        NativeLoader.LoadException ppc64be = assertThrows(NativeLoader.LoadException.class,
                () -> NativeLoader.supportedPlatform("Linux", "ppc64", () -> "glibc"));
        assertTrue(ppc64be.getMessage().contains("os.arch \"ppc64\", C library glibc (platform linux-ppc64)"),
                ppc64be.getMessage());
    }

    @Test
    void theCLibraryIsReadFromThisProcess(@TempDir Path dir) throws IOException {
        assertEquals("glibc", NativeLoader.Libc.name(), "Debian's and Temurin's JVMs run on glibc");
        Path maps = dir.resolve("maps");
        Files.writeString(maps, """
                7f1c2a000000-7f1c2a014000 r--p 00000000 08:01 1234   /usr/lib/jvm/java-25/lib/server/libjvm.so
                7f1c2b000000-7f1c2b04d000 r-xp 00014000 08:01 5678   /lib/ld-musl-x86_64.so.1
                """);
        assertEquals("musl (/lib/ld-musl-x86_64.so.1)", NativeLoader.Libc.describeNonGlibc(maps));
        assertEquals("not glibc (no gnu_get_libc_version)", NativeLoader.Libc.describeNonGlibc(Path.of("/proc/self/maps")),
                "this glibc process maps no musl");
        assertEquals("not glibc (no gnu_get_libc_version)", NativeLoader.Libc.describeNonGlibc(dir.resolve("none")));
    }

    @Test
    void anUnsupportedArchitectureIsRefusedByTheLoaderItself(@TempDir Path dir) throws Exception {
        Child c = child(dir, Map.of(), "-Dos.arch=sparcv9");
        assertTrue(c.out.contains("loaded false") && c.out.contains("file none"), c.out);
        assertTrue(c.out.contains("this system is not supported: found os.name \"Linux\", os.arch \"sparcv9\", "
                + "C library glibc (platform linux-sparcv9)") && c.out.contains("linux-x86_64, linux-aarch64"), c.out);
        assertTrue(c.tmpLeft().isEmpty(), "nothing was extracted: " + c.tmpLeft());
    }

    // ---- extraction and the digest ------------------------------------------------------------------

    @Test
    void theJarsShimIsCopiedIntoAFreshOwnerOnlyDirectoryAndMatchesItsRecordedDigest() throws IOException {
        NativeShim.Status s = NativeShim.status();
        assertTrue(s.loaded(), s::toString);
        Path file = s.file().orElseThrow();
        Path dir = file.getParent();
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath(), dir.getParent().toAbsolutePath());
        assertTrue(dir.getFileName().toString().matches("threadrt-[0-9]+"), dir::toString);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals(SHIM, file.getFileName().toString());
        String recorded = NativeShim.packedShims().stream().filter(p -> p.platform().equals(s.platform()))
                .findFirst().orElseThrow().sha256();
        assertEquals(recorded, NativeLoader.sha256(file), "the loaded copy is the one the build recorded");
        String sidecar = Files.readString(ROOT.resolve("runtime-ffm/target/classes/org/threadrt/ffm/native/"
                + s.platform() + "/" + SHIM + ".sha256"));
        assertEquals(recorded + "  " + SHIM, sidecar.strip(), "sha256sum's format, written by platforms/pack");
        assertTrue(NativeShim.packedShims().stream().allMatch(p -> p.sha256().matches("[0-9a-f]{64}")
                && !p.check().equals("unknown")), NativeShim.packedShims()::toString);
    }

    /** A jar's resources as a test makes them: the testkit's bytes, with the digest file given. */
    private static NativeLoader.Resources jarWith(byte[] library, String digestFile) {
        String platform = NativeLoader.supportedPlatform();
        return name -> {
            if (name.equals("/test-jar/" + platform + "/" + TESTKIT)) {
                return new ByteArrayInputStream(library);
            }
            if (digestFile != null && name.equals("/test-jar/" + platform + "/" + TESTKIT + NativeLoader.DIGEST_SUFFIX)) {
                return new ByteArrayInputStream(digestFile.getBytes(StandardCharsets.UTF_8));
            }
            return null;
        };
    }

    private static NativeLoader openTestkit(NativeLoader.Resources jar) {
        NativeLoader.shim();
        return NativeLoader.open(jar, "/test-jar/", "testkit", TESTKIT, "threadrt.test.unset.path", null,
                "trt_testkit_abi_version", 1);
    }

    @Test
    void aLibraryWhoseDigestDiffersIsDeletedAndNeverLoaded() throws IOException {
        byte[] testkit = Files.readAllBytes(HOST_OUT.resolve(TESTKIT));
        String wrong = "0".repeat(64);
        NativeLoader.LoadException e = assertThrows(NativeLoader.LoadException.class,
                () -> openTestkit(jarWith(testkit, wrong + "  " + TESTKIT + "\n")));
        String actual = NativeLoader.sha256(HOST_OUT.resolve(TESTKIT));
        assertTrue(e.getMessage().contains("SHA-256 " + actual + ", recorded " + wrong)
                && e.getMessage().contains("it was not loaded"), e.getMessage());
        assertTrue(mappedFrom(NativeLoader.extractDir()).stream().noneMatch(p -> p.endsWith(TESTKIT)),
                "never mapped: " + mappedFrom(NativeLoader.extractDir()));
        try (Stream<Path> files = Files.list(NativeLoader.extractDir())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(TESTKIT)), "the copy is deleted");
        }
        NativeLoader.LoadException none = assertThrows(NativeLoader.LoadException.class,
                () -> openTestkit(jarWith(testkit, null)));
        assertTrue(none.getMessage().contains("but no SHA-256 for it") && none.getMessage().contains(".sha256"),
                none.getMessage());
        NativeLoader.LoadException garbage = assertThrows(NativeLoader.LoadException.class,
                () -> openTestkit(jarWith(testkit, "not a digest\n")));
        assertTrue(garbage.getMessage().contains("but no SHA-256 for it"), garbage.getMessage());

        NativeLoader good = openTestkit(jarWith(testkit, actual.toUpperCase() + "  " + TESTKIT + "\n"));
        assertEquals(1, good.version());
        assertEquals(NativeLoader.extractDir(), good.file().getParent());
        assertTrue(mappedFrom(NativeLoader.extractDir()).contains(good.file().toString()), "loaded from its copy");
    }

    /** Files under dir that this process has mapped (/proc/self/maps). */
    private static List<String> mappedFrom(Path dir) throws IOException {
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            return maps.map(l -> l.substring(l.lastIndexOf(' ') + 1)).filter(p -> p.startsWith(dir + "/"))
                    .distinct().toList();
        }
    }

    // ---- child JVMs: what is left at exit, given paths, ABI versions ----------------------------------

    /** The child JVM: loads the shim (no binding class touched) and prints what the loader says. */
    public static void main(String[] args) {
        NativeShim.Status s = NativeShim.status();
        System.out.println("loaded " + s.loaded());
        System.out.println("file " + s.file().map(Path::toString).orElse("none"));
        System.out.println("exists " + s.file().map(Files::exists).orElse(false));
        System.out.println("problem " + s.problem().orElse("none"));
        if (args.length > 0 && args[0].equals("exit")) {
            System.exit(0);
        }
    }

    record Child(String out, Path tmp) {
        List<Path> tmpLeft() throws IOException {
            try (Stream<Path> left = Files.list(tmp)) {
                return left.toList();
            }
        }
    }

    /** Runs main() in a child JVM with its own java.io.tmpdir, working directory dir/cwd. */
    private static Child child(Path dir, Map<String, String> env, String... jvmArgsThenArgs) throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path cwd = Files.createDirectories(dir.resolve("cwd"));
        String classPath = String.join(File.pathSeparator, Stream.of(System.getProperty("java.class.path"),
                System.getProperty("jdk.module.path")).filter(p -> p != null && !p.isEmpty()).toList());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + tmp, "-cp", classPath));
        List<String> rest = new ArrayList<>(List.of(jvmArgsThenArgs));
        while (!rest.isEmpty() && rest.get(0).startsWith("-")) {
            cmd.add(rest.remove(0));
        }
        cmd.add(NativeLoaderTest.class.getName());
        cmd.addAll(rest);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().remove(NativeLoader.SHIM_ENVIRONMENT);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");
        assertEquals(0, p.exitValue(), out);
        return new Child(out, tmp);
    }

    @Test
    void aJvmThatLoadedTheShimFromTheJarLeavesNothingBehind(@TempDir Path dir) throws Exception {
        for (String how : List.of("exit", "return")) {
            Path d = Files.createDirectories(dir.resolve(how));
            Child c = child(d, Map.of(), how);
            assertTrue(c.out.contains("loaded true") && c.out.contains("exists true"), c.out);
            String file = c.out.lines().filter(l -> l.startsWith("file ")).findFirst().orElseThrow().substring(5);
            assertTrue(Path.of(file).startsWith(c.tmp) && file.endsWith("/" + SHIM), "extracted under its tmpdir: " + file);
            assertEquals(List.of(), c.tmpLeft(), "the JVM (" + how + ") removed its extraction directory");
        }
    }

    @Test
    void aGivenPathIsUsedAsGivenAndNeverSearched(@TempDir Path dir) throws Exception {
        // A bare name, with a real shim on LD_LIBRARY_PATH (which dlopen would search): refused, not found there.
        Child bare = child(dir.resolve("bare"), Map.of("LD_LIBRARY_PATH", HOST_OUT.toString()),
                "-D" + NativeLoader.SHIM_PATH_PROPERTY + "=" + SHIM);
        Path expected = dir.resolve("bare/cwd").resolve(SHIM);
        assertTrue(bare.out.contains("loaded false") && bare.out.contains("-Dthreadrt.shim.path names " + expected
                + ", which is not a file (a path given is used as given and never searched for)"), bare.out);
        assertTrue(bare.tmpLeft().isEmpty(), "and the jar's shim was not used instead: " + bare.tmpLeft());

        // A relative path: against the working directory, exactly that file.
        Path sub = Files.createDirectories(dir.resolve("relative/cwd/sub"));
        Files.copy(HOST_OUT.resolve(SHIM), sub.resolve(SHIM));
        Child relative = child(dir.resolve("relative"), Map.of(), "-D" + NativeLoader.SHIM_PATH_PROPERTY + "=sub/" + SHIM);
        assertTrue(relative.out.contains("loaded true") && relative.out.contains("file " + sub.resolve(SHIM)),
                relative.out);

        // The environment variable, when the property is not set; an empty property is an error, not "unset".
        Child env = child(dir.resolve("env"), Map.of(NativeLoader.SHIM_ENVIRONMENT, HOST_OUT.resolve(SHIM).toString()));
        assertTrue(env.out.contains("file " + HOST_OUT.resolve(SHIM)), env.out);
        Child empty = child(dir.resolve("empty"), Map.of(), "-D" + NativeLoader.SHIM_PATH_PROPERTY + "=");
        assertTrue(empty.out.contains("-Dthreadrt.shim.path is set but empty"), empty.out);
    }

    @Test
    void aShimOfAnotherAbiVersionIsRefusedNamingBothVersions(@TempDir Path dir) throws Exception {
        Path c = dir.resolve("old_shim.c");
        Files.writeString(c, "int trt_abi_version(void) { return 2; }\n");
        Path old = dir.resolve(SHIM);
        Process cc = new ProcessBuilder("cc", "-shared", "-fPIC", "-o", old.toString(), c.toString())
                .redirectErrorStream(true).start();
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, ccOut);
        Child child = child(dir, Map.of(), "-D" + NativeLoader.SHIM_PATH_PROPERTY + "=" + old);
        assertTrue(child.out.contains("loaded false") && child.out.contains("the shim " + old
                + " implements ABI version 2 but this build needs " + Platforms.ABI_VERSION), child.out);
        assertFalse(child.out.contains("problem none"), child.out);
    }
}
