package org.threadrt.ffm;

import java.nio.file.Path;
import java.util.List;

import org.threadrt.ffm.internal.NativeLoader;

/**
 * The loaded shim: its platform and file.
 *
 * @deprecated TODO(issue 9, phase 2): remove once the CLI and the tests use {@link NativeShim}, the
 *     supported description of the shim; the loader itself is {@code org.threadrt.ffm.internal.NativeLoader}.
 */
@Deprecated
public final class ShimLibrary {
    /** System property naming a shim file to load instead of the one in the jar. */
    public static final String PATH_PROPERTY = NativeShim.PATH_PROPERTY;

    private final String platform;
    private final Path file;

    private ShimLibrary(String platform, Path file) {
        this.platform = platform;
        this.file = file;
    }

    /** The platform name shims are built under for this JVM, e.g. {@code linux-x86_64}. */
    public static String currentPlatform() {
        return NativeShim.currentPlatform();
    }

    /** Platforms whose shim this jar carries. */
    public static List<String> packagedPlatforms() {
        return NativeLoader.packagedShims();
    }

    static ShimLibrary loaded() {
        NativeLoader shim = NativeLoader.shim();
        return new ShimLibrary(shim.platform(), shim.file());
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
