/**
 * threadrt's port to real machines: loads the platform's generated native shim and
 * implements {@link org.threadrt.spi.Port} on it with the Foreign Function &amp; Memory API.
 * {@link org.threadrt.ffm.NativeShim} describes the shim (platform, ABI versions, where it was
 * loaded from, the platform table). Run with {@code --enable-native-access=org.threadrt.ffm}
 * (or {@code ALL-UNNAMED} on the class path).
 *
 * <p>Not exported: {@code org.threadrt.ffm.bind} (the generated binding) and
 * {@code org.threadrt.ffm.internal} (the loader).
 */
module org.threadrt.ffm {
    requires transitive org.threadrt; // its API (FfmPort) names org.threadrt types

    exports org.threadrt.ffm;

    provides org.threadrt.spi.Port with org.threadrt.ffm.FfmPort;
}
