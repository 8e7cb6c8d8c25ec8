package org.threadrt.stress;

import java.util.Locale;

/** Numbers for people: 12.3k, 1.2M, 180 MiB. */
public final class Format {
    private Format() {}

    /** A count or rate with an SI suffix: 950, 12.3k, 1.20M. */
    public static String si(double x) {
        double a = Math.abs(x);
        if (a < 1000) {
            return String.format(Locale.ROOT, "%.0f", x);
        }
        if (a < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fk", x / 1e3);
        }
        if (a < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.2fM", x / 1e6);
        }
        return String.format(Locale.ROOT, "%.2fG", x / 1e9);
    }

    /** A whole number with thousands separators: 1,234,567. */
    public static String n(long x) {
        return String.format(Locale.ROOT, "%,d", x);
    }

    /** Bytes in binary units: 512 KiB, 180 MiB; "?" for a negative (unknown) value. */
    public static String bytes(long b) {
        if (b < 0) {
            return "?";
        }
        if (b < 1024 * 1024) {
            return (b / 1024) + " KiB";
        }
        if (b < 1024L * 1024 * 1024) {
            return (b / (1024 * 1024)) + " MiB";
        }
        return String.format(Locale.ROOT, "%.1f GiB", b / (1024.0 * 1024 * 1024));
    }
}
