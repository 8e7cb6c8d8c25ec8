package org.threadrt.stress;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CPU time the process spent during a run, split into user and system time as stress-ng's
 * {@code --metrics} reports it (the JSON's {@code cpu} block).
 *
 * <p>The total is the JVM's process CPU time in nanoseconds ({@code com.sun.management}'s
 * OperatingSystemMXBean, else ProcessHandle). The split comes from {@code /proc/self/stat}'s utime and stime,
 * which count clock ticks of an unknown length (sysconf(_SC_CLK_TCK) is not reachable from Java): their ratio
 * divides the total, so no tick length is assumed. Where /proc is missing the split is not known and only the
 * total is given.
 *
 * @param userSeconds        CPU time in user mode, or null where not known
 * @param systemSeconds      CPU time in the kernel, or null where not known
 * @param totalSeconds       user + system
 * @param utilizationPercent totalSeconds over (wall time x CPUs), in percent of the whole machine
 * @param source             where the figures come from
 */
public record CpuTime(Double userSeconds, Double systemSeconds, double totalSeconds, double utilizationPercent,
                      String source) {

    /** A reading of the process's counters. */
    public record Reading(long totalNanos, long userTicks, long systemTicks) {}

    /** Reads the counters now. */
    public static Reading read() {
        long total = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            total = os.getProcessCpuTime();
        }
        if (total < 0) {
            total = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        }
        long user = -1;
        long system = -1;
        try {
            String stat = ProcSelf.firstLine(Path.of("/proc/self/stat"));
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so count from the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            user = Long.parseLong(f[11]);   // field 14, utime
            system = Long.parseLong(f[12]); // field 15, stime
        } catch (IOException | RuntimeException e) {
            // not Linux: no split
        }
        return new Reading(total, user, system);
    }

    /** The CPU time between two readings, over {@code wallSeconds} of wall time. */
    public static CpuTime between(Reading start, Reading end, double wallSeconds) {
        int cpus = Runtime.getRuntime().availableProcessors();
        double total = start.totalNanos() < 0 || end.totalNanos() < 0 ? 0
                : Math.max(0, end.totalNanos() - start.totalNanos()) / 1e9;
        double util = wallSeconds > 0 ? round(100 * total / (wallSeconds * cpus)) : 0;
        long u = end.userTicks() - start.userTicks();
        long s = end.systemTicks() - start.systemTicks();
        if (start.userTicks() < 0 || end.userTicks() < 0 || u < 0 || s < 0) {
            return new CpuTime(null, null, round(total), util, "process CPU time (no /proc/self/stat: no user/system "
                    + "split)");
        }
        double userShare = u + s == 0 ? 1 : (double) u / (u + s);
        return new CpuTime(round(total * userShare), round(total * (1 - userShare)), round(total), util,
                "process CPU time, split by /proc/self/stat utime:stime");
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }
}
