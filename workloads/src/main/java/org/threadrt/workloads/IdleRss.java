package org.threadrt.workloads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.threadrt.RuntimeConfig;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadRuntime;

/**
 * Resident memory per idle thread: start {@code count} threads that each run one trivial task at the
 * same time (so there really are that many), let them idle, and divide the growth of VmRSS by the
 * count. Kinds: {@code OS} and {@code RUNTIME} Ms (idle timeout 10 minutes, so no M leaves while it is
 * counted; no stack cache), and {@code JAVA}, the anchor: platform threads made with that stack size parked
 * on a latch, as the idle workers of a ThreadPoolExecutor would be. Linux (/proc) only.
 */
public final class IdleRss {
    private IdleRss() {
    }

    /** Starts {@code count} idle threads of the kind, returns the KiB of RSS each added, stops them. */
    public static double kibPerIdleThread(String kind, long stackBytes, int count) throws Exception {
        if (kind.equals("JAVA")) {
            return java(stackBytes, count);
        }
        RuntimeConfig config = RuntimeConfig.builder().stackPolicy(StackPolicy.valueOf(kind)).stackSize(stackBytes)
                .maxThreads(count).idleTimeout(Duration.ofMinutes(10)).stackCacheSize(0).build();
        try (ThreadRuntime rt = ThreadRuntime.start(config)) {
            long before = vmRssKib();
            CountDownLatch all = new CountDownLatch(count);
            for (int i = 0; i < count; i++) {
                rt.execute(() -> {
                    all.countDown();
                    try {
                        all.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (rt.stats().nmidle() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Ms did not go idle: " + rt.stats());
                }
                Thread.sleep(1);
            }
            return (vmRssKib() - before) / (double) count;
        }
    }

    private static double java(long stackBytes, int count) throws Exception {
        long before = vmRssKib();
        CountDownLatch started = new CountDownLatch(count);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(null, () -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "idle-" + i, stackBytes);
            t.start();
            threads.add(t);
        }
        started.await();
        Thread.sleep(5);
        long after = vmRssKib();
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return (after - before) / (double) count;
    }

    /** VmRSS of this process in KiB. */
    public static long vmRssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
