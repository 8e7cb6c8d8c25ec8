package org.threadrt.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bench table: rows comparing one threadrt figure with one anchor (another measurement, or an
 * absolute limit), the ratio of their medians and the target. Printed as text and as JSON.
 */
public final class Report {
    /**
     * One comparison. {@code maxRatio}: the target is ratio at most this (time per operation, lower is
     * better); {@code limit}: an absolute anchor (same unit as the threadrt figure) instead of a measured one.
     */
    public record Row(String group, String threadrt, String anchor, Double limit, Double maxRatio, String target) {
    }

    private final Map<String, Measurement> measurements = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> meta = new LinkedHashMap<>();

    public void add(Measurement m) {
        measurements.put(m.id, m);
    }

    public void addAll(List<Measurement> ms) {
        ms.forEach(this::add);
    }

    public void row(String group, String threadrt, String anchor, Double maxRatio, String target) {
        rows.add(new Row(group, threadrt, anchor, null, maxRatio, target));
    }

    public void limitRow(String group, String threadrt, double limit, String target) {
        rows.add(new Row(group, threadrt, null, limit, 1.0, target));
    }

    public void meta(String key, String value) {
        meta.put(key, value);
    }

    public List<Row> rows() {
        return rows;
    }

    public Map<String, Measurement> measurements() {
        return measurements;
    }

    /** The ratio threadrt / anchor of the row's medians, or null when either is missing. */
    public Double ratio(Row r) {
        Stats t = stats(r.threadrt());
        if (t == null) {
            return null;
        }
        double anchor;
        if (r.limit() != null) {
            anchor = r.limit();
        } else {
            Stats a = stats(r.anchor());
            if (a == null || a.median() == 0) {
                return null;
            }
            anchor = a.median();
        }
        return t.median() / anchor;
    }

    /** "met", "MISSED", "" (no target) or "-" (no ratio). */
    public String verdict(Row r) {
        Double ratio = ratio(r);
        if (r.maxRatio() == null) {
            return "";
        }
        if (ratio == null) {
            return "-";
        }
        // judged on the ratio as printed (two decimals): 1.004x against a 1.00x target is a tie, and met
        return Math.round(ratio * 100) <= Math.round(r.maxRatio() * 100) ? "met" : "MISSED";
    }

    private Stats stats(String id) {
        Measurement m = id == null ? null : measurements.get(id);
        return m == null || m.status() != Measurement.Status.OK ? null : m.stats();
    }

    static String fmt(double v, String unit) {
        if (unit.equals("KiB")) {
            return String.format(Locale.ROOT, "%.0f KiB", v);
        }
        if (v < 1_000) {
            return String.format(Locale.ROOT, "%.1f ns", v);
        }
        if (v < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f µs", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.2f ms", v / 1e6);
    }

    private String cell(String id) {
        Measurement m = id == null ? null : measurements.get(id);
        if (m == null) {
            return String.format("%-9s %5s", "?", "");
        }
        if (m.status() == Measurement.Status.NOT_RUN) {
            return String.format("%-9s %5s", "not run", "");
        }
        if (m.status() == Measurement.Status.FAILED || m.stats() == null) {
            return String.format("%-9s %5s", "failed", "");
        }
        Stats s = m.stats();
        return String.format(Locale.ROOT, "%9s %5s", fmt(s.median(), m.unit),
                String.format(Locale.ROOT, "±%.0f%%", 100 * s.relativeIqr() / 2));
    }

    private String label(String id) {
        Measurement m = id == null ? null : measurements.get(id);
        return m == null ? String.valueOf(id) : m.label;
    }

    /** The table. */
    public void print(PrintWriter out) {
        int lw = 10;
        int aw = 10;
        for (Row r : rows) {
            lw = Math.max(lw, label(r.threadrt()).length());
            aw = Math.max(aw, r.anchor() == null ? fmt(r.limit(), unitOf(r)).length() + 9 : label(r.anchor()).length());
        }
        String f = "%-9s  %-" + lw + "s  %15s  %-" + aw + "s  %15s  %7s  %-9s  %s%n";
        out.printf(f, "group", "threadrt", "median  spread", "anchor", "median  spread", "ratio", "target", "");
        String group = "";
        for (Row r : rows) {
            Double ratio = ratio(r);
            String anchorLabel = r.anchor() == null ? "absolute " + fmt(r.limit(), unitOf(r)) : label(r.anchor());
            String anchorCell = r.anchor() == null ? String.format("%15s", "") : cell(r.anchor());
            out.printf(f, r.group().equals(group) ? "" : r.group(), label(r.threadrt()), cell(r.threadrt()), anchorLabel,
                    anchorCell, ratio == null ? "-" : String.format(Locale.ROOT, "%.2fx", ratio),
                    r.target() == null ? "" : r.target(), verdict(r));
            group = r.group();
        }
        out.println("median of the repetitions; spread = ± half the interquartile range, in % of the median; "
                + "ratio = threadrt median / anchor median of the time (or memory) per operation: below 1.00x threadrt is faster (smaller)");
        List<String> notes = new ArrayList<>();
        for (Measurement m : measurements.values()) {
            if (m.status() != Measurement.Status.OK && !m.note().isEmpty()) {
                String n = m.status() == Measurement.Status.NOT_RUN ? "not run: " : "failed: ";
                String line = n + m.note();
                if (!notes.contains(line)) {
                    notes.add(line);
                }
            }
        }
        notes.forEach(n -> out.println("  " + n));
    }

    private String unitOf(Row r) {
        Measurement m = measurements.get(r.threadrt());
        return m == null ? "ns" : m.unit;
    }

    // ---- JSON

    public String toJson() {
        StringBuilder b = new StringBuilder("{\n  \"meta\": {");
        boolean first = true;
        for (var e : meta.entrySet()) {
            b.append(first ? "\n    " : ",\n    ").append(q(e.getKey())).append(": ").append(q(e.getValue()));
            first = false;
        }
        b.append("\n  },\n  \"measurements\": [");
        first = true;
        for (Measurement m : measurements.values()) {
            b.append(first ? "\n    {" : ",\n    {");
            first = false;
            b.append("\"id\": ").append(q(m.id)).append(", \"label\": ").append(q(m.label)).append(", \"unit\": ")
                    .append(q(m.unit)).append(", \"status\": ").append(q(m.status().name().toLowerCase(Locale.ROOT)));
            if (!m.note().isEmpty()) {
                b.append(", \"note\": ").append(q(m.note()));
            }
            Stats s = m.status() == Measurement.Status.OK ? m.stats() : null;
            if (s != null) {
                b.append(", \"median\": ").append(num(s.median())).append(", \"p25\": ").append(num(s.p25()))
                        .append(", \"p75\": ").append(num(s.p75())).append(", \"min\": ").append(num(s.min()))
                        .append(", \"max\": ").append(num(s.max()));
            }
            b.append(", \"values\": [");
            for (int i = 0; i < m.values().size(); i++) {
                b.append(i == 0 ? "" : ", ").append(num(m.values().get(i)));
            }
            b.append("]}");
        }
        b.append("\n  ],\n  \"rows\": [");
        first = true;
        for (Row r : rows) {
            b.append(first ? "\n    {" : ",\n    {");
            first = false;
            Double ratio = ratio(r);
            b.append("\"group\": ").append(q(r.group())).append(", \"threadrt\": ").append(q(r.threadrt()))
                    .append(", \"anchor\": ").append(r.anchor() == null ? "null" : q(r.anchor()));
            if (r.limit() != null) {
                b.append(", \"limit\": ").append(num(r.limit()));
            }
            b.append(", \"ratio\": ").append(ratio == null ? "null" : num(ratio))
                    .append(", \"target\": ").append(r.target() == null ? "null" : q(r.target()))
                    .append(", \"maxRatio\": ").append(r.maxRatio() == null ? "null" : num(r.maxRatio()))
                    .append(", \"verdict\": ").append(q(verdict(r).toLowerCase(Locale.ROOT))).append("}");
        }
        b.append("\n  ]\n}\n");
        return b.toString();
    }

    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
