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
 * <p>Writes, below a repository root:
 * <ul>
 * <li>{@code platforms/include/threadrt.h}: the one C header, prefix {@code trt_};</li>
 * <li>{@code platforms/abi-symbols.txt}: the symbols every shim must export;</li>
 * <li>per target {@code platforms/<os>-<arch>/}: {@code threadrt_shim.c},
 *     {@code threadrt_asm.S} (where the target has assembly), {@code target.env} (the
 *     toolchain line {@code platforms/build} reads) and, for Windows without a CRT, the
 *     {@code .def} files its import libraries are made from;</li>
 * <li>{@code runtime-ffm/src/main/java/org/threadrt/ffm/bind/threadrt_h.java} and
 *     {@code trt_lock_loop.java}: the binding in the shape jextract gives.</li>
 * </ul>
 * Output is a pure function of the table and the templates, so the golden test can
 * regenerate into a temporary folder and compare byte for byte with what is checked in.
 *
 * <p>Usage: {@code StubGen <repository root>}.
 */
public final class StubGen {
    static final String BINDING_PACKAGE = "org.threadrt.ffm.bind";
    static final String BINDING_DIR = "runtime-ffm/src/main/java/org/threadrt/ffm/bind";
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
        files.put("platforms/include/threadrt.h", Header.render());
        files.put("platforms/abi-symbols.txt", abiSymbols());
        for (Target t : Targets.ALL) {
            String dir = "platforms/" + t.name() + "/";
            files.put(dir + "threadrt_shim.c", shim(t));
            if (t.asm() != null) {
                files.put(dir + "threadrt_asm.S", Assembly.render(t));
            }
            files.put(dir + "target.env", targetEnv(t));
            for (Target.DllImport imp : t.dllImports()) {
                files.put(dir + imp.dll().replace(".dll", ".def"), defFile(imp));
            }
        }
        files.put(BINDING_DIR + "/threadrt_h.java", Binding.headerClass());
        files.put(BINDING_DIR + "/trt_lock_loop.java", Binding.lockLoopClass());
        files.put(BINDING_DIR + "/Platforms.java", Binding.platformsClass());
        return files;
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
        v.put("SIGSET_BYTES", Integer.toString(abi.sigsetBytes()));
        return v;
    }

    private static String shim(Target t) {
        String templateName = switch (t.os()) {
            case LINUX -> "shim_linux.c.in";
            case WINDOWS -> "shim_windows.c.in";
            case DARWIN, FREEBSD -> "shim_posix.c.in";
        };
        Map<String, String> v = new LinkedHashMap<>();
        v.put("BANNER", banner("the platform table (stubgen/.../Targets.java), the ABI (Abi.java) and\n * "
                + TEMPLATE_DIR + templateName + " with " + TEMPLATE_DIR + "common.c.in"));
        v.put("TARGET", t.name());
        v.put("FLAVOR", t.flavor().name().toLowerCase().replace('_', ' '));
        v.put("FREESTANDING", t.flavor() == Target.Flavor.WINDOWS_NO_CRT ? "1" : "0");
        v.put("OS_NAME", t.os() == Target.Os.DARWIN ? "Darwin (macOS)" : "FreeBSD");
        v.put("IS_DARWIN", t.os() == Target.Os.DARWIN ? "1" : "0");
        v.put("COMMON", template("common.c.in").stripTrailing());
        if (t.linux() != null) {
            v.putAll(syscallValues(t.linux()));
        }
        return fill(template(templateName), v, templateName);
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
                HAS_ASM=%d
                IMPORT_DEFS='%s'
                """.formatted(t.name(), t.os().name().toLowerCase(), t.flavor().name().toLowerCase(), t.cc(),
                t.cflags(), t.check().name().toLowerCase().replace('_', '-'), t.runner(), t.libraryFile(),
                t.asm() == null ? 0 : 1,
                t.dllImports().stream().map(i -> i.dll().replace(".dll", ".def")).collect(Collectors.joining(" ")));
    }

    private static String defFile(Target.DllImport imp) {
        StringBuilder s = new StringBuilder();
        s.append("; GENERATED FILE: do not edit. Written by stubgen from the platform table (Targets.java).\n");
        s.append("; The functions the no-CRT build imports from ").append(imp.dll()).append(".\n");
        s.append("LIBRARY ").append(imp.dll()).append("\nEXPORTS\n");
        imp.functions().forEach(f -> s.append(f).append('\n'));
        return s.toString();
    }

    private static String abiSymbols() {
        StringBuilder s = new StringBuilder();
        s.append("# GENERATED FILE: do not edit. Written by stubgen from Abi.java: the symbols every shim exports.\n");
        Abi.FUNCTIONS.forEach(f -> s.append(f.name()).append('\n'));
        return s.toString();
    }
}
