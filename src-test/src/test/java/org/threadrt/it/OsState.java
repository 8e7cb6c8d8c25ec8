package org.threadrt.it;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Per-thread kernel state, changed and read through FFM downcalls to libc on the calling thread
 * ({@code Linker.nativeLinker().defaultLookup()}), and read for another thread of this process from
 * {@code /proc/self/task/<tid>/}. Linux only; x86_64 and aarch64 (the raw syscall numbers below).
 */
final class OsState {
    private OsState() {
    }

    static final int CLONE_FS = 0x00000200;
    static final int CLONE_NEWNS = 0x00020000;
    static final int CLONE_NEWNET = 0x40000000;
    static final int PRIO_PROCESS = 0;
    static final int SIG_BLOCK = 0;
    /** SIGWINCH: nothing in the JVM uses it, so blocking it on a thread is harmless. */
    static final int SIGWINCH = 28;
    static final int NOBODY = 65534;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayoutHolder ERRNO = new StructLayoutHolder();

    private static final class StructLayoutHolder {
        final java.lang.foreign.StructLayout layout = Linker.Option.captureStateLayout();
        final VarHandle errno = layout.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    }

    private static MethodHandle fn(String name, FunctionDescriptor d, Linker.Option... options) {
        MemorySegment address = LIBC.find(name).orElseThrow(() -> new IllegalStateException("libc has no " + name));
        Linker.Option[] all = java.util.Arrays.copyOf(options, options.length + 1);
        all[options.length] = Linker.Option.captureCallState("errno");
        return LINKER.downcallHandle(address, d, all); // the handle takes the errno segment first
    }

    private static final MethodHandle UNSHARE = fn("unshare", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle CHDIR = fn("chdir", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SETNS = fn("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle OPEN = fn("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SCHED_SETAFFINITY = fn("sched_setaffinity",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle SCHED_GETAFFINITY = fn("sched_getaffinity",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle SETPRIORITY = fn("setpriority",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle GETPRIORITY = fn("getpriority", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle PTHREAD_SIGMASK = fn("pthread_sigmask",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GETRESUID = fn("getresuid", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    /** long syscall(long number, ...): the raw syscall, here with three long arguments. */
    private static final MethodHandle SYSCALL3 = fn("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(1));

    private static final boolean X86_64 = System.getProperty("os.arch").equals("amd64")
            || System.getProperty("os.arch").equals("x86_64");
    private static final long SYS_SETRESUID = X86_64 ? 117 : 147;
    private static final long SYS_GETTID = X86_64 ? 186 : 178;

    /** Why the kernel-state tests cannot run here, or null if they can. */
    static String unavailable() {
        if (!System.getProperty("os.name").equals("Linux")) {
            return "per-thread kernel state tests need Linux (this is " + System.getProperty("os.name") + ")";
        }
        String arch = System.getProperty("os.arch");
        if (!(X86_64 || arch.equals("aarch64"))) {
            return "the raw syscall numbers here are for x86_64 and aarch64 only (this is " + arch + ")";
        }
        if (!isRoot()) {
            return "unshare(CLONE_NEWNS), setns and setresuid need root (CAP_SYS_ADMIN, CAP_SETUID); run as root";
        }
        return null;
    }

    static boolean isRoot() {
        try {
            return statusLine(Path.of("/proc/self/status"), "Uid:").split("\\s+")[1].equals("0");
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int call(String what, MethodHandle h, Object... args) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(ERRNO.layout);
            Object[] all = new Object[args.length + 1];
            all[0] = state;
            System.arraycopy(args, 0, all, 1, args.length);
            Object r = h.invokeWithArguments(all);
            long rc = r instanceof Integer i ? i : (Long) r;
            if (rc == -1) {
                int errno = (int) ERRNO.errno.get(state, 0L);
                throw new IllegalStateException(what + " failed: errno " + errno);
            }
            return (int) rc;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(what, t);
        }
    }

    // ---- changing the calling thread's state

    static void unshare(int flags) {
        call("unshare(0x" + Integer.toHexString(flags) + ")", UNSHARE, flags);
    }

    static void chdir(Path dir) {
        try (Arena arena = Arena.ofConfined()) {
            call("chdir(" + dir + ")", CHDIR, arena.allocateFrom(dir.toString()));
        }
    }

    /** Opens a namespace file (/proc/.../ns/net, /var/run/netns/NAME) read-only; the fd keeps it alive. */
    static int openNs(Path file) {
        try (Arena arena = Arena.ofConfined()) {
            return call("open(" + file + ")", OPEN, arena.allocateFrom(file.toString()), 0 /* O_RDONLY */);
        }
    }

    static void setns(int fd, int nstype) {
        call("setns", SETNS, fd, nstype);
    }

    /** Pins the calling thread to one CPU. */
    static void pinTo(int cpu) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(128);
            mask.set(ValueLayout.JAVA_BYTE, cpu / 8, (byte) (1 << (cpu % 8)));
            call("sched_setaffinity", SCHED_SETAFFINITY, 0, 128L, mask);
        }
    }

    /** Sets the nice value of the calling thread only (PRIO_PROCESS with its tid is per thread on Linux). */
    static void setNice(int nice) {
        call("setpriority", SETPRIORITY, PRIO_PROCESS, (int) gettid(), nice);
    }

    static void blockSignal(int sig) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(128);
            set.set(JAVA_LONG, 0, 1L << (sig - 1));
            call("pthread_sigmask", PTHREAD_SIGMASK, SIG_BLOCK, set, MemorySegment.NULL);
        }
    }

    /** The raw setresuid syscall: this thread's credentials only (glibc's wrapper would change every thread). */
    static void setEffectiveUidRaw(int euid) {
        call("syscall(SYS_setresuid)", SYSCALL3, SYS_SETRESUID, -1L, (long) euid, -1L);
    }

    static long gettid() {
        return call("syscall(SYS_gettid)", SYSCALL3, SYS_GETTID, 0L, 0L, 0L);
    }

    // ---- reading it

    /** The calling thread's CPUs (sched_getaffinity), as a list like "0,1". */
    static String affinity() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(128);
            call("sched_getaffinity", SCHED_GETAFFINITY, 0, 128L, mask);
            StringBuilder sb = new StringBuilder();
            for (int cpu = 0; cpu < 1024; cpu++) {
                if ((mask.get(ValueLayout.JAVA_BYTE, cpu / 8) & (1 << (cpu % 8))) != 0) {
                    sb.append(sb.isEmpty() ? "" : ",").append(cpu);
                }
            }
            return sb.toString();
        }
    }

    /** The calling thread's nice value (getpriority of its tid). */
    static int nice() {
        // getpriority may legitimately return -1; the nice values used here never are.
        return call("getpriority", GETPRIORITY, PRIO_PROCESS, (int) gettid());
    }

    /** getresuid of the calling thread, as "real/effective/saved". */
    static String resuid() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment r = arena.allocate(JAVA_INT), e = arena.allocate(JAVA_INT), s = arena.allocate(JAVA_INT);
            call("getresuid", GETRESUID, r, e, s);
            return r.get(JAVA_INT, 0) + "/" + e.get(JAVA_INT, 0) + "/" + s.get(JAVA_INT, 0);
        }
    }

    /** The per-thread state a new M must not inherit, as one comparable value. */
    record Snapshot(String cwd, Map<String, String> ns, String cpus, int nice, boolean sigwinchBlocked, String uids) {
        /** What differs from {@code other}, for messages; empty if nothing. */
        String diff(Snapshot other) {
            StringBuilder sb = new StringBuilder();
            if (!cwd.equals(other.cwd)) sb.append(" cwd ").append(cwd).append(" vs ").append(other.cwd);
            if (!ns.equals(other.ns)) sb.append(" ns ").append(ns).append(" vs ").append(other.ns);
            if (!cpus.equals(other.cpus)) sb.append(" cpus ").append(cpus).append(" vs ").append(other.cpus);
            if (nice != other.nice) sb.append(" nice ").append(nice).append(" vs ").append(other.nice);
            if (sigwinchBlocked != other.sigwinchBlocked) sb.append(" SIGWINCH blocked ").append(sigwinchBlocked);
            if (!uids.equals(other.uids)) sb.append(" uids ").append(uids).append(" vs ").append(other.uids);
            return sb.toString();
        }

        /** The same without the signal mask (a BARE thread starts with every signal blocked, by design). */
        Snapshot withoutSigmask() {
            return new Snapshot(cwd, ns, cpus, nice, false, uids);
        }
    }

    /**
     * The calling thread's state, read from inside: /proc/thread-self/cwd and ns/*, sched_getaffinity,
     * getpriority, SigBlk of /proc/thread-self/status, getresuid.
     */
    static Snapshot self() {
        Path dir = Path.of("/proc/thread-self");
        return new Snapshot(cwd(dir), namespaces(dir), affinity(), nice(), sigBlocked(dir, SIGWINCH), resuid());
    }

    /** Another thread's state, read from /proc/self/task/TID (while it runs). */
    static Snapshot ofThread(long tid) {
        Path dir = Path.of("/proc/self/task/" + tid);
        String[] stat = readLines(dir.resolve("stat")).getFirst().replaceAll(".*\\) ", "").split(" ");
        int nice = Integer.parseInt(stat[16]); // field 19 of stat; the 3rd after the comm
        String[] uid = statusLine(dir.resolve("status"), "Uid:").split("\\s+");
        return new Snapshot(cwd(dir), namespaces(dir), cpuList(statusLine(dir.resolve("status"),
                "Cpus_allowed_list:").split("\\s+")[1]), nice, sigBlocked(dir, SIGWINCH),
                uid[1] + "/" + uid[2] + "/" + uid[3]);
    }

    /** Expands a kernel CPU list ("0-1,3") to "0,1,3". */
    static String cpuList(String list) {
        StringBuilder sb = new StringBuilder();
        for (String part : list.split(",")) {
            String[] range = part.split("-");
            int lo = Integer.parseInt(range[0]);
            int hi = range.length > 1 ? Integer.parseInt(range[1]) : lo;
            for (int c = lo; c <= hi; c++) {
                sb.append(sb.isEmpty() ? "" : ",").append(c);
            }
        }
        return sb.toString();
    }

    static boolean threadExists(long tid) {
        return Files.exists(Path.of("/proc/self/task/" + tid));
    }

    static int osThreads() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/task"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The ns/* links. A thread whose effective uid is not root (CREDS) may not read them: then the map holds
     * why, so that the snapshot still differs from the original instead of the read failing.
     */
    private static Map<String, String> namespaces(Path dir) {
        Map<String, String> ns = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir.resolve("ns"))) {
            for (Path p : s.toList()) {
                ns.put(p.getFileName().toString(), link(p));
            }
        } catch (IOException | UncheckedIOException e) {
            return Map.of("unreadable", e.toString());
        }
        return ns;
    }

    private static String cwd(Path dir) {
        try {
            return link(dir.resolve("cwd"));
        } catch (UncheckedIOException e) {
            return "unreadable: " + e.getCause();
        }
    }

    private static boolean sigBlocked(Path dir, int sig) {
        long mask = Long.parseUnsignedLong(statusLine(dir.resolve("status"), "SigBlk:").split("\\s+")[1], 16);
        return (mask & (1L << (sig - 1))) != 0;
    }

    static String statusLine(Path status, String key) {
        for (String line : readLines(status)) {
            if (line.startsWith(key)) {
                return line;
            }
        }
        throw new IllegalStateException(status + " has no " + key);
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p); // not readString: procfs reports a length of 0
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
