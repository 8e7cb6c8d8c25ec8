package org.threadrt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.RuntimeLock;
import org.threadrt.ffm.FfmPort;

/**
 * A port's first use in a JVM where nothing has loaded the shim yet: a contended {@link RuntimeLock} over
 * a new {@link FfmPort} (its yields and futex waits are the first native calls). In the shared test JVM
 * other tests load the shim first, which hid that these calls went to the binding before the library was
 * loaded (UnsatisfiedLinkError when FfmSyncContractTest ran alone). Hence a JVM of its own.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FfmPortFirstUseTest {
    static final int THREADS = 4;
    static final int EACH = 20_000;

    /** The child JVM: contends on one lock from THREADS threads, prints the count, exits 0 when exact. */
    public static void main(String[] args) throws Exception {
        MemorySegment word = Arena.global().allocate(4, 4);
        RuntimeLock lock = RuntimeLock.over(word, new FfmPort());
        long[] counter = new long[1];
        List<Throwable> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < EACH; i++) {
                    lock.lock();
                    counter[0]++;
                    lock.unlock();
                }
            });
            th.setUncaughtExceptionHandler((x, e) -> {
                synchronized (failures) {
                    failures.add(e);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        System.out.println("count " + counter[0] + ", failures " + failures);
        System.exit(failures.isEmpty() && counter[0] == (long) THREADS * EACH ? 0 : 1);
    }

    @Test
    void aContendedLockIsTheFirstUseOfTheShim() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                FfmPortFirstUseTest.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the child JVM ended");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("count " + (long) THREADS * EACH + ", failures []"), out);
    }
}
