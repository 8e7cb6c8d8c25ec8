package org.threadrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;

/**
 * The schema file itself: the copy in the repository is the one in the jar, and it can fail (a renamed,
 * missing, extra or mistyped field is an error), so that the command tests' validations mean something.
 */
class ResultSchemaTest {
    private static final Path ROOT = Path.of(System.getProperty("threadrt.root", ".."));

    @Test
    void theJarCarriesTheRepositorysSchema() throws Exception {
        Path file = ROOT.resolve("cli/src/main/resources/org/threadrt/stress/threadrt-result.schema.json");
        assertEquals(Files.readString(file), ResultSchema.text());
    }

    /** A minimal valid stress result, built by hand, so the test does not depend on a run. */
    private static JsonObject minimal() {
        return JsonParser.parseString("""
                {"schemaVersion": 2, "kind": "stress", "toolVersion": "development", "startedAt": "2026-01-02T03:04:05.678Z",
                 "environment": {"host": "h", "os": "Linux", "kernel": "6.1", "arch": "amd64", "cpuModel": "x", "cpus": 2,
                                 "jdk": "25", "jdkVendor": "v", "jvm": "vm"},
                 "options": {"durationSeconds": 1, "maxThreads": 16, "workloads": ["pool"], "stack": "os",
                             "callbackMode": "cached", "seed": 1, "progress": "off", "arguments": ["stress"]},
                 "platform": "linux-x86_64", "passed": true, "interrupted": false, "unavailable": [], "durationSeconds": 1.0,
                 "totals": {"threadsCreated": 1, "threadsExited": 1, "stacksReaped": 0, "tasksSubmitted": 1, "tasksCompleted": 1,
                            "callbacks": 0, "lockOps": 0, "bareThreads": 0, "idleExits": 0, "lockedExits": 0,
                            "threadStartFailures": 0},
                 "rates": {"threadsCreatedPerSecond": 1, "threadsExitedPerSecond": 1, "stacksReapedPerSecond": 0,
                           "tasksCompletedPerSecond": 1, "callbacksPerSecond": 0, "lockOpsPerSecond": 0, "bareThreadsPerSecond": 0},
                 "peaks": {"liveMs": 1, "freemLength": 0, "rssBytes": 1000},
                 "cpu": {"userSeconds": 0.1, "systemSeconds": 0.1, "totalSeconds": 0.2, "utilizationPercent": 10, "source": "s"},
                 "perWorkload": [{"workload": "pool", "instances": 1, "maxInFlight": 16, "operation": "tiny task",
                                  "operations": 1, "operationsPerSecond": 1}],
                 "leaks": {"osThreads": 0, "jvmThreads": 0, "stackMappings": 0},
                 "baseline": {"osThreads": 10, "jvmThreads": 5, "osThreadsOurs": 3, "jvmThreadsOurs": 2},
                 "after": {"osThreads": 10, "jvmThreads": 5, "osThreadsOurs": 3, "jvmThreadsOurs": 2},
                 "invariantsChecked": ["mcount"], "invariantViolations": [], "samples": []}
                """).getAsJsonObject();
    }

    @Test
    void aWellFormedResultIsValid() {
        ResultSchema.assertValid(minimal().toString());
    }

    @Test
    void renamedMissingExtraAndMistypedFieldsAreErrors() {
        JsonObject renamed = minimal();
        renamed.getAsJsonObject("rates").add("threadsCreated", renamed.getAsJsonObject("rates")
                .remove("threadsCreatedPerSecond"));
        JsonObject missing = minimal();
        missing.remove("schemaVersion");
        JsonObject oldVersion = minimal();
        oldVersion.addProperty("schemaVersion", 1);
        JsonObject extra = minimal();
        extra.addProperty("surprise", 1);
        JsonObject mistyped = minimal();
        mistyped.getAsJsonObject("totals").addProperty("threadsCreated", "many");
        JsonObject negative = minimal();
        negative.getAsJsonObject("rates").addProperty("lockOpsPerSecond", -1);
        JsonObject badInvariant = minimal();
        badInvariant.getAsJsonArray("invariantsChecked").add("no-such-invariant");
        JsonObject badTime = minimal();
        badTime.addProperty("startedAt", "yesterday");
        JsonObject wrongKind = minimal();
        wrongKind.addProperty("kind", "bench");
        for (JsonObject bad : new JsonObject[] {renamed, missing, oldVersion, extra, mistyped, negative, badInvariant,
                badTime, wrongKind}) {
            assertFalse(ResultSchema.errors(bad.toString()).isEmpty(), () -> "should be invalid: " + bad);
        }
        assertTrue(ResultSchema.errors("[]").size() > 0, "not an object");
    }
}
