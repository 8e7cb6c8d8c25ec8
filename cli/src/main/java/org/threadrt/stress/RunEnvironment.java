package org.threadrt.stress;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a run ran, as the JSON of {@code stress} and {@code bench} records it (the {@code environment}
 * block): enough to tell two machines, kernels or JDKs apart when results are compared.
 *
 * @param host      the host name (the kernel's, /proc/sys/kernel/hostname on Linux; else InetAddress's)
 * @param os        the OS name, e.g. {@code Linux}
 * @param kernel    the kernel release, e.g. {@code 6.1.0-18-amd64}
 * @param arch      the JVM's {@code os.arch}
 * @param cpuModel  the CPU's model name (/proc/cpuinfo), or {@code os.arch} where it is not known
 * @param cpus      processors available to the JVM
 * @param jdk       the Java runtime version, e.g. {@code 25+36-LTS}
 * @param jdkVendor the JDK's vendor
 * @param jvm       the VM's name, e.g. {@code OpenJDK 64-Bit Server VM}
 */
public record RunEnvironment(String host, String os, String kernel, String arch, String cpuModel, int cpus,
                             String jdk, String jdkVendor, String jvm) {

    /** The schema version of the JSON that {@code stress} and {@code bench} write (threadrt-result.schema.json). */
    public static final int SCHEMA_VERSION = 2;

    /** The JSON Schema of both outputs: a resource of this package, and the file of that name in the repository. */
    public static final String SCHEMA_RESOURCE = "threadrt-result.schema.json";

    /** This machine and JVM. */
    public static RunEnvironment current() {
        return new RunEnvironment(readHost(), System.getProperty("os.name", "?"), System.getProperty("os.version", "?"),
                System.getProperty("os.arch", "?"), readCpuModel(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.runtime.version", Runtime.version().toString()),
                System.getProperty("java.vendor", "?"), System.getProperty("java.vm.name", "?"));
    }

    /** The CLI's version: the jar's Implementation-Version, or {@code development} when run from classes. */
    public static String toolVersion() {
        String v = RunEnvironment.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    private static String readHost() {
        try {
            String h = ProcSelf.firstLine(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The first "model name" (x86) or "Model"/"Hardware" line (ARM) of /proc/cpuinfo. */
    private static String readCpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String key : List.of("model name", "Model", "Hardware", "cpu model", "uarch", "cpu")) {
                for (String l : lines) {
                    int colon = l.indexOf(':');
                    if (colon > 0 && l.substring(0, colon).strip().equals(key) && !l.substring(colon + 1).isBlank()) {
                        return l.substring(colon + 1).strip();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch", "unknown");
    }
}
