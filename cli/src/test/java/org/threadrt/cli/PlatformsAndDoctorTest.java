package org.threadrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.ffm.NativeShim;

/** {@code threadrt platforms} and {@code threadrt doctor} on this machine. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class PlatformsAndDoctorTest {

    @Test
    void platformsListsEveryTargetAndTheLoadedShim() {
        CliRun run = CliRun.of("platforms");
        assertEquals(0, run.status(), run::toString);
        assertEquals(15, NativeShim.targets().size());
        for (NativeShim.Target t : NativeShim.targets()) {
            assertTrue(run.out().contains(t.name()), () -> t.name() + " listed: " + run);
        }
        String here = NativeShim.currentPlatform();
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith(here) && l.contains("LOADED")), run::toString);
        assertTrue(run.out().contains("not this machine"), run::toString);
    }

    @Test
    void doctorChecksEverythingAndPassesHere() {
        CliRun run = CliRun.of("doctor");
        assertEquals(0, run.status(), run::toString);
        for (String check : new String[] {"JDK", "native access", "shim", "ABI version", "testkit", "thread start",
                "RLIMIT_NPROC", "vm.max_map_count", "kernel.threads-max"}) {
            assertTrue(run.out().contains(check), () -> "doctor checks " + check + ": " + run);
        }
        assertTrue(run.out().contains("OK: 0 failed"), run::toString);
    }
}
