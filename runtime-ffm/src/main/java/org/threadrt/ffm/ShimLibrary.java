package org.threadrt.ffm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;

import org.apache.commons.lang3.SystemUtils;
import org.threadrt.ffm.bind.Platforms;
import org.threadrt.ffm.bind.threadrt_h;

/**
 * Finds, loads and checks the native shim of the platform this JVM runs on.
 *
 * <p>Where the shim comes from, first match wins:
 * <ol>
 * <li>the system property {@value #PATH_PROPERTY} (or the environment variable
 *     {@code THREADRT_SHIM}): a file the user built, e.g. with {@code platforms/build};</li>
 * <li>the jar: {@code org/threadrt/ffm/native/<platform>/<library>}, copied into a private
 *     temporary directory (owner-only permissions, removed at exit), because a library
 *     inside a jar cannot be mapped.</li>
 * </ol>
 * After {@code System.load} the shim's {@code trt_abi_version()} must equal the version the
 * generated binding was made for; a shim from another build is refused, never half used.
 *
 * <p>Immutable once loaded; loading happens at most once per class loader, because a native
 * library can be loaded by only one.
 */
public final class ShimLibrary {
    /** System property naming a shim file to load instead of the one in the jar. */
    public static final String PATH_PROPERTY = "threadrt.shim.path";

    private static final String RESOURCE_ROOT = "/org/threadrt/ffm/native/";

    private final String platform;
    private final Path file;

    private ShimLibrary(String platform, Path file) {
        this.platform = platform;
        this.file = file;
    }

    /** The platform name shims are built under for this JVM, e.g. {@code linux-x86_64}. */
    public static String currentPlatform() {
        String os;
        if (SystemUtils.IS_OS_LINUX) {
            os = "linux";
        } else if (SystemUtils.IS_OS_WINDOWS) {
            os = "windows";
        } else if (SystemUtils.IS_OS_MAC) {
            os = "darwin";
        } else if (SystemUtils.IS_OS_FREE_BSD) {
            os = "freebsd";
        } else {
            os = System.getProperty("os.name").toLowerCase(Locale.ROOT).replace(' ', '_');
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

    /** The library's file name on a platform (from the generated platform table). */
    static String libraryFile(String platform) {
        return Platforms.byName(platform).map(Platforms.Platform::library)
                .orElse(platform.startsWith("windows-") ? "threadrt.dll"
                        : platform.startsWith("darwin-") ? "libthreadrt.dylib" : "libthreadrt.so");
    }

    /** Platforms whose shim this jar carries. */
    public static List<String> packagedPlatforms() {
        return Platforms.ALL.stream().map(Platforms.Platform::name)
                .filter(p -> ShimLibrary.class.getResource(resource(p)) != null).toList();
    }

    private static String resource(String platform) {
        return RESOURCE_ROOT + platform + "/" + libraryFile(platform);
    }

    /** Loads the shim for this JVM's platform, or explains what is missing. */
    static ShimLibrary load() {
        String platform = currentPlatform();
        Path file = locate(platform, System.getProperty(PATH_PROPERTY, System.getenv("THREADRT_SHIM")));
        try {
            System.load(file.toString());
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("threadrt: cannot load the native shim " + file + " for " + platform
                    + ": " + e.getMessage(), e);
        } catch (IllegalCallerException e) {
            throw new IllegalStateException("threadrt needs native access: run java with "
                    + "--enable-native-access=org.threadrt.ffm (module path) or --enable-native-access=ALL-UNNAMED"
                    + " (class path)", e);
        }
        int found = threadrt_h.trt_abi_version();
        if (found != threadrt_h.TRT_ABI_VERSION()) {
            throw new IllegalStateException("threadrt: the shim " + file + " implements ABI version " + found
                    + " but this runtime-ffm needs " + threadrt_h.TRT_ABI_VERSION()
                    + "; rebuild the shim from the same checkout (platforms/build " + platform + ")");
        }
        return new ShimLibrary(platform, file);
    }

    /** The shim file to load: the one named (property or environment), else the jar's, copied out. */
    static Path locate(String platform, String named) {
        if (named != null && !named.isBlank()) {
            Path file = Path.of(named).toAbsolutePath();
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("threadrt: -D" + PATH_PROPERTY + " (or THREADRT_SHIM) names " + file
                        + ", which is not a file; build the shim with 'platforms/build " + platform + "'");
            }
            return file;
        }
        return extract(platform);
    }

    private static Path extract(String platform) {
        String resource = resource(platform);
        try (InputStream in = ShimLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("threadrt: this jar has no native shim for " + platform
                        + " (it has: " + packagedPlatforms() + "). Build one with 'platforms/build " + platform
                        + "' (README: Platforms) and run with -D" + PATH_PROPERTY + "=<path to "
                        + libraryFile(platform) + ">");
            }
            Path dir = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempDirectory("threadrt-",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory("threadrt-");
            Path file = dir.resolve(libraryFile(platform));
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("threadrt: cannot copy the native shim for " + platform
                    + " to a temporary directory", e);
        }
    }

    /** The platform this shim was built for. */
    public String platform() {
        return platform;
    }

    /** The file the shim was loaded from. */
    public Path file() {
        return file;
    }
}
