package org.threadrt.ffm;

import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.threadrt.ffm.bind.Platforms;
import org.threadrt.ffm.internal.NativeLoader;

/**
 * What threadrt knows about its native shim here, as immutable values: the platform this JVM runs on, the
 * ABI version this runtime-ffm needs and the one the loaded shim has, where the shim was loaded from (or
 * why it could not be), and the platform table (every target, what it supports, whether this jar carries
 * its shim). The supported way for tools ({@code threadrt doctor}, {@code threadrt platforms}) and
 * applications to ask; the generated binding ({@code org.threadrt.ffm.bind}) is not exported.
 *
 * <p>The shim is loaded once per JVM, on the first call that needs it (the first downcall of the port, or
 * {@link #load()} / {@link #status()} here), from the file named by the system property
 * {@value #PATH_PROPERTY} (or the environment variable {@code THREADRT_SHIM}), used as given and never
 * searched for, else from this jar's {@code org/threadrt/ffm/native/<platform>/}: copied into a fresh
 * owner-only directory under {@code java.io.tmpdir}, checked against the SHA-256 recorded when the jar was
 * built, loaded, and deleted with its directory when the JVM exits. A musl Linux or a system outside the
 * platform table is refused with a message naming what was found and what is supported. A failed load is
 * final: every later attempt reports the same problem.
 *
 * <p>{@link #loadCompanion} opens a library built and packed with the shim (the testkit) the same way.
 */
public final class NativeShim {
    private NativeShim() {}

    /** System property naming a shim file to load instead of the one in the jar. */
    public static final String PATH_PROPERTY = NativeLoader.SHIM_PATH_PROPERTY;

    /**
     * One row of the platform table.
     *
     * @param name          {@code <os>-<arch>}, as the shim's {@code trt_platform()} returns it
     * @param library       the shim's file name there
     * @param runtimeStacks whether RUNTIME stacks exist there ({@link org.threadrt.StackPolicy#RUNTIME})
     * @param bareThreads   whether BARE threads exist there ({@link org.threadrt.StackPolicy#BARE})
     * @param verifiedBy    how the build machine verifies the target
     * @param inThisJar     whether this runtime-ffm jar carries the target's shim
     */
    public record Target(String name, String library, boolean runtimeStacks, boolean bareThreads,
                         String verifiedBy, boolean inThisJar) {
        /** Checks that no reference component is null. */
        public Target {
            Objects.requireNonNull(name);
            Objects.requireNonNull(library);
            Objects.requireNonNull(verifiedBy);
        }
    }

    /**
     * The shim on this machine.
     *
     * @param platform           this JVM's platform, e.g. {@code linux-x86_64}
     * @param expectedAbiVersion the ABI version this runtime-ffm was built for
     * @param file               where the shim was loaded from; when it was refused, the file that was
     *                           refused; empty when none was found
     * @param abiVersion         the ABI version the shim reports; empty when no shim was opened
     * @param problem            why no shim is loaded, with what to do; empty when it is loaded
     */
    public record Status(String platform, int expectedAbiVersion, Optional<Path> file, OptionalInt abiVersion,
                         Optional<String> problem) {
        /** Checks that no reference component is null. */
        public Status {
            Objects.requireNonNull(platform);
            Objects.requireNonNull(file);
            Objects.requireNonNull(abiVersion);
            Objects.requireNonNull(problem);
        }

        /**
         * Whether the shim is loaded and usable.
         *
         * @return true if the shim is loaded and usable
         */
        public boolean loaded() {
            return problem.isEmpty();
        }
    }

    /**
     * A library loaded with the shim by {@link #loadCompanion}.
     *
     * @param name     its name ({@code threadrt_testkit})
     * @param platform the platform it was built for
     * @param file     where it was loaded from
     * @param symbols  its own symbols ({@code SymbolLookup.libraryLookup(file, Arena.global())})
     */
    public record Companion(String name, String platform, Path file, SymbolLookup symbols) {
        /** Checks that no reference component is null. */
        public Companion {
            Objects.requireNonNull(name);
            Objects.requireNonNull(platform);
            Objects.requireNonNull(file);
            Objects.requireNonNull(symbols);
        }
    }

    /**
     * A shim this jar carries.
     *
     * @param platform the target it is built for
     * @param library  its file name
     * @param sha256   the SHA-256 recorded when the jar was built; the loader checks the copy it extracts
     *                 against it before loading
     * @param check    how the build machine checked it (e.g. that it passed {@code platforms/matrix})
     */
    public record PackedShim(String platform, String library, String sha256, String check) {
        /** Checks that no reference component is null. */
        public PackedShim {
            Objects.requireNonNull(platform);
            Objects.requireNonNull(library);
            Objects.requireNonNull(sha256);
            Objects.requireNonNull(check);
        }
    }

    /**
     * The build this jar comes from.
     *
     * @param version the version of org.threadrt:threadrt
     * @param commit  {@code git describe} of the commit it was built from ({@code -dirty}: with uncommitted
     *                changes); {@code unknown} when it was built outside a git checkout
     */
    public record Build(String version, String commit) {
        /** Checks that no reference component is null. */
        public Build {
            Objects.requireNonNull(version);
            Objects.requireNonNull(commit);
        }
    }

    /**
     * The build this jar comes from.
     *
     * @return the build's version and commit
     */
    public static Build build() {
        NativeLoader.Build b = NativeLoader.build();
        return new Build(b.version(), b.commit());
    }

    /**
     * The shims this jar carries, in the platform table's order (those with a recorded digest).
     *
     * @return the shims in this jar
     */
    public static List<PackedShim> packedShims() {
        return NativeLoader.packed().stream()
                .map(p -> new PackedShim(p.platform(), p.library(), p.sha256(), p.check())).toList();
    }

    /**
     * This JVM's platform, as shims are named: {@code <os>-<arch>}, e.g. {@code linux-x86_64}; on Linux
     * with a C library other than glibc it says so ({@code linux-x86_64-musl}), a platform threadrt has
     * no shim for.
     *
     * @return this JVM's platform name
     */
    public static String currentPlatform() {
        return NativeLoader.currentPlatform();
    }

    /**
     * The ABI version (threadrt.h's {@code TRT_ABI_VERSION}) this runtime-ffm needs its shim to have.
     *
     * @return the ABI version the shim must have
     */
    public static int expectedAbiVersion() {
        return Platforms.ABI_VERSION;
    }

    /**
     * Every target threadrt builds a shim for, in the platform table's order.
     *
     * @return every target
     */
    public static List<Target> targets() {
        List<String> packed = NativeLoader.packagedShims();
        return Platforms.ALL.stream().map(p -> new Target(p.name(), p.library(), p.runtimeStacks(), p.bareThreads(),
                p.verifiedBy(), packed.contains(p.name()))).toList();
    }

    /**
     * The platform table's row for a target, if threadrt has one.
     *
     * @param name the target's name, e.g. {@code linux-x86_64}
     * @return the target's row, or empty
     */
    public static Optional<Target> target(String name) {
        return targets().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * Loads the shim now (if it is not yet) and describes it; never throws: a shim that cannot be loaded
     * is described by {@link Status#problem()}.
     *
     * @return the shim's status
     */
    public static Status status() {
        try {
            NativeLoader shim = NativeLoader.shim();
            return new Status(currentPlatform(), expectedAbiVersion(), Optional.of(shim.file()),
                    OptionalInt.of(shim.version()), Optional.empty());
        } catch (NativeLoader.LoadException e) {
            return new Status(currentPlatform(), expectedAbiVersion(), e.file(), e.foundVersion(),
                    Optional.of(e.getMessage()));
        }
    }

    /**
     * Loads the shim now (if it is not yet), so that a missing or mismatched shim is reported before
     * anything starts.
     *
     * @return the status of the loaded shim
     * @throws IllegalStateException when it cannot be loaded: the message says why and what to do
     */
    public static Status load() {
        NativeLoader.shim();
        return status();
    }

    /**
     * Loads a native library that is built and packed alongside the shim (the testkit does this): loads
     * the shim first, then the file the system property {@code pathProperty} names, else
     * {@code resourceDir + <platform>/ + System.mapLibraryName(name)} from owner's jar (copied out like the
     * shim), opens it with {@code SymbolLookup.libraryLookup} and checks that {@code versionFunction}
     * ({@code int32_t f(void)}) returns {@code version}.
     *
     * @param owner the class whose jar carries the library
     * @param resourceDir the resource folder holding the per-platform folders
     * @param name the library's name, e.g. {@code threadrt_testkit}
     * @param pathProperty the system property that may name the library's file
     * @param versionFunction the library's version function
     * @param version the version that function must return
     * @return the loaded library
     * @throws IllegalStateException when the shim or the library cannot be loaded or the version differs
     */
    public static Companion loadCompanion(Class<?> owner, String resourceDir, String name, String pathProperty,
                                          String versionFunction, int version) {
        String what = name.startsWith("threadrt_") ? name.substring("threadrt_".length()) : name;
        NativeLoader lib = NativeLoader.companion(owner, resourceDir, what, name, pathProperty, versionFunction,
                version);
        return new Companion(name, lib.platform(), lib.file(), lib.symbols());
    }
}
