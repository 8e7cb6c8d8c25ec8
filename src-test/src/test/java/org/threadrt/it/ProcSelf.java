package org.threadrt.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.threadrt.spi.NativeStack;

/** What the kernel and the JVM say about this process: threads and mappings. */
final class ProcSelf {
    private ProcSelf() {}

    /** OS threads of this process (/proc/self/task). */
    static int osThreads() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return (int) tasks.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Live Java threads (ThreadMXBean). */
    static int jvmThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    record Mapping(long start, long end, String perms) {}

    static List<Mapping> maps() {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How many of the given stacks are still mapped: a stack counts when a PROT_NONE mapping
     * starts at its base (its guard, possibly merged with a zone HotSpot protected above it)
     * and some mapping ends exactly at its top, with no hole between. A mapping that reuses the
     * address for something else would have to match both ends to be counted.
     */
    static int stillMapped(Collection<NativeStack> stacks) {
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
}
