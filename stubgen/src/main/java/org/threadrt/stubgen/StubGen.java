package org.threadrt.stubgen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * stubgen: the platform table ({@link Targets}) and the ABI ({@link Abi}) in, every
 * target's native sources and the Java binding out.
 *
 * <p>Two libraries per target, each from its own table ({@link NativeLib}): the production shim
 * ({@link Abi}) and the testkit ({@link TestkitAbi}: benchmark anchors, test drivers, BARE workloads).
 * Writes, below a repository root:
 * <ul>
 * <li>{@code platforms/include/threadrt.h} and {@code threadrt_testkit.h}: the C headers, prefix {@code trt_};</li>
 * <li>{@code platforms/abi-symbols.txt} and {@code platforms/testkit-symbols.txt}: exactly the symbols
 *     each library exports;</li>
 * <li>{@code platforms/targets.tsv}: the target list and the per-target facts the scripts
 *     ({@code platforms/matrix}, {@code build}, {@code pack}, {@code jvm-smoke}) read;</li>
 * <li>per target {@code platforms/<os>-<arch>/}: {@code threadrt_shim.c}, {@code threadrt_testkit.c},
 *     {@code threadrt_asm.S} (where the target has assembly), {@code threadrt_testkit_asm.S} (Linux),
 *     {@code target.env} (the toolchain line {@code platforms/build} reads) and, for Windows without a
 *     CRT, the {@code .def} files its import libraries are made from;</li>
 * <li>the bindings in the shape jextract gives: {@code threadrt_h.java} and {@code Platforms.java}
 *     (runtime-ffm's {@code org.threadrt.ffm.bind}), {@code threadrt_testkit_h.java} and
 *     {@code trt_lock_loop.java} (the testkit's, {@link NativeLib#TESTKIT}'s binding folder).</li>
 * </ul>
 * Output is a pure function of the table and the templates, so the golden test can
 * regenerate into a temporary folder and compare byte for byte with what is checked in.
 *
 * <p>Usage: {@code StubGen <repository root>}.
 */
public final class StubGen {
    private static final String TEMPLATE_DIR = "stubgen/src/main/resources/org/threadrt/stubgen/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_]+)}");

    private final Path root;

    private StubGen(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: StubGen <repository root>   (writes platforms/ and the runtime-ffm binding)");
            System.exit(2);
        }
        List<Path> written = generate(Path.of(args[0]));
        System.out.println("stubgen: wrote " + written.size() + " files for " + Targets.ALL.size() + " targets");
    }

    /** Generates everything below root; returns the files written, in a stable order. */
    public static List<Path> generate(Path root) {
        return new StubGen(root).run();
    }

    /** Every path stubgen writes, relative to the root: what the golden test compares. */
    public static List<String> outputs() {
        return generateInMemory().keySet().stream().toList();
    }

    static Map<String, String> generateInMemory() {
        Map<String, String> files = new LinkedHashMap<>();
        for (NativeLib lib : NativeLib.ALL) {
            files.put("platforms/include/" + lib.header(), Header.render(lib));
        }
        for (NativeLib lib : NativeLib.ALL) {
            files.put("platforms/" + lib.symbolsFile(), symbols(lib));
        }
        files.put("platforms/targets.tsv", targetsTsv());
        for (Target t : Targets.ALL) {
            String dir = "platforms/" + t.name() + "/";
            files.put(dir + "threadrt_shim.c", shim(t));
            files.put(dir + "threadrt_testkit.c", testkit(t));
            if (t.asm() != null) {
                files.put(dir + "threadrt_asm.S", Assembly.render(t));
            }
            if (hasTestkitAsm(t)) {
                files.put(dir + "threadrt_testkit_asm.S", Assembly.renderTestkit(t));
            }
            files.put(dir + "target.env", targetEnv(t));
            for (Target.DllImport imp : t.dllImports()) {
                files.put(dir + imp.dll().replace(".dll", ".def"), defFile(imp));
            }
        }
        NativeLib shim = NativeLib.SHIM;
        files.put(shim.bindingDir() + "/" + shim.headerClass() + ".java", Binding.headerClass(shim));
        files.put(shim.bindingDir() + "/Platforms.java", Binding.platformsClass());
        NativeLib testkit = NativeLib.TESTKIT;
        files.put(testkit.bindingDir() + "/" + testkit.headerClass() + ".java", Binding.headerClass(testkit));
        files.put(testkit.bindingDir() + "/trt_lock_loop.java", Binding.lockLoopClass(testkit));
        return files;
    }

    /** The testkit reaches the kernel through assembly only where its BARE workloads need raw syscalls: Linux. */
    static boolean hasTestkitAsm(Target t) {
        return t.asm() != null && t.asm().rawSyscall() != null;
    }

    private List<Path> run() {
        List<Path> written = new ArrayList<>();
        generateInMemory().forEach((rel, text) -> {
            Path p = root.resolve(rel);
            try {
                Files.createDirectories(p.getParent());
                Files.writeString(p, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("stubgen: cannot write " + p, e);
            }
            written.add(p);
        });
        return written;
    }

    /** The "this file is generated" banner, in a C comment. */
    static String banner(String from) {
        return """
                /* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
                 * from %s.
                 * Change the table or the template, then run platforms/regenerate. */""".formatted(from);
    }

    static String template(String name) {
        try (InputStream in = StubGen.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("stubgen: template " + name + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces every ${NAME}; a placeholder with no value is an error, never left in output. */
    static String fill(String template, Map<String, String> values, String what) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException("stubgen: " + what + " uses ${" + m.group(1) + "} with no value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    static Map<String, String> syscallValues(Target.LinuxAbi abi) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("NR_exit", Integer.toString(abi.exit()));
        v.put("NR_clone", Integer.toString(abi.cloneNr()));
        v.put("NR_futex", Integer.toString(abi.futex()));
        v.put("NR_set_tid_address", Integer.toString(abi.setTidAddress()));
        v.put("NR_gettid", Integer.toString(abi.gettid()));
        v.put("NR_sched_yield", Integer.toString(abi.schedYield()));
        v.put("NR_rt_sigprocmask", Integer.toString(abi.rtSigprocmask()));
        v.put("NR_write", Integer.toString(abi.write()));
        v.put("NR_mmap", Integer.toString(abi.mmap()));
        v.put("NR_munmap", Integer.toString(abi.munmap()));
        v.put("NR_mprotect", Integer.toString(abi.mprotect()));
        v.put("NR_nanosleep", Integer.toString(abi.nanosleep()));
        v.put("NR_clock_gettime", Integer.toString(abi.clockGettime()));
        v.put("NR_prctl", Integer.toString(abi.prctl()));
        v.put("SIGSET_BYTES", Integer.toString(abi.sigsetBytes()));
        return v;
    }

    private static String osPrelude(Target t) {
        return switch (t.os()) {
            case LINUX -> "os_linux.c.in";
            case WINDOWS -> "os_windows.c.in";
            case DARWIN, FREEBSD -> "os_posix.c.in";
        };
    }

    /** The placeholder values every template of a target may use; OS_PRELUDE and LOCK are filled pieces. */
    private static Map<String, String> values(Target t, String asmFile) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("TARGET", t.name());
        v.put("FLAVOR", t.flavor().name().toLowerCase().replace('_', ' '));
        v.put("FREESTANDING", t.flavor() == Target.Flavor.WINDOWS_NO_CRT ? "1" : "0");
        v.put("OS_NAME", t.os() == Target.Os.DARWIN ? "Darwin (macOS)" : "FreeBSD");
        v.put("IS_DARWIN", t.os() == Target.Os.DARWIN ? "1" : "0");
        v.put("ASM_FILE", asmFile);
        v.put("FUTEX_DEADLINE", template("futex_deadline.c.in").stripTrailing());
        if (t.linux() != null) {
            v.putAll(syscallValues(t.linux()));
        }
        v.put("OS_PRELUDE", fill(template(osPrelude(t)), v, osPrelude(t)).stripTrailing());
        v.put("LOCK", template("lock.c.in").stripTrailing());
        return v;
    }

    private static String shim(Target t) {
        String templateName = switch (t.os()) {
            case LINUX -> "shim_linux.c.in";
            case WINDOWS -> "shim_windows.c.in";
            case DARWIN, FREEBSD -> "shim_posix.c.in";
        };
        Map<String, String> v = values(t, "threadrt_asm.S");
        v.put("BANNER", banner("the platform table (stubgen/.../Targets.java), the ABI (Abi.java) and\n * "
                + TEMPLATE_DIR + templateName + " with the pieces " + osPrelude(t) + ", lock.c.in and shim_common.c.in"));
        v.put("COMMON", template("shim_common.c.in").stripTrailing());
        return fill(template(templateName), v, templateName);
    }

    private static String testkit(Target t) {
        String threads = t.os() == Target.Os.WINDOWS ? "testkit_windows.c.in" : "testkit_pthread.c.in";
        Map<String, String> v = values(t, "threadrt_testkit_asm.S");
        v.put("BANNER", banner("the platform table (stubgen/.../Targets.java), the testkit ABI (TestkitAbi.java) and\n * "
                + TEMPLATE_DIR + "testkit.c.in with the pieces " + osPrelude(t) + ", lock.c.in and " + threads));
        v.put("THREADS", template(threads).stripTrailing());
        return fill(template("testkit.c.in"), v, "testkit.c.in");
    }

    private static String targetEnv(Target t) {
        return """
                # GENERATED FILE: do not edit. Written by stubgen from the platform table
                # (stubgen/src/main/java/org/threadrt/stubgen/Targets.java); read by platforms/build.
                TARGET='%s'
                OS='%s'
                FLAVOR='%s'
                CC='%s'
                CFLAGS_TARGET='%s'
                CHECK='%s'
                RUNNER='%s'
                LIB='%s'
                TESTKIT_LIB='%s'
                HAS_ASM=%d
                HAS_TESTKIT_ASM=%d
                IMPORT_DEFS='%s'
                """.formatted(t.name(), t.os().name().toLowerCase(), t.flavor().name().toLowerCase(), t.cc(),
                t.cflags(), check(t), t.runner(), t.libraryFile(), t.testkitFile(),
                t.asm() == null ? 0 : 1, hasTestkitAsm(t) ? 1 : 0,
                t.dllImports().stream().map(i -> i.dll().replace(".dll", ".def")).collect(Collectors.joining(" ")));
    }

    private static String check(Target t) {
        return t.check().name().toLowerCase().replace('_', '-');
    }

    /**
     * The target list the scripts read, one row per target in the matrix's order, tab-separated, "-" for
     * none (bash's read collapses empty tab-separated fields).
     */
    private static String targetsTsv() {
        StringBuilder s = new StringBuilder();
        s.append("# GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen) from the platform\n")
                .append("# table stubgen/src/main/java/org/threadrt/stubgen/Targets.java. Regenerate with platforms/regenerate.\n")
                .append("# Read by platforms/matrix, platforms/build, platforms/pack and platforms/jvm-smoke through\n")
                .append("# platforms/targets.sh. Columns: the target; its OS; how this machine checks it; `uname -s`-`uname -m`\n")
                .append("# of a machine it is the host target of; its Debian architecture; the qemu-user architecture that\n")
                .append("# runs it; whether jvm-smoke runs a JVM on it; the shim's and the testkit's file names.\n");
        s.append(String.join("\t", "target", "os", "check", "uname", "debian_arch", "qemu_arch", "jvm_smoke", "library",
                "testkit_library")).append('\n');
        for (Target t : Targets.ALL) {
            s.append(String.join("\t", t.name(), t.os().name().toLowerCase(), check(t), t.uname(), t.debianArch(),
                    t.qemuArch(), t.jvmSmoke() ? "yes" : "no", t.libraryFile(), t.testkitFile())).append('\n');
        }
        return s.toString();
    }

    private static String defFile(Target.DllImport imp) {
        StringBuilder s = new StringBuilder();
        s.append("; GENERATED FILE: do not edit. Written by stubgen from the platform table (Targets.java).\n");
        s.append("; The functions the no-CRT builds (shim and testkit) import from ").append(imp.dll()).append(".\n");
        s.append("LIBRARY ").append(imp.dll()).append("\nEXPORTS\n");
        imp.functions().forEach(f -> s.append(f).append('\n'));
        return s.toString();
    }

    private static String symbols(NativeLib lib) {
        StringBuilder s = new StringBuilder();
        s.append("# GENERATED FILE: do not edit. Written by stubgen from ")
                .append(lib.table().substring(lib.table().lastIndexOf('/') + 1))
                .append(": exactly the symbols every ").append(lib == NativeLib.SHIM ? "shim" : "testkit library")
                .append(" exports.\n");
        lib.functions().forEach(f -> s.append(f.name()).append('\n'));
        return s.toString();
    }
}
