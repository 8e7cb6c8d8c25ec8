package org.threadrt.stress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.threadrt.spi.NativeStack;

/**
 * What the kernel and the JVM say about this process: threads, memory, mappings and limits (Linux
 * {@code /proc}; elsewhere the methods answer -1 or empty).
 */
public final class ProcSelf {
    /**
     * Threads the JVM starts and stops by itself, on demand: GC workers, JIT compiler threads, JFR, the
     * attach listener, JMX/RMI connections, the common fork-join pool. They are not counted when the runner
     * compares thread counts with the baseline, so that a JVM that grew its GC gang during the run is not
     * reported as a leak. (Task Ms are attached by HotSpot with the name of the thread that created them,
     * never one of these.)
     */
    public static final Pattern JVM_INFRASTRUCTURE = Pattern.compile(
            "(GC Thread#|G1 |C1 CompilerThre|C2 CompilerThre|JVMCI|VM |Attach Listener|JFR |RMI |JMX |"
                    + "ForkJoinPool|Notification Thr|Service Thread|Monitor Deflati|Common-Cleaner|process reaper|"
                    + "Sweeper|ZWorker|ZDirector|ZDriver|ZStat|ZUnmapper|Shenandoah|Thread-Local HandshakeT).*");

    private ProcSelf() {}

    /**
     * The first line of a file. For /proc files: {@code Files.readString} sizes its read by the file's
     * length, which they report as 0, and on some kernels that read returns a single byte.
     */
    public static String firstLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return lines.isEmpty() ? "" : lines.get(0);
    }

    /** Whether /proc/self is there (Linux). */
    public static boolean available() {
        return Files.isDirectory(Path.of("/proc/self/task"));
    }

    /** OS threads of this process (/proc/self/task), or -1. */
    public static int osThreads() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return (int) tasks.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** OS threads of this process that are not JVM infrastructure (by their {@code comm} name), or -1. */
    public static int osThreadsExceptJvm() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            int n = 0;
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String comm;
                try {
                    comm = firstLine(t.resolve("comm")).strip();
                } catch (NoSuchFileException gone) {
                    continue; // the thread ended while we looked
                } catch (IOException e) {
                    comm = "";
                }
                if (!JVM_INFRASTRUCTURE.matcher(comm).matches()) {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Live Java platform threads (ThreadMXBean). */
    public static int jvmThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Live Java platform threads that are not JVM infrastructure (by name). */
    public static int jvmThreadsExceptJvm() {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !t.isVirtual() && !JVM_INFRASTRUCTURE.matcher(t.getName()).matches()) {
                n++;
            }
        }
        return n;
    }

    /** Resident set size in bytes (/proc/self/statm), or -1. */
    public static long rssBytes(long pageSize) {
        try {
            String[] f = firstLine(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(f[1]) * pageSize;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A mapping of /proc/self/maps. */
    public record Mapping(long start, long end, String perms) {}

    /** The mappings of this process (empty where there is no /proc). */
    public static List<Mapping> maps() {
        try {
            List<Mapping> out = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int dash = line.indexOf('-');
                int space = line.indexOf(' ');
                out.add(new Mapping(Long.parseUnsignedLong(line.substring(0, dash), 16),
                        Long.parseUnsignedLong(line.substring(dash + 1, space), 16),
                        line.substring(space + 1, space + 5)));
            }
            return out;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How many of the given stacks are still mapped: a stack counts when a PROT_NONE mapping starts at
     * its base (its guard, possibly merged with a zone HotSpot protected above it) and mappings with no
     * hole reach exactly its top. A mapping that reuses the address for something else would have to
     * match both ends to be counted.
     */
    public static int stillMapped(Collection<NativeStack> stacks) {
        TreeMap<Long, Mapping> byStart = new TreeMap<>();
        for (Mapping m : maps()) {
            byStart.put(m.start(), m);
        }
        int n = 0;
        for (NativeStack s : stacks) {
            Mapping first = byStart.get(s.base());
            if (first == null || !first.perms().startsWith("---")) {
                continue;
            }
            long top = s.base() + s.size();
            long at = first.end();
            Mapping m = first;
            while (at < top && (m = byStart.get(at)) != null) {
                at = m.end();
            }
            if (at == top) {
                n++;
            }
        }
        return n;
    }

    /** A line of /proc/self/limits, e.g. "Max processes": {soft, hard} ("unlimited" kept as text). */
    public static Optional<String[]> limit(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith(name)) {
                    String[] f = line.substring(name.length()).trim().split("\\s+");
                    if (f.length >= 2) {
                        return Optional.of(new String[] {f[0], f[1]});
                    }
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return Optional.empty();
    }

    /** A number from a /proc/sys file, e.g. "kernel/threads-max", or -1. */
    public static long sysctl(String path) {
        try {
            return Long.parseLong(firstLine(Path.of("/proc/sys", path)).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Threads of the whole system (the scheduling entities of /proc/loadavg), or -1. */
    public static long systemThreads() {
        try {
            String[] f = firstLine(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Long.parseLong(f[3].substring(f[3].indexOf('/') + 1));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Mappings of this process now (a line count of /proc/self/maps), or -1. */
    public static int mapCount() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return (int) lines.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
