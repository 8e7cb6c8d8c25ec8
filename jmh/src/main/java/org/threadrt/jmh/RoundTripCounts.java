package org.threadrt.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.threadrt.RuntimeConfig;
import org.threadrt.ThreadRuntime;

/**
 * Where a round trip's time goes: the context switches per {@code submit(() -> null).get()} (the sum over
 * every thread of the process of voluntary and involuntary switches in /proc/self/task/N/status, before and
 * after), for threadrt's idle Ms and a ThreadPoolExecutor of the same size. Counts, not timings. Run it under
 * {@code strace -f -c -e trace=futex} twice with different round-trip counts to get the futex calls per round
 * trip (the difference, divided by the difference in round trips, cancels the JVM's start and exit):
 * <pre>
 * java -cp jmh/target/benchmarks.jar org.threadrt.jmh.RoundTripCounts threadrt|tpe THREADS ROUNDTRIPS
 * </pre>
 * It prints one line: pool, threads, round trips, context switches per round trip (voluntary, involuntary).
 */
public final class RoundTripCounts {
    private RoundTripCounts() {
    }

    public static void main(String[] args) throws Exception {
        String pool = args[0];
        int threads = Integer.parseInt(args[1]);
        int roundTrips = Integer.parseInt(args[2]);
        ThreadRuntime rt = null;
        ThreadPoolExecutor tpe = null;
        if (pool.equals("threadrt")) {
            rt = ThreadRuntime.start(RuntimeConfig.builder().name("counts").maxThreads(threads).build());
        } else {
            tpe = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
            tpe.prestartAllCoreThreads();
        }
        for (int i = 0; i < 20_000; i++) { // warm: compiled, and the workers idle in their steady state
            (rt != null ? rt.submit(() -> null) : tpe.submit(() -> null)).get();
        }
        Thread.sleep(100);
        long[] before = switches();
        for (int i = 0; i < roundTrips; i++) {
            (rt != null ? rt.submit(() -> null) : tpe.submit(() -> null)).get();
        }
        long[] after = switches();
        System.out.printf("%s threads=%d roundTrips=%d contextSwitchesPerRoundTrip voluntary=%.3f involuntary=%.3f%n",
                pool, threads, roundTrips, (after[0] - before[0]) / (double) roundTrips,
                (after[1] - before[1]) / (double) roundTrips);
        if (rt != null) {
            rt.close();
        } else {
            tpe.shutdownNow();
        }
    }

    /** Voluntary and involuntary context switches summed over this process's threads. */
    static long[] switches() throws IOException {
        long[] sum = new long[2];
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            sum[0] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            sum[1] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException gone) {
                    // a thread that ended while listed: none of the pool's do during the count
                }
            }
        }
        return sum;
    }
}
