/**
 * threadrt's port to real machines: loads the platform's generated native shim and
 * implements {@link org.threadrt.spi.Port} on it with the Foreign Function &amp; Memory API.
 * Run with {@code --enable-native-access=org.threadrt.ffm} (or {@code ALL-UNNAMED} on the
 * class path).
 */
module org.threadrt.ffm {
    requires org.threadrt;
    requires org.apache.commons.lang3;

    exports org.threadrt.ffm;

    provides org.threadrt.spi.Port with org.threadrt.ffm.FfmPort;
}
