package org.threadrt.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * The bench table: rows comparing one threadrt figure with one anchor (another measurement, or an
 * absolute limit), the ratio of their medians and the target. Printed as text and as JSON.
 */
public final class Report {
    /**
     * One comparison. {@code maxRatio}: the target is ratio at most this (time per operation, lower is
     * better); {@code limit}: an absolute anchor (same unit as the threadrt figure) instead of a measured one;
     * {@code baseThreadrt} and {@code baseAnchor}: a growth row, whose ratio is threadrt / anchor divided by
     * baseThreadrt / baseAnchor (how much faster threadrt's cost grows than the anchor's, {@code bench --scale}).
     */
    public record Row(String group, String threadrt, String anchor, Double limit, Double maxRatio, String target,
            String baseThreadrt, String baseAnchor) {
        /** Whether the ratio is a ratio of ratios. */
        public boolean growth() {
            return baseThreadrt != null;
        }
    }

    private final Map<String, Measurement> measurements = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();

    public void add(Measurement m) {
        measurements.put(m.id, m);
    }

    public void addAll(List<Measurement> ms) {
        ms.forEach(this::add);
    }

    public void row(String group, String threadrt, String anchor, Double maxRatio, String target) {
        rows.add(new Row(group, threadrt, anchor, null, maxRatio, target, null, null));
    }

    public void limitRow(String group, String threadrt, double limit, String target) {
        rows.add(new Row(group, threadrt, null, limit, 1.0, target, null, null));
    }

    /** A growth row: (threadrt / anchor) / (baseThreadrt / baseAnchor). */
    public void growthRow(String group, String threadrt, String anchor, String baseThreadrt, String baseAnchor,
            Double maxRatio, String target) {
        rows.add(new Row(group, threadrt, anchor, null, maxRatio, target, baseThreadrt, baseAnchor));
    }

    public List<Row> rows() {
        return rows;
    }

    public Map<String, Measurement> measurements() {
        return measurements;
    }

    /** The ratio threadrt / anchor of the row's medians (over the base's for a growth row), or null when one is missing. */
    public Double ratio(Row r) {
        Double plain = ratio(r.threadrt(), r.anchor(), r.limit());
        if (plain == null || !r.growth()) {
            return plain;
        }
        Double base = ratio(r.baseThreadrt(), r.baseAnchor(), null);
        return base == null || base == 0 ? null : plain / base;
    }

    private Double ratio(String threadrt, String anchorId, Double limit) {
        Stats t = stats(threadrt);
        if (t == null) {
            return null;
        }
        double anchor;
        if (limit != null) {
            anchor = limit;
        } else {
            Stats a = stats(anchorId);
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
        if (unit.equals("share")) {
            return String.format(Locale.ROOT, "%.2f", v);
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

    /** A row's threadrt label; a growth row says so. */
    public String rowLabel(Row r) {
        return r.growth() ? "growth: " + label(r.threadrt()) : label(r.threadrt());
    }

    /** A row's anchor label: the anchor's, or the absolute limit. */
    public String anchorLabel(Row r) {
        return r.anchor() == null ? "absolute " + fmt(r.limit(), unitOf(r)) : label(r.anchor());
    }

    /** A figure's median as the table prints it, or why there is none. */
    public String medianText(String id) {
        Measurement m = id == null ? null : measurements.get(id);
        if (m == null) {
            return "?";
        }
        Stats s = stats(id);
        return s != null ? fmt(s.median(), m.unit) : m.status() == Measurement.Status.NOT_RUN ? "not run" : "failed";
    }

    /** The table. */
    public void print(PrintWriter out) {
        int lw = 10;
        int aw = 10;
        for (Row r : rows) {
            lw = Math.max(lw, rowLabel(r).length());
            aw = Math.max(aw, anchorLabel(r).length());
        }
        String f = "%-9s  %-" + lw + "s  %15s  %-" + aw + "s  %15s  %7s  %-9s  %s%n";
        out.printf(f, "group", "threadrt", "median  spread", "anchor", "median  spread", "ratio", "target", "");
        String group = "";
        for (Row r : rows) {
            Double ratio = ratio(r);
            String anchorLabel = anchorLabel(r);
            String anchorCell = r.anchor() == null ? String.format("%15s", "") : cell(r.anchor());
            out.printf(f, r.group().equals(group) ? "" : r.group(), rowLabel(r), cell(r.threadrt()), anchorLabel,
                    anchorCell, ratio == null ? "-" : String.format(Locale.ROOT, "%.2fx", ratio),
                    r.target() == null ? "" : r.target(), verdict(r));
            group = r.group();
        }
        out.println("median of the repetitions; spread = ± half the interquartile range, in % of the median; "
                + "ratio = threadrt median / anchor median of the time (or memory) per operation: below 1.00x threadrt is faster (smaller)");
        if (rows.stream().anyMatch(Row::growth)) {
            out.println("growth: that row's ratio divided by the same ratio at the first level (0 live threads): "
                    + "above 1.00x threadrt's cost grows faster than its anchor's");
        }
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

    /**
     * The JSON result ({@code bench --json}, schema {@code threadrt-result.schema.json}, kind bench): {@code head}
     * (schemaVersion, kind, toolVersion, startedAt, environment, options, platform, durationSeconds, goVersion,
     * jnaVersion; made by the command) followed by every measurement and every row.
     */
    public String toJson(JsonObject head) {
        JsonObject o = head.deepCopy();
        JsonArray ms = new JsonArray();
        for (Measurement m : measurements.values()) {
            JsonObject j = new JsonObject();
            j.addProperty("id", m.id);
            j.addProperty("label", m.label);
            j.addProperty("unit", m.unit);
            j.addProperty("status", m.status().name().toLowerCase(Locale.ROOT));
            if (!m.note().isEmpty()) {
                j.addProperty("note", m.note());
            }
            Stats s = m.status() == Measurement.Status.OK ? m.stats() : null;
            if (s != null) {
                j.add("median", num(s.median()));
                j.add("p25", num(s.p25()));
                j.add("p75", num(s.p75()));
                j.add("min", num(s.min()));
                j.add("max", num(s.max()));
            }
            JsonArray values = new JsonArray();
            m.values().forEach(v -> values.add(num(v)));
            j.add("values", values);
            ms.add(j);
        }
        o.add("measurements", ms);
        JsonArray rs = new JsonArray();
        for (Row r : rows) {
            JsonObject j = new JsonObject();
            j.addProperty("group", r.group());
            j.addProperty("threadrt", r.threadrt());
            j.addProperty("anchor", r.anchor());
            if (r.limit() != null) {
                j.add("limit", num(r.limit()));
            }
            if (r.growth()) {
                j.addProperty("baseThreadrt", r.baseThreadrt());
                j.addProperty("baseAnchor", r.baseAnchor());
            }
            Double ratio = ratio(r);
            j.add("ratio", ratio == null ? JsonNull.INSTANCE : num(ratio));
            j.addProperty("target", r.target());
            j.add("maxRatio", r.maxRatio() == null ? JsonNull.INSTANCE : num(r.maxRatio()));
            j.addProperty("verdict", verdict(r).toLowerCase(Locale.ROOT));
            rs.add(j);
        }
        o.add("rows", rs);
        return GSON.toJson(o) + "\n";
    }

    /** Nulls are kept (a row's anchor, ratio, target, maxRatio are null by design). */
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
            .create();

    /** A number to 4 decimals; NaN and infinities (not JSON) as null. */
    static JsonElement num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return JsonNull.INSTANCE;
        }
        double r = Math.abs(v) < 1e12 ? Math.round(v * 1e4) / 1e4 : v;
        return r == Math.rint(r) && Math.abs(r) < 1e15 ? new JsonPrimitive((long) r) : new JsonPrimitive(r);
    }
}
