package org.threadrt.ffm.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.threadrt.ffm.bind.Platforms;

/**
 * Finds, checks and opens the native libraries of the platform this JVM runs on: the shim, once per JVM,
 * and the companion libraries built and packed with it (the testkit).
 *
 * <p>The platform is read from {@code os.name}, {@code os.arch} and, on Linux, the C library this JVM runs
 * on (glibc exports {@code gnu_get_libc_version}; musl does not): threadrt's Linux shims are glibc builds,
 * so a musl JVM, like an OS or architecture outside the platform table, is refused with a message naming
 * what was found and every supported platform.
 *
 * <p>Where a library comes from, first match wins:
 * <ol>
 * <li>a system property (the shim: {@value #SHIM_PATH_PROPERTY}, or the environment variable
 *     {@value #SHIM_ENVIRONMENT}): a file the user built, e.g. with {@code platforms/build}. It is used as
 *     given (a relative path against the working directory) and never searched for: not on
 *     {@code java.library.path}, not by the dynamic loader, not in the jar when it is missing;</li>
 * <li>the jar: {@code <resource folder><platform>/<library>}, copied into this JVM's extraction directory
 *     (see {@link #extractDir()}) and checked against the SHA-256 that {@code platforms/pack} recorded
 *     beside it ({@code <library>}{@value #DIGEST_SUFFIX}) before it is opened, because a library inside a
 *     jar cannot be mapped.</li>
 * </ol>
 * The file is opened with {@code SymbolLookup.libraryLookup(path, Arena.global())}: the lookup is the
 * library's own (jextract's {@code --library} shape), never the class loader's, and the library is never
 * unloaded (threads run its code until the JVM exits). Its version function must then return the version
 * the binding was generated for: a library from another build is refused, naming both versions, never
 * half used.
 *
 * <p>This class touches no generated binding class while it loads: the shim's binding
 * ({@code threadrt_h}) takes its {@code SymbolLookup} from {@link #shim()} in its class initialiser, so a
 * call into the binding from here would run into that initialiser half done. The version is read with a
 * downcall handle of its own and compared with {@link Platforms#ABI_VERSION}, a constant. It uses nothing
 * of runtime-core either: platforms/jvm-smoke compiles it alone with the bindings.
 *
 * <p>Not exported from the module org.threadrt.ffm: applications use {@link org.threadrt.ffm.NativeShim}.
 * The outcome of the shim's load, a success or a failure, is kept: every later call gets the same.
 */
public final class NativeLoader {
    /** System property naming a shim file to load instead of the one in the jar. */
    public static final String SHIM_PATH_PROPERTY = "threadrt.shim.path";

    /** Environment variable naming a shim file, read when {@value #SHIM_PATH_PROPERTY} is not set. */
    public static final String SHIM_ENVIRONMENT = "THREADRT_SHIM";

    /** Where the entry jar (org.threadrt:threadrt) carries the shims, one folder per target. */
    public static final String SHIM_RESOURCES = "/org/threadrt/ffm/native/";

    /** Beside each packed library: its SHA-256 in sha256sum's format ({@code <hex>  <file>}), from platforms/pack. */
    public static final String DIGEST_SUFFIX = ".sha256";

    /** In each packed target's folder: one line saying how the build machine checked that target (platforms/pack). */
    public static final String CHECK_FILE = "check.txt";

    /** The build's version and commit (git describe), written into the jar at build time (runtime-ffm/pom.xml). */
    public static final String BUILD_RESOURCE = "/org/threadrt/ffm/build.properties";

    // Synchronization: shim, shimFailure and extractDir are guarded by NativeLoader.class (every method
    // that reads or writes them is static synchronized).
    private static NativeLoader shim;
    private static LoadException shimFailure;
    private static Path extractDir;

    private final String platform;
    private final Path file;
    private final SymbolLookup symbols;
    private final int version;

    private NativeLoader(String platform, Path file, SymbolLookup symbols, int version) {
        this.platform = platform;
        this.file = file;
        this.symbols = symbols;
        this.version = version;
    }

    /** A library that could not be loaded: why, and what is known of the file. */
    public static final class LoadException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final transient Path file;
        private final int foundVersion;

        LoadException(String message, Path file, int foundVersion, Throwable cause) {
            super(message, cause);
            this.file = file;
            this.foundVersion = foundVersion;
        }

        /** The file that was found (and refused), if one was. */
        public Optional<Path> file() {
            return Optional.ofNullable(file);
        }

        /** The version the file reported, when it was opened and its version differed. */
        public OptionalInt foundVersion() {
            return foundVersion < 0 ? OptionalInt.empty() : OptionalInt.of(foundVersion);
        }
    }

    /** Opens a resource of a jar by its absolute name; null when there is none. */
    @FunctionalInterface
    public interface Resources {
        InputStream open(String name) throws IOException;

        /** A class's own resources (Class.getResourceAsStream: its module's, or its class path's). */
        static Resources of(Class<?> owner) {
            return owner::getResourceAsStream;
        }
    }

    /**
     * The shim for this JVM's platform, loaded on the first call. Throws a {@link LoadException} that says
     * what is missing and how to build it; every later call throws one with the same message.
     */
    public static synchronized NativeLoader shim() {
        if (shim == null && shimFailure == null) {
            try {
                String platform = supportedPlatform();
                shim = open(Resources.of(NativeLoader.class), SHIM_RESOURCES, "shim", shimFile(platform),
                        SHIM_PATH_PROPERTY, System.getenv(SHIM_ENVIRONMENT), "trt_abi_version", Platforms.ABI_VERSION);
            } catch (LoadException e) {
                shimFailure = e;
            }
        }
        if (shim != null) {
            return shim;
        }
        throw new LoadException(shimFailure.getMessage(), shimFailure.file, shimFailure.foundVersion, shimFailure);
    }

    /**
     * Opens a companion library (built and packed with the shim, e.g. the testkit) after the shim: from the
     * file the system property names, else from owner's jar under resourceDir/&lt;platform&gt;/.
     *
     * @param what            what it is, in messages ("testkit")
     * @param base            its name: {@code System.mapLibraryName(base)} is its file
     * @param versionFunction an exported {@code int32_t f(void)} returning its ABI version
     */
    public static NativeLoader companion(Class<?> owner, String resourceDir, String what, String base,
                                         String pathProperty, String versionFunction, int version) {
        shim();
        return open(Resources.of(owner), resourceDir, what, System.mapLibraryName(base), pathProperty, null,
                versionFunction, version);
    }

    /**
     * Finds the library (named, or extracted and digest-checked), opens it and checks its version. Package
     * visible for the tests, which hand it resources of their own.
     */
    static NativeLoader open(Resources resources, String resourceDir, String what, String fileName,
                             String pathProperty, String fromEnvironment, String versionFunction, int expected) {
        String platform = supportedPlatform();
        String named = System.getProperty(pathProperty);
        String namedBy = "-D" + pathProperty;
        if (named == null && fromEnvironment != null && !fromEnvironment.isBlank()) {
            named = fromEnvironment;
            namedBy = SHIM_ENVIRONMENT;
        }
        Path file = named != null ? given(named, namedBy, what, platform)
                : extract(resources, resourceDir, what, platform, fileName, pathProperty);
        SymbolLookup symbols;
        try {
            symbols = SymbolLookup.libraryLookup(file, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new LoadException("threadrt: cannot load the native " + what + " " + file + " for " + platform
                    + ": " + e.getMessage() + (named == null ? noexecHint() : ""), file, -1, e);
        } catch (IllegalCallerException e) {
            throw new LoadException("threadrt needs native access: run java with "
                    + "--enable-native-access=org.threadrt.ffm (module path) or --enable-native-access=ALL-UNNAMED"
                    + " (class path)", file, -1, e);
        }
        MemorySegment fn = symbols.find(versionFunction).orElseThrow(() -> new LoadException("threadrt: "
                + file + " has no " + versionFunction + ": it is not a threadrt " + what + " (rebuild it with "
                + "'platforms/build " + platform + "')", file, -1, null));
        int found;
        try {
            found = (int) Linker.nativeLinker().downcallHandle(fn, FunctionDescriptor.of(JAVA_INT)).invokeExact();
        } catch (Throwable t) {
            throw new LoadException("threadrt: " + versionFunction + " of " + file + " failed: " + t, file, -1, t);
        }
        if (found != expected) {
            throw new LoadException("threadrt: the " + what + " " + file + " implements ABI version " + found
                    + " but this build needs " + expected + "; rebuild it from the same checkout (platforms/build "
                    + platform + ")", file, found, null);
        }
        return new NativeLoader(platform, file, symbols, found);
    }

    private static String noexecHint() {
        return " (the copy is in " + System.getProperty("java.io.tmpdir") + "; if that file system is mounted "
                + "noexec, run with -Djava.io.tmpdir=<a directory that allows executables>)";
    }

    // ---- the platform --------------------------------------------------------------------------------

    /**
     * The platform name libraries are built under for this JVM, e.g. {@code linux-x86_64}. On Linux with a
     * C library other than glibc the name says so ({@code linux-x86_64-musl}), and is in no table.
     */
    public static String currentPlatform() {
        return platformName(System.getProperty("os.name"), System.getProperty("os.arch"), Libc::name);
    }

    /**
     * {@link #currentPlatform()} when it is one of threadrt's targets; otherwise a {@link LoadException}
     * naming what was found (os.name, os.arch, the C library) and every supported platform.
     */
    public static String supportedPlatform() {
        return supportedPlatform(System.getProperty("os.name"), System.getProperty("os.arch"), Libc::name);
    }

    /** The platform of these os.name / os.arch values and C library (read only on Linux). */
    static String platformName(String osName, String osArch, Supplier<String> libc) {
        String os = osOf(osName);
        String arch = switch (osArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "x86", "i386", "i686" -> "i686";
            case "arm" -> "armhf";
            default -> osArch.toLowerCase(Locale.ROOT);
        };
        String name = os + "-" + arch;
        if (os.equals("linux")) {
            String c = libc.get();
            if (!c.equals(Libc.GLIBC)) {
                name += "-" + (c.startsWith("musl") ? "musl" : "not-glibc");
            }
        }
        return name;
    }

    /** {@link #platformName} when the table has it; else the refusal, naming what was found and what is supported. */
    static String supportedPlatform(String osName, String osArch, Supplier<String> libc) {
        String name = platformName(osName, osArch, libc);
        if (Platforms.byName(name).isPresent()) {
            return name;
        }
        String found = "os.name \"" + osName + "\", os.arch \"" + osArch + "\""
                + (osOf(osName).equals("linux") ? ", C library " + libc.get() : "");
        throw new LoadException("threadrt: this system is not supported: found " + found + " (platform " + name
                + "). threadrt has shims for " + Platforms.ALL.stream().map(Platforms.Platform::name)
                .collect(Collectors.joining(", ")) + " (Linux: glibc only, no musl; the platform table is "
                + "stubgen's Targets.java)", null, -1, null);
    }

    private static String osOf(String osName) {
        if (osName.startsWith("Linux")) {
            return "linux";
        } else if (osName.startsWith("Windows")) {
            return "windows";
        } else if (osName.startsWith("Mac OS X") || osName.startsWith("Darwin")) {
            return "darwin";
        } else if (osName.startsWith("FreeBSD")) {
            return "freebsd";
        }
        return osName.toLowerCase(Locale.ROOT).replace(' ', '_');
    }

    /** The C library this JVM runs on (Linux), read once. */
    static final class Libc {
        static final String GLIBC = "glibc";
        private static final String NAME = read();

        private Libc() {
        }

        static String name() {
            return NAME;
        }

        /**
         * glibc exports gnu_get_libc_version (finding it needs no native access); anything else is named by
         * what /proc/self/maps shows mapped (musl's libc is its dynamic loader, ld-musl-ARCH.so.1).
         */
        private static String read() {
            boolean glibc;
            try {
                glibc = Linker.nativeLinker().defaultLookup().find("gnu_get_libc_version").isPresent();
            } catch (RuntimeException e) {
                // no native linker for this os.arch: the mapped libraries alone say which C library it is
                return mapped(Path.of("/proc/self/maps"), "libc.so.6").isPresent() ? GLIBC
                        : describeNonGlibc(Path.of("/proc/self/maps"));
            }
            return glibc ? GLIBC : describeNonGlibc(Path.of("/proc/self/maps"));
        }

        /** "musl (path)" when a musl library is mapped; else a phrase saying only that it is not glibc. */
        static String describeNonGlibc(Path maps) {
            return mapped(maps, "ld-musl").or(() -> mapped(maps, "libc.musl")).map(p -> "musl (" + p + ")")
                    .orElse("not glibc (no gnu_get_libc_version)");
        }

        /** The first mapped file whose path contains the fragment. */
        private static Optional<String> mapped(Path maps, String fragment) {
            try (Stream<String> lines = Files.lines(maps)) {
                return lines.map(l -> l.substring(l.lastIndexOf(' ') + 1)).filter(p -> p.contains(fragment)).findFirst();
            } catch (IOException | UncheckedIOException e) {
                return Optional.empty();
            }
        }
    }

    /** The shim's file name on a platform, from the generated platform table. */
    static String shimFile(String platform) {
        return Platforms.byName(platform).map(Platforms.Platform::library)
                .orElseThrow(() -> new LoadException("threadrt: no native shim for " + platform
                        + ": it is not one of threadrt's targets (" + Platforms.ALL.stream()
                        .map(Platforms.Platform::name).toList() + "; stubgen's Targets.java lists them)", null, -1,
                        null));
    }

    // ---- what the jar carries ------------------------------------------------------------------------

    /**
     * One shim this jar carries.
     *
     * @param platform the target
     * @param library  the file name
     * @param sha256   the digest platforms/pack recorded for it
     * @param check    how the build machine checked it (platforms/pack's line; "unknown" when absent)
     */
    public record Packed(String platform, String library, String sha256, String check) {
    }

    /** Platforms whose shim this jar carries (with its recorded digest), in the platform table's order. */
    public static List<String> packagedShims() {
        return packed().stream().map(Packed::platform).toList();
    }

    /** The shims this jar carries, in the platform table's order. */
    public static List<Packed> packed() {
        Resources jar = Resources.of(NativeLoader.class);
        return Platforms.ALL.stream().flatMap(p -> {
            String folder = SHIM_RESOURCES + p.name() + "/";
            if (NativeLoader.class.getResource(folder + p.library()) == null) {
                return Stream.empty();
            }
            Optional<String> digest = readResource(jar, folder + p.library() + DIGEST_SUFFIX).flatMap(NativeLoader::parseDigest);
            String check = readResource(jar, folder + CHECK_FILE).map(String::strip).orElse("unknown");
            return digest.map(d -> new Packed(p.name(), p.library(), d, check)).stream();
        }).toList();
    }

    /**
     * The build this jar comes from.
     *
     * @param version the project version
     * @param commit  {@code git describe --always --dirty --tags} of the checkout it was built from
     */
    public record Build(String version, String commit) {
    }

    /** The build's version and commit, from {@value #BUILD_RESOURCE}; "unknown" where it is absent. */
    public static Build build() {
        java.util.Properties p = new java.util.Properties();
        try (InputStream in = NativeLoader.class.getResourceAsStream(BUILD_RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource reads as absent
        }
        return new Build(p.getProperty("version", "unknown"), p.getProperty("commit", "unknown"));
    }

    private static Optional<String> readResource(Resources resources, String name) {
        try (InputStream in = resources.open(name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static final Pattern DIGEST = Pattern.compile("^([0-9a-fA-F]{64})(\\s|$)");

    private static Optional<String> parseDigest(String text) {
        Matcher m = DIGEST.matcher(text.strip());
        return m.find() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    // ---- locating the file ---------------------------------------------------------------------------

    /** The shim file to load: the one named (property or environment), else the jar's, copied out and checked. */
    public static Path locateShim(String platform, String named) {
        return named != null ? given(named, "-D" + SHIM_PATH_PROPERTY, "shim", platform)
                : extract(Resources.of(NativeLoader.class), SHIM_RESOURCES, "shim", platform, shimFile(platform),
                        SHIM_PATH_PROPERTY);
    }

    /** A user-given path: used as given (relative to the working directory), never searched for. */
    private static Path given(String named, String namedBy, String what, String platform) {
        if (named.isBlank()) {
            throw new LoadException("threadrt: " + namedBy + " is set but empty: it must name the native " + what
                    + " file to load (or be left unset to load the one in the jar)", null, -1, null);
        }
        Path file = Path.of(named).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new LoadException("threadrt: " + namedBy + " names " + file + ", which is not a file (a path "
                    + "given is used as given and never searched for); build the " + what + " with "
                    + "'platforms/build " + platform + "'", null, -1, null);
        }
        return file;
    }

    /**
     * Copies the jar's library into this JVM's extraction directory and checks it against its recorded
     * digest; a copy that does not match is deleted and refused before anything opens it.
     */
    private static Path extract(Resources resources, String resourceDir, String what, String platform,
                                String fileName, String pathProperty) {
        String resource = resourceDir + platform + "/" + fileName;
        try (InputStream in = resources.open(resource)) {
            if (in == null) {
                throw new LoadException("threadrt: this jar has no native " + what + " for " + platform
                        + (what.equals("shim") ? " (it has: " + packagedShims() + ")" : "") + ". Build one with "
                        + "'platforms/build " + platform + "' (README: Platforms) and run with -D" + pathProperty
                        + "=<path to " + fileName + ">", null, -1, null);
            }
            String recorded = readResource(resources, resource + DIGEST_SUFFIX).flatMap(NativeLoader::parseDigest)
                    .orElseThrow(() -> new LoadException("threadrt: this jar carries the native " + what + " "
                            + resource + " but no SHA-256 for it (" + resource + DIGEST_SUFFIX + "): it was not "
                            + "packed by platforms/pack; not loading it", null, -1, null));
            Path file = newFileIn(extractDir(), fileName);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING); // the empty file newFileIn made for it
            String actual = sha256(file);
            if (!actual.equals(recorded)) {
                Files.deleteIfExists(file);
                throw new LoadException("threadrt: the native " + what + " for " + platform + " in this jar ("
                        + resource + ") is not the one its build recorded: SHA-256 " + actual + ", recorded "
                        + recorded + ". The jar is damaged or was altered; it was not loaded", null, -1, null);
            }
            file.toFile().deleteOnExit(); // registered after its directory: deleted before it
            return file;
        } catch (IOException e) {
            throw new LoadException("threadrt: cannot copy the native " + what + " for " + platform + " out of the "
                    + "jar into " + System.getProperty("java.io.tmpdir") + ": " + e, null, -1, e);
        }
    }

    /** A new file named fileName in dir (or n-fileName when a library of that name was extracted before). */
    private static Path newFileIn(Path dir, String fileName) throws IOException {
        for (int n = 0; ; n++) {
            Path file = dir.resolve(n == 0 ? fileName : n + "-" + fileName);
            try {
                return Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                // a companion of the same name was loaded before: the next name
            }
        }
    }

    /**
     * This JVM's extraction directory, made on first need.
     *
     * <p>Lifetime rule: one fresh directory per JVM, made by {@code Files.createTempDirectory} (a random
     * name, owner-only {@code rwx------} where the file system has POSIX permissions, created with them, so
     * never open to others even for a moment) under {@code java.io.tmpdir}; it and every library copied
     * into it are deleted when the JVM exits (deleteOnExit deletes in the reverse order of registration, so
     * the directory is registered first, each file after it). Trade-off: a JVM that is killed or crashes
     * leaves its directory behind (owner-only, the size of a shim); deleting each file right after it is
     * loaded would leave nothing even then, but {@code NativeShim.status()} would name a deleted file, and
     * Windows cannot delete a loaded DLL at all (there the directory stays after exit too).
     */
    static synchronized Path extractDir() throws IOException {
        if (extractDir == null) {
            Path dir = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempDirectory("threadrt-",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory("threadrt-");
            dir.toFile().deleteOnExit();
            extractDir = dir;
        }
        return extractDir;
    }

    /** The SHA-256 of a file, in lower-case hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The platform the library was built for. */
    public String platform() {
        return platform;
    }

    /** The file the library was loaded from. */
    public Path file() {
        return file;
    }

    /** The library's own symbols (SymbolLookup.libraryLookup). */
    public SymbolLookup symbols() {
        return symbols;
    }

    /** The ABI version the library reported (equal to the one it was checked against). */
    public int version() {
        return version;
    }
}
