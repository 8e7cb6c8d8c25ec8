package org.threadrt.platforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * platforms/check-binary, the matrix's per-target check that a library exports exactly its symbol
 * list and maps no page writable and executable, shown to fail: each test builds a small library with
 * one planted violation (an extra export, a missing one, a W+X segment or section, an executable
 * stack, a text relocation, a DLL without NX_COMPAT) and asserts the check names it, next to the
 * same library built clean, which must pass. ELF with the host's gcc; PE with mingw-w64 and
 * Mach-O with clang-19 + ld64.lld (.ci/packages.txt), the windows-x86_64 and darwin toolchains.
 */
class BinaryCheckTest {
    private static final Path ROOT = Path.of(System.getProperty("threadrt.root", ".."));
    private static final String EXPORTED = "__attribute__((visibility(\"default\"))) int trt_one(void) { return 1; }\n";

    @TempDir
    Path dir;

    private record Result(int exit, String out) {}

    private Path list(String... symbols) throws IOException {
        Path p = dir.resolve("symbols.txt");
        Files.writeString(p, "# the test's list\n" + String.join("\n", symbols) + "\n");
        return p;
    }

    private Path compile(String compiler, String file, String source, String... flags) throws Exception {
        Path c = dir.resolve(file + ".c");
        Files.writeString(c, source);
        Path lib = dir.resolve(file);
        List<String> cmd = new ArrayList<>(List.of(compiler, "-shared", "-O2", "-fvisibility=hidden"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of(c.toString(), "-o", lib.toString()));
        Result r = run(cmd);
        assertEquals(0, r.exit(), "compiling the planted library failed: " + cmd + "\n" + r.out());
        return lib;
    }

    private Path elf(String file, String source, String... flags) throws Exception {
        List<String> all = new ArrayList<>(List.of("-fPIC", "-Wl,-z,noexecstack"));
        all.addAll(List.of(flags));
        return compile("gcc", file, source, all.toArray(String[]::new));
    }

    private Path dll(String file, String source, String... flags) throws Exception {
        return compile("x86_64-w64-mingw32-gcc", file, source, flags);
    }

    /** The darwin targets' toolchain line (platforms/darwin-aarch64/target.env): clang-19, ld64.lld, no SDK. */
    private Path dylib(String file, String source, String... flags) throws Exception {
        List<String> all = new ArrayList<>(List.of("--target=arm64-apple-macos11", "-fuse-ld=lld", "-ffreestanding",
                "-nostdlib", "-undefined", "dynamic_lookup"));
        all.addAll(List.of(flags));
        return compile("clang-19", file, source, all.toArray(String[]::new));
    }

    private Result check(String os, Path lib, Path symbols) throws Exception {
        return run(List.of("bash", ROOT.resolve("platforms/check-binary").toString(), os, lib.toString(),
                symbols.toString()));
    }

    private static Result run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "hung: " + cmd);
        return new Result(p.exitValue(), out);
    }

    private static void assertPasses(Result r) {
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("exports: exactly the 1 symbols"), r.out());
        assertTrue(r.out().lines().noneMatch(l -> l.startsWith("FAIL")), r.out());
    }

    private static void assertFails(Result r, String what) {
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("FAIL") && l.contains(what)),
                "no FAIL line naming '" + what + "':\n" + r.out());
    }

    @Test
    void elfCleanLibraryPasses() throws Exception {
        assertPasses(check("linux", elf("clean.so", EXPORTED), list("trt_one")));
    }

    @Test
    void elfExtraExportFails() throws Exception {
        Path lib = elf("extra.so", EXPORTED + "__attribute__((visibility(\"default\"))) int leaked(void) { return 2; }\n");
        assertFails(check("linux", lib, list("trt_one")), "exported but not in symbols.txt: leaked");
    }

    @Test
    void elfMissingExportFails() throws Exception {
        assertFails(check("linux", elf("missing.so", EXPORTED), list("trt_one", "trt_two")), "missing trt_two");
    }

    @Test
    void elfWritableExecutableSegmentFails() throws Exception {
        // A section both writable and executable: the linker must put it in a RWX PT_LOAD segment.
        Path lib = elf("wx.so", EXPORTED + "__asm__(\".section .wxplant,\\\"awx\\\",@progbits\\n.byte 0xc3\\n.previous\");\n");
        assertFails(check("linux", lib, list("trt_one")), "PT_LOAD segment(s) writable and executable");
    }

    @Test
    void elfExecutableStackFails() throws Exception {
        Path lib = elf("execstack.so", EXPORTED, "-Wl,-z,execstack");
        assertFails(check("linux", lib, list("trt_one")), "PT_GNU_STACK is executable");
    }

    @Test
    void elfTextRelocationFails() throws Exception {
        // An absolute address in .text: the loader must write to the code page to relocate it.
        Path lib = elf("textrel.so", EXPORTED + "__asm__(\".text\\n.quad trt_one\\n.previous\");\n", "-Wl,-z,notext");
        assertFails(check("linux", lib, list("trt_one")), "DT_TEXTREL");
    }

    @Test
    void peCleanLibraryPasses() throws Exception {
        assertPasses(check("windows", dll("clean.dll", "__declspec(dllexport) int trt_one(void) { return 1; }\n"),
                list("trt_one")));
    }

    @Test
    void peWritableExecutableSectionFails() throws Exception {
        Path lib = dll("wx.dll", "__declspec(dllexport) int trt_one(void) { return 1; }\n"
                + "__asm__(\".section .wxplant,\\\"wx\\\"\\n.byte 0xc3\\n.text\");\n");
        assertFails(check("windows", lib, list("trt_one")), "section(s) writable and executable: .wxplant");
    }

    @Test
    void peWithoutNxCompatFails() throws Exception {
        Path lib = dll("nonx.dll", "__declspec(dllexport) int trt_one(void) { return 1; }\n", "-Wl,--disable-nxcompat");
        assertFails(check("windows", lib, list("trt_one")), "NX_COMPAT");
    }

    @Test
    void peExtraExportFails() throws Exception {
        Path lib = dll("extra.dll", "__declspec(dllexport) int trt_one(void) { return 1; }\n"
                + "__declspec(dllexport) int leaked(void) { return 2; }\n");
        assertFails(check("windows", lib, list("trt_one")), "exported but not in symbols.txt: leaked");
    }

    @Test
    void machoCleanLibraryPasses() throws Exception {
        assertPasses(check("darwin", dylib("clean.dylib", EXPORTED), list("trt_one")));
    }

    @Test
    void machoWritableExecutableSegmentFails() throws Exception {
        Path lib = dylib("wx.dylib", EXPORTED, "-Wl,-segprot,__TEXT,rwx,rwx");
        assertFails(check("darwin", lib, list("trt_one")), "segment(s) writable and executable: __TEXT");
    }

    @Test
    void machoExtraExportFails() throws Exception {
        Path lib = dylib("extra.dylib", EXPORTED + "__attribute__((visibility(\"default\"))) int leaked(void) { return 2; }\n");
        assertFails(check("darwin", lib, list("trt_one")), "exported but not in symbols.txt: leaked");
    }

    @Test
    void badArgumentsAreNamed() throws Exception {
        Result r = run(List.of("bash", ROOT.resolve("platforms/check-binary").toString(), "plan9", "x", "y"));
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("OS 'plan9' is not one of linux, freebsd, darwin, windows"), r.out());
    }
}
