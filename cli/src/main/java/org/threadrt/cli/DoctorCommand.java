package org.threadrt.cli;

import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.threadrt.MInfo;
import org.threadrt.RuntimeConfig;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadRuntime;
import org.threadrt.ffm.FfmPort;
import org.threadrt.ffm.NativeShim;
import org.threadrt.stress.ProcSelf;
import org.threadrt.workloads.natives.threadrt_testkit_h;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code threadrt doctor}: is this machine set up to run threadrt, and what to change if not. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Checks what threadrt needs here: the JDK, native access, the shim and its ABI version, a "
                + "real thread start, and the limits that stop thread churn (RLIMIT_NPROC, cgroup pids.max, "
                + "vm.max_map_count, kernel.threads-max, kernel.pid_max). Each line says OK, or WARN/FAIL and what "
                + "to change.", ""},
        footer = {"", "Exit status: 0 when nothing FAILed (WARNs allowed), 1 when something did, 2 on a usage error."})
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private int fails;
    private int warns;

    private void ok(String what, String detail) {
        out.printf("[ OK ] %-22s %s%n", what, detail);
    }

    private void warn(String what, String detail) {
        warns++;
        out.printf("[WARN] %-22s %s%n", what, detail);
    }

    private void fail(String what, String detail) {
        fails++;
        out.printf("[FAIL] %-22s %s%n", what, detail);
    }

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        Runtime.Version v = Runtime.version();
        String jdk = "Java " + v + " (" + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home");
        if (v.feature() >= 22) {
            ok("JDK", jdk);
        } else {
            fail("JDK", jdk + ": threadrt needs 22 or newer (java.lang.foreign); ./threadrt finds one like ./mvnw does");
        }

        // The modules that make downcalls and upcalls: the port's and the testkit binding's (one unnamed module
        // on the class path). Class literals: neither class is initialised here.
        java.util.List<String> without = new java.util.ArrayList<>();
        for (Module m : new Module[] {FfmPort.class.getModule(), threadrt_testkit_h.class.getModule()}) {
            String name = m.isNamed() ? m.getName() : "ALL-UNNAMED";
            if (!m.isNativeAccessEnabled() && !without.contains(name)) {
                without.add(name);
            }
        }
        Module self = FfmPort.class.getModule();
        if (without.isEmpty()) {
            ok("native access", "enabled for " + (self.isNamed() ? "org.threadrt.ffm and org.threadrt.workloads"
                    : "the class path (ALL-UNNAMED)"));
        } else {
            fail("native access", "not enabled for " + String.join(", ", without) + ": run java with "
                    + "--enable-native-access=ALL-UNNAMED (class path) or =org.threadrt.ffm,org.threadrt.workloads "
                    + "(module path); ./threadrt and the jar's manifest do it");
        }

        NativeShim.Status shim = NativeShim.status();
        if (shim.loaded()) {
            ok("shim", shim.platform() + " loaded from " + shim.file().orElseThrow());
        } else {
            fail("shim", "not loaded for " + shim.platform() + ": " + shim.problem().orElseThrow());
        }

        if (shim.abiVersion().isPresent()) {
            int abi = shim.abiVersion().getAsInt();
            if (abi == shim.expectedAbiVersion()) {
                ok("ABI version", abi + " (the shim and the Java binding agree)");
            } else {
                fail("ABI version", "the shim has " + abi + ", the binding needs " + shim.expectedAbiVersion()
                        + ": rebuild from one checkout (./mvnw -q install)");
            }
        }
        if (shim.loaded()) {
            FfmPort port = new FfmPort();
            boolean runtimeStacks = port.supports(StackPolicy.RUNTIME);
            boolean bare = port.supports(StackPolicy.BARE);
            if (runtimeStacks && bare) {
                ok("stack policies", "OS, RUNTIME and BARE");
            } else {
                warn("stack policies", "OS" + (runtimeStacks ? ", RUNTIME" : "") + (bare ? ", BARE" : "")
                        + " only on " + port.platform() + ": stress with --stack os; the bare workload cannot run");
            }
            boolean testkit = false;
            try {
                ok("testkit", "loaded from " + threadrt_testkit_h.library().file() + " (the stress workloads' C side)");
                testkit = true;
            } catch (Throwable t) {
                Throwable why = t instanceof ExceptionInInitializerError && t.getCause() != null ? t.getCause() : t;
                warn("testkit", "not loaded: " + why.getMessage() + "; ./threadrt stress and bench need it");
            }
            smoke(bare && testkit);
        }
        limits();
        jfrAndJmx();

        out.println();
        out.printf("%s: %d failed, %d warning(s)%n", fails == 0 ? "OK" : "NOT OK", fails, warns);
        return fails == 0 ? Main.OK : Main.FAILED;
    }

    /** Starts a runtime and a real thread (and a BARE thread), the way the stress runner does. */
    private void smoke(boolean bare) {
        long t0 = System.nanoTime();
        try (ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.builder().name("doctor").build());
             Arena arena = Arena.ofConfined()) {
            Optional<MInfo> m = rt.submit(() -> {
                ThreadRuntime.lockOSThread();
                return ThreadRuntime.currentM();
            }).get(30, TimeUnit.SECONDS);
            String detail = "a task ran on M" + m.map(MInfo::id).orElse(-1L) + " (tid " + m.map(MInfo::tid).orElse(-1L)
                    + ") and its thread exited";
            if (bare) {
                MemorySegment counter = arena.allocate(ValueLayout.JAVA_LONG);
                rt.startBare(threadrt_testkit_h.trt_work_count$address(), counter).join();
                detail += "; a BARE thread ran and was reaped";
            }
            rt.close();
            ok("thread start", detail + " (" + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms)");
        } catch (Throwable t) {
            fail("thread start", "a runtime could not run a task on a new thread: " + t);
        }
    }

    private void limits() {
        if (!ProcSelf.available()) {
            warn("limits", "no /proc here: RLIMIT_NPROC, max map count and threads-max not checked");
            return;
        }
        long systemThreads = ProcSelf.systemThreads();
        Optional<String[]> nproc = ProcSelf.limit("Max processes");
        if (nproc.isEmpty()) {
            warn("RLIMIT_NPROC", "not readable from /proc/self/limits");
        } else {
            String soft = nproc.get()[0];
            boolean root = "root".equals(System.getProperty("user.name"));
            if (soft.equals("unlimited")) {
                ok("RLIMIT_NPROC", "unlimited");
            } else if (Long.parseLong(soft) >= 4096) {
                ok("RLIMIT_NPROC", soft + " threads for this user (hard " + nproc.get()[1] + ")"
                        + (root ? "; not enforced for root" : ""));
            } else {
                String detail = soft + " threads for this user (all its processes): thread churn and callbacks "
                        + "may get EAGAIN; raise it: ulimit -u 65536 (hard limit " + nproc.get()[1]
                        + ") or nproc in /etc/security/limits.conf";
                if (root) {
                    ok("RLIMIT_NPROC", soft + " (not enforced for root)");
                } else {
                    warn("RLIMIT_NPROC", detail);
                }
            }
        }
        cgroupPids();
        long maxMap = ProcSelf.sysctl("vm/max_map_count");
        int maps = ProcSelf.mapCount();
        if (maxMap < 0) {
            warn("vm.max_map_count", "not readable");
        } else if (maxMap < 65530 || maps > maxMap / 2) {
            warn("vm.max_map_count", maxMap + " (this JVM uses " + maps + "): every runtime-owned stack takes 2-3 "
                    + "mappings; raise it: sysctl -w vm.max_map_count=262144");
        } else {
            ok("vm.max_map_count", maxMap + " (this JVM uses " + maps + "; a runtime-owned stack takes 2-3)");
        }
        long threadsMax = ProcSelf.sysctl("kernel/threads-max");
        if (threadsMax < 0) {
            warn("kernel.threads-max", "not readable");
        } else if (threadsMax < 10_000) {
            warn("kernel.threads-max", threadsMax + " (" + systemThreads + " in use): raise it: "
                    + "sysctl -w kernel.threads-max=100000");
        } else {
            ok("kernel.threads-max", threadsMax + " (" + systemThreads + " threads in use system-wide)");
        }
        long pidMax = ProcSelf.sysctl("kernel/pid_max");
        if (pidMax < 0) {
            warn("kernel.pid_max", "not readable");
        } else if (pidMax <= 32768) {
            warn("kernel.pid_max", pidMax + ": thread ids wrap quickly under churn and cap threads system-wide; "
                    + "sysctl -w kernel.pid_max=4194304");
        } else {
            ok("kernel.pid_max", Long.toString(pidMax));
        }
    }

    /** cgroup v2 pids.max: the limit containers hit first. */
    private void cgroupPids() {
        try {
            String path = null;
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                if (line.startsWith("0::")) {
                    path = line.substring(3);
                }
            }
            Path dir = path == null ? null : Path.of("/sys/fs/cgroup", path);
            // Inside a container the cgroup namespace may hide the path: fall back to the root of the mount.
            if (dir == null || !Files.exists(dir.resolve("pids.max"))) {
                dir = Path.of("/sys/fs/cgroup");
            }
            Path max = dir.resolve("pids.max");
            if (!Files.exists(max)) {
                ok("cgroup pids.max", "no pids limit (no cgroup v2 pids controller here)");
                return;
            }
            String limit = ProcSelf.firstLine(max).trim();
            Path current = dir.resolve("pids.current");
            String used = Files.exists(current) ? ProcSelf.firstLine(current).trim() : "?";
            if (limit.equals("max")) {
                ok("cgroup pids.max", "max (" + used + " in use)");
            } else if (Long.parseLong(limit) < 4096) {
                warn("cgroup pids.max", limit + " (" + used + " in use): every thread counts; raise the container's "
                        + "pids limit (docker --pids-limit, systemd TasksMax=)");
            } else {
                ok("cgroup pids.max", limit + " (" + used + " in use)");
            }
        } catch (Exception e) {
            warn("cgroup pids.max", "not readable: " + e.getMessage());
        }
    }

    private void jfrAndJmx() {
        try {
            if (jdk.jfr.FlightRecorder.isAvailable()) {
                ok("JFR", "available: threadrt's events are category 'threadrt' (org.threadrt.MStart, ...)");
            } else {
                warn("JFR", "not available in this JVM: threadrt's events cannot be recorded");
            }
        } catch (Throwable t) {
            warn("JFR", "not available: " + t);
        }
        try {
            java.lang.management.ManagementFactory.getPlatformMBeanServer();
            ok("JMX", "platform MBean server up: runtimes register org.threadrt:type=ThreadRuntime,name=<name>");
        } catch (Throwable t) {
            warn("JMX", "no platform MBean server: " + t);
        }
    }
}
