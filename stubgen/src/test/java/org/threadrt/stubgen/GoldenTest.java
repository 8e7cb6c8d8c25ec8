package org.threadrt.stubgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checked-in output of stubgen must be exactly what stubgen generates now: regenerate
 * every target into a temporary folder and compare byte for byte with the repository.
 */
class GoldenTest {
    private static final Path ROOT = Path.of(System.getProperty("threadrt.root", ".."));

    @Test
    void checkedInFilesMatchTheGenerator(@TempDir Path tmp) throws IOException {
        List<Path> written = StubGen.generate(tmp);
        assertFalse(written.isEmpty());
        List<String> differing = new ArrayList<>();
        for (Path p : written) {
            Path rel = tmp.relativize(p);
            Path checkedIn = ROOT.resolve(rel);
            if (!Files.exists(checkedIn)) {
                differing.add(rel + " (missing from the repository)");
            } else if (!Files.readString(checkedIn).equals(Files.readString(p))) {
                differing.add(rel + " (differs)");
            }
        }
        if (!differing.isEmpty()) {
            fail("generated files out of date; run platforms/regenerate and review the diff:\n  "
                    + String.join("\n  ", differing));
        }
    }

    @Test
    void noStaleGeneratedFileIsLeftInPlatformsOrTheBindings() throws IOException {
        Set<String> generated = Set.copyOf(StubGen.outputs());
        Stream<Path> dirs = Stream.concat(Stream.of("platforms"), NativeLib.ALL.stream().map(NativeLib::bindingDir))
                .distinct().map(ROOT::resolve);
        try (Stream<Path> files = dirs.flatMap(d -> {
            try {
                return Files.walk(d);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })) {
            List<String> stale = files.filter(Files::isRegularFile)
                    .map(p -> ROOT.relativize(p).toString().replace('\\', '/'))
                    .filter(rel -> !rel.startsWith("platforms/out/"))
                    .filter(rel -> {
                        try {
                            return Files.readString(ROOT.resolve(rel)).contains("GENERATED FILE");
                        } catch (IOException | java.io.UncheckedIOException e) {
                            return false;
                        }
                    })
                    .filter(rel -> !generated.contains(rel))
                    .collect(Collectors.toList());
            assertEquals(List.of(), stale, "files marked generated that stubgen no longer writes");
        }
    }

    @Test
    void theNewGeneratedFilesAreAmongTheOutputs() {
        List<String> out = StubGen.outputs();
        for (String f : List.of("platforms/targets.tsv", "platforms/testkit-symbols.txt",
                "platforms/include/threadrt_testkit.h", "platforms/linux-x86_64/threadrt_testkit.c",
                "platforms/linux-x86_64/threadrt_testkit_asm.S", "platforms/windows-x86_64/threadrt_testkit.c",
                NativeLib.TESTKIT.bindingDir() + "/threadrt_testkit_h.java")) {
            assertTrue(out.contains(f), f);
        }
    }

    @Test
    void theProductionAbiHasNoBenchTestOrWorkloadFunction() {
        assertEquals(24, Abi.FUNCTIONS.size()); // ABI 4 added trt_named_entry, ABI 6 trt_stack_release
        assertTrue(Abi.FUNCTIONS.stream().map(Abi.Fn::name)
                .noneMatch(n -> n.startsWith("trt_bench_") || n.startsWith("trt_test_") || n.startsWith("trt_work_")));
        assertEquals(9, TestkitAbi.FUNCTIONS.size()); // trt_bench_call_crowd: callbacks at scale (issue 15)
        assertTrue(TestkitAbi.FUNCTIONS.stream().map(Abi.Fn::name)
                .noneMatch(n -> Abi.FUNCTIONS.stream().anyMatch(f -> f.name().equals(n))), "no function in both");
        String shim = StubGen.generateInMemory().get("platforms/linux-x86_64/threadrt_shim.c");
        assertFalse(shim.contains("inject") || shim.contains("trt_test_"), "the start path consults no test hook");
    }

    @Test
    void theTargetListHasOneRowPerTargetInTheTablesOrder() {
        List<String> rows = StubGen.generateInMemory().get("platforms/targets.tsv").lines()
                .filter(l -> !l.startsWith("#")).toList();
        assertEquals("target", rows.get(0).split("\t")[0]);
        assertEquals(Targets.ALL.stream().map(Target::name).toList(),
                rows.stream().skip(1).map(r -> r.split("\t")[0]).toList());
        int columns = rows.get(0).split("\t").length;
        rows.forEach(r -> assertEquals(columns, r.split("\t").length, r));
    }

    @Test
    void everyGeneratedFileSaysItIsGeneratedAndFromWhat() {
        StubGen.generateInMemory().forEach((rel, text) -> {
            assertTrue(text.contains("GENERATED FILE"), rel + " must say it is generated");
            assertTrue(text.contains("stubgen") && (text.contains("Targets.java") || text.contains("Abi.java")
                            || text.contains("TestkitAbi.java")),
                    rel + " must name the generator and its input");
        });
    }

    @Test
    void everyTargetOfThePlatformMatrixIsInTheTable() {
        assertEquals(15, Targets.ALL.size());
        assertEquals(10, Targets.ALL.stream().filter(Target::runnableHere).count(),
                "9 Linux targets + windows-x86_64 run the harness");
        Targets.ALL.forEach(t -> assertEquals(t, Targets.byName(t.name())));
    }

    @Test
    void placeholdersWithoutValuesAreRefused() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> StubGen.fill("x ${NOPE} y", java.util.Map.of(), "test"));
        assertTrue(e.getMessage().contains("NOPE"));
    }

    @Test
    void exitThreadMarksTheInstructionAfterWhichTheStackIsDead() {
        for (Target t : Targets.ALL) {
            if (t.asm() != null) {
                assertTrue(t.asm().exitThread().contains("from here on the stack may be unmapped"), t.name());
            }
        }
    }
}
