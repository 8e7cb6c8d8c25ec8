package org.threadrt.workloads;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.threadrt.RuntimeConfig;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadRuntime;

/**
 * Resident memory per idle thread: start {@code count} threads that each run one trivial task at the
 * same time (so there really are that many), let them idle, and divide the growth of VmRSS by the
 * count ({@link Sample#vmRssKib}), or count the resident pages of the idle threads' own stacks
 * ({@link #sample}: each thread finds its stack by its {@code pthread_self()}, which glibc keeps at the
 * top of the thread's stack, and the {@code Rss} of the {@code /proc/self/smaps} mapping holding it is
 * summed). The VmRSS growth depends on the process's history: a stack reused from glibc's stack cache
 * (or the runtime's) still has pages resident from its previous thread, and those were counted before
 * the threads started, so a warm process shows less growth for the same resident stacks. The stack
 * count does not: it is what the idle threads hold, fresh or warm (docs/DESIGN.md "Memory per idle M"). Kinds: {@code OS} and {@code RUNTIME} Ms (idle timeout 10 minutes, so no M leaves while it is
 * counted; no stack cache), and {@code JAVA}, the anchor: platform threads made with that stack size parked
 * on a latch, as the idle workers of a ThreadPoolExecutor would be. Linux (/proc) only.
 */
public final class IdleRss {
    private IdleRss() {
    }

    /**
     * One measurement: KiB of VmRSS growth per idle thread, and KiB resident in each idle thread's own stack
     * mapping (mean over the threads).
     */
    public record Sample(double vmRssKib, double stackKib) {
    }

    /** Starts {@code count} idle threads of the kind, measures both figures of a {@link Sample}, stops them. */
    public static Sample sample(String kind, long stackBytes, int count) throws Exception {
        if (kind.equals("JAVA")) {
            return java(stackBytes, count);
        }
        RuntimeConfig config = RuntimeConfig.builder().stackPolicy(StackPolicy.valueOf(kind)).stackSize(stackBytes)
                .maxThreads(count).idleTimeout(Duration.ofMinutes(10)).stackCacheSize(0).build();
        try (ThreadRuntime rt = ThreadRuntime.start(config)) {
            long before = vmRssKib();
            CountDownLatch all = new CountDownLatch(count);
            Set<Long> selves = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < count; i++) {
                rt.execute(() -> {
                    selves.add(pthreadSelf());
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
            long after = vmRssKib();
            return new Sample((after - before) / (double) count, stackRssKib(selves) / (double) count);
        }
    }

    private static Sample java(long stackBytes, int count) throws Exception {
        long before = vmRssKib();
        Set<Long> selves = ConcurrentHashMap.newKeySet();
        CountDownLatch started = new CountDownLatch(count);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(null, () -> {
                selves.add(pthreadSelf());
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
        long stacks = stackRssKib(selves);
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return new Sample((after - before) / (double) count, stacks / (double) count);
    }

    private static final MethodHandle PTHREAD_SELF = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("pthread_self").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG));

    /** The calling thread's pthread_t: glibc's thread descriptor, at the top of the thread's own stack. */
    public static long pthreadSelf() {
        try {
            return (long) PTHREAD_SELF.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * KiB resident ({@code Rss} of /proc/self/smaps) in the mappings that hold one of the addresses: each
     * mapping counted once, however many addresses it holds.
     */
    public static long stackRssKib(Set<Long> addresses) throws IOException {
        long kib = 0;
        boolean holds = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            int dash = line.indexOf('-');
            int space = line.indexOf(' ');
            if (space > dash && dash > 0 && line.charAt(space - 1) != ':') { // "start-end perms ...", not "Key: value"
                long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                long end = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                holds = addresses.stream().anyMatch(a -> Long.compareUnsigned(a, start) >= 0
                        && Long.compareUnsigned(a, end) < 0);
            } else if (holds && line.startsWith("Rss:")) {
                kib += Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                holds = false;
            }
        }
        return kib;
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
