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
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import org.threadrt.ffm.bind.Platforms;

/**
 * Finds, opens and checks the native libraries of the platform this JVM runs on: the shim, once per JVM,
 * and the companion libraries built and packed with it (the testkit).
 *
 * <p>Where a library comes from, first match wins:
 * <ol>
 * <li>a system property (the shim: {@value #SHIM_PATH_PROPERTY}, or the environment variable
 *     {@code THREADRT_SHIM}): a file the user built, e.g. with {@code platforms/build};</li>
 * <li>the jar: {@code <resource folder><platform>/<library>}, copied into a private temporary
 *     directory (owner-only permissions, removed at exit), because a library inside a jar cannot be
 *     mapped.</li>
 * </ol>
 * The file is opened with {@code SymbolLookup.libraryLookup(path, Arena.global())}: the lookup is the
 * library's own (jextract's {@code --library} shape), never the class loader's, and the library is never
 * unloaded (threads run its code until the JVM exits). Its version function must then return the version
 * the binding was generated for: a library from another build is refused, never half used.
 *
 * <p>This class touches no generated binding class while it loads: the shim's binding
 * ({@code threadrt_h}) takes its {@code SymbolLookup} from {@link #shim()} in its class initialiser, so a
 * call into the binding from here would run into that initialiser half done. The version is read with a
 * downcall handle of its own and compared with {@link Platforms#ABI_VERSION}, a constant.
 *
 * <p>Not exported from the module org.threadrt.ffm: applications use {@link org.threadrt.ffm.NativeShim}.
 * The outcome of the shim's load, a success or a failure, is kept: every later call gets the same.
 */
public final class NativeLoader {
    /** System property naming a shim file to load instead of the one in the jar. */
    public static final String SHIM_PATH_PROPERTY = "threadrt.shim.path";

    /** Where runtime-ffm's jar carries the shims, one folder per target. */
    public static final String SHIM_RESOURCES = "/org/threadrt/ffm/native/";

    private static NativeLoader shim;
    private static LoadException shimFailure;

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

    /**
     * The shim for this JVM's platform, loaded on the first call. Throws a {@link LoadException} that says
     * what is missing and how to build it; every later call throws one with the same message.
     */
    public static synchronized NativeLoader shim() {
        if (shim == null && shimFailure == null) {
            try {
                String platform = currentPlatform();
                shim = open(NativeLoader.class, SHIM_RESOURCES, "shim", shimFile(platform), SHIM_PATH_PROPERTY,
                        System.getenv("THREADRT_SHIM"), "trt_abi_version", Platforms.ABI_VERSION);
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
     * @param what           what it is, in messages ("testkit")
     * @param base           its name: {@code System.mapLibraryName(base)} is its file
     * @param versionFunction an exported {@code int32_t f(void)} returning its ABI version
     */
    public static NativeLoader companion(Class<?> owner, String resourceDir, String what, String base,
                                         String pathProperty, String versionFunction, int version) {
        shim();
        return open(owner, resourceDir, what, System.mapLibraryName(base), pathProperty, null, versionFunction,
                version);
    }

    private static NativeLoader open(Class<?> owner, String resourceDir, String what, String fileName,
                                     String pathProperty, String fromEnvironment, String versionFunction,
                                     int expected) {
        String platform = currentPlatform();
        String named = System.getProperty(pathProperty, fromEnvironment);
        Path file = locate(owner, resourceDir, what, platform, fileName, pathProperty, named);
        SymbolLookup symbols;
        try {
            symbols = SymbolLookup.libraryLookup(file, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new LoadException("threadrt: cannot load the native " + what + " " + file + " for " + platform
                    + ": " + e.getMessage(), file, -1, e);
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

    /** The platform name libraries are built under for this JVM, e.g. {@code linux-x86_64}. */
    public static String currentPlatform() {
        String name = System.getProperty("os.name");
        String os;
        if (name.startsWith("Linux")) {
            os = "linux";
        } else if (name.startsWith("Windows")) {
            os = "windows";
        } else if (name.startsWith("Mac OS X") || name.startsWith("Darwin")) {
            os = "darwin";
        } else if (name.startsWith("FreeBSD")) {
            os = "freebsd";
        } else {
            os = name.toLowerCase(Locale.ROOT).replace(' ', '_');
        }
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "x86", "i386", "i686" -> "i686";
            case "arm" -> "armhf";
            default -> System.getProperty("os.arch");
        };
        return os + "-" + arch;
    }

    /** The shim's file name on a platform, from the generated platform table. */
    static String shimFile(String platform) {
        return Platforms.byName(platform).map(Platforms.Platform::library)
                .orElseThrow(() -> new LoadException("threadrt: no native shim for " + platform
                        + ": it is not one of threadrt's targets (" + Platforms.ALL.stream()
                        .map(Platforms.Platform::name).toList() + "; stubgen's Targets.java lists them)", null, -1,
                        null));
    }

    /** Platforms whose shim runtime-ffm's jar carries. */
    public static List<String> packagedShims() {
        return Platforms.ALL.stream().map(Platforms.Platform::name)
                .filter(p -> NativeLoader.class.getResource(SHIM_RESOURCES + p + "/" + shimFile(p)) != null).toList();
    }

    /** The shim file to load: the one named (property or environment), else the jar's, copied out. */
    public static Path locateShim(String platform, String named) {
        return locate(NativeLoader.class, SHIM_RESOURCES, "shim", platform, shimFile(platform), SHIM_PATH_PROPERTY,
                named);
    }

    private static Path locate(Class<?> owner, String resourceDir, String what, String platform, String fileName,
                               String pathProperty, String named) {
        if (named != null && !named.isBlank()) {
            Path file = Path.of(named).toAbsolutePath();
            if (!Files.isRegularFile(file)) {
                throw new LoadException("threadrt: -D" + pathProperty
                        + (pathProperty.equals(SHIM_PATH_PROPERTY) ? " (or THREADRT_SHIM)" : "") + " names " + file
                        + ", which is not a file; build the " + what + " with 'platforms/build " + platform + "'",
                        null, -1, null);
            }
            return file;
        }
        String resource = resourceDir + platform + "/" + fileName;
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new LoadException("threadrt: this jar has no native " + what + " for " + platform
                        + (what.equals("shim") ? " (it has: " + packagedShims() + ")" : "") + ". Build one with "
                        + "'platforms/build " + platform + "' (README: Platforms) and run with -D" + pathProperty
                        + "=<path to " + fileName + ">", null, -1, null);
            }
            Path dir = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempDirectory("threadrt-",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory("threadrt-");
            Path file = dir.resolve(fileName);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("threadrt: cannot copy the native " + what + " for " + platform
                    + " to a temporary directory", e);
        }
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
