package org.threadrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.threadrt.ffm.NativeShim;

/** {@code threadrt --version}: the version, the commit it was built from, and the shims the jar carries. */
class VersionTest {
    @Test
    void versionNamesTheBuildTheCommitAndEveryPackedShim() {
        CliRun r = CliRun.of("--version");
        assertEquals(0, r.status(), r::toString);
        List<String> lines = r.out().lines().toList();
        NativeShim.Build build = NativeShim.build();
        assertTrue(build.commit().matches("([\\w.-]+-g)?[0-9a-f]{7,40}(-dirty)?"), build::toString);
        assertTrue(lines.get(0).startsWith("threadrt " + build.version() + " (commit " + build.commit() + "), Java "),
                r::toString);
        assertTrue(build.version().matches("\\d+\\.\\d+\\.\\d+.*"), build::toString);
        List<NativeShim.PackedShim> packed = NativeShim.packedShims();
        assertTrue(packed.stream().anyMatch(p -> p.platform().equals(NativeShim.currentPlatform())), packed::toString);
        assertEquals("shims in this jar: " + packed.size() + " of 15 targets", lines.get(1), r::toString);
        for (NativeShim.PackedShim p : packed) {
            assertTrue(lines.stream().anyMatch(l -> l.trim().startsWith(p.platform() + " ") && l.endsWith(p.check())),
                    () -> p + " in\n" + r.out());
        }
        if (packed.size() < 15) {
            assertTrue(lines.get(lines.size() - 1).startsWith("not in this jar: "), r::toString);
        }
    }
}
