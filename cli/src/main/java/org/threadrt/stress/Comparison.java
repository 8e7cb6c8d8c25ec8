package org.threadrt.stress;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A run's rates against a baseline result ({@code stress --compare BASELINE.json}): is this machine, kernel
 * or JDK slower than a known one? Each rate of {@link StressResult.Rates} that the baseline has above 0 gets
 * the ratio this run / baseline; with a minimum ratio ({@code --min-ratio}) a rate below it fails the
 * comparison (exit 1).
 *
 * @param baselineFile      the baseline's path
 * @param baselineStartedAt when the baseline ran
 * @param baselineHost      where it ran
 * @param minRatio          the lowest acceptable ratio, or null (ratios are printed only)
 * @param differences       options in which the two runs differ (their rates may not be comparable)
 * @param ratios            one per rate the baseline has above 0
 * @param passed            no ratio fell below minRatio
 */
public record Comparison(String baselineFile, String baselineStartedAt, String baselineHost, Double minRatio,
                         List<String> differences, List<RateRatio> ratios, boolean passed) {

    /**
     * One rate against the baseline.
     *
     * @param rate              the rate's name in {@code rates}, e.g. {@code threadsCreatedPerSecond}
     * @param baselinePerSecond the baseline's
     * @param perSecond         this run's
     * @param ratio             perSecond / baselinePerSecond
     * @param belowMinimum      ratio &lt; minRatio
     */
    public record RateRatio(String rate, double baselinePerSecond, double perSecond, double ratio,
                            boolean belowMinimum) {}

    /** A baseline file that cannot be used: the message is one line naming the file and the problem. */
    public static final class BadBaselineException extends Exception {
        private static final long serialVersionUID = 1L;

        BadBaselineException(String message) {
            super(message);
        }
    }

    /**
     * A loaded baseline: its rates and the options it ran with.
     *
     * @param file      where it was read from
     * @param startedAt when it ran
     * @param host      where it ran
     * @param rates     its {@code rates}, by name
     * @param options   its {@code options} (durationSeconds, workloads, ...), by name
     * @param minRatio  the lowest acceptable ratio, or null
     */
    public record Baseline(Path file, String startedAt, String host, Map<String, Double> rates,
                           JsonObject options, Double minRatio) {

        /**
         * Reads a baseline written by {@code stress --json} of this schema version.
         *
         * @throws BadBaselineException if the file cannot be read, is not JSON, is not a stress result, has
         *                              another schemaVersion, or lacks a rate
         */
        public static Baseline load(Path file, Double minRatio) throws BadBaselineException {
            String where = "--compare " + file;
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException | SecurityException e) {
                throw new BadBaselineException(where + ": cannot read it (" + e + ")");
            }
            JsonObject o;
            try {
                JsonElement e = JsonParser.parseString(text);
                if (!e.isJsonObject()) {
                    throw new BadBaselineException(where + ": not a JSON object (want the file of stress --json)");
                }
                o = e.getAsJsonObject();
            } catch (JsonParseException | StackOverflowError e) {
                throw new BadBaselineException(where + ": not JSON (" + firstLine(e.getMessage()) + ")");
            }
            if (!o.has("schemaVersion") || !o.get("schemaVersion").isJsonPrimitive()
                    || !o.get("schemaVersion").getAsJsonPrimitive().isNumber()) {
                throw new BadBaselineException(where + ": no schemaVersion (written by an older threadrt?); want "
                        + "schemaVersion " + RunEnvironment.SCHEMA_VERSION + ", run stress --json again");
            }
            double version = o.get("schemaVersion").getAsDouble();
            if (version != RunEnvironment.SCHEMA_VERSION) {
                throw new BadBaselineException(where + ": schemaVersion " + o.get("schemaVersion") + ", this threadrt "
                        + "reads schemaVersion " + RunEnvironment.SCHEMA_VERSION);
            }
            if (!o.has("kind") || !"stress".equals(string(o, "kind"))) {
                throw new BadBaselineException(where + ": kind " + o.get("kind") + ", want \"stress\" (a bench result "
                        + "cannot be a stress baseline)");
            }
            JsonObject rates = object(o, "rates", where);
            Map<String, Double> r = new LinkedHashMap<>();
            for (RecordComponent c : StressResult.Rates.class.getRecordComponents()) {
                JsonElement v = rates.get(c.getName());
                if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()
                        || !Double.isFinite(v.getAsDouble()) || v.getAsDouble() < 0) {
                    throw new BadBaselineException(where + ": rates." + c.getName() + " is missing or not a "
                            + "number >= 0");
                }
                r.put(c.getName(), v.getAsDouble());
            }
            JsonObject env = o.has("environment") && o.get("environment").isJsonObject()
                    ? o.getAsJsonObject("environment") : new JsonObject();
            return new Baseline(file, string(o, "startedAt"), string(env, "host"), r, object(o, "options", where),
                    minRatio);
        }

        private static JsonObject object(JsonObject o, String name, String where) throws BadBaselineException {
            JsonElement e = o.get(name);
            if (e == null || !e.isJsonObject()) {
                throw new BadBaselineException(where + ": no " + name + " object");
            }
            return e.getAsJsonObject();
        }

        private static String string(JsonObject o, String name) {
            JsonElement e = o.get(name);
            return e != null && e.isJsonPrimitive() ? e.getAsString() : "?";
        }

        private static String firstLine(String s) {
            if (s == null) {
                return "malformed";
            }
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl);
        }
    }

    /** This run's rates and options against the baseline. */
    public static Comparison of(Baseline b, StressResult.Rates rates, StressResult.Options options) {
        Objects.requireNonNull(b, "baseline");
        List<RateRatio> out = new ArrayList<>();
        boolean passed = true;
        for (RecordComponent c : StressResult.Rates.class.getRecordComponents()) {
            double base = b.rates().get(c.getName());
            if (base <= 0) {
                continue; // the baseline did not run this workload: nothing to compare with
            }
            double now;
            try {
                now = (double) c.getAccessor().invoke(rates);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            double ratio = Math.round(now / base * 1000) / 1000.0;
            boolean below = b.minRatio() != null && ratio < b.minRatio();
            passed &= !below;
            out.add(new RateRatio(c.getName(), base, now, ratio, below));
        }
        List<String> differences = new ArrayList<>();
        JsonObject bo = b.options();
        differ(differences, "durationSeconds", bo, options.durationSeconds());
        differ(differences, "maxThreads", bo, options.maxThreads());
        differ(differences, "workloads", bo, String.join(",", options.workloads()));
        differ(differences, "stack", bo, options.stack());
        differ(differences, "callbackMode", bo, options.callbackMode());
        return new Comparison(b.file().toString(), b.startedAt(), b.host(), b.minRatio(), List.copyOf(differences),
                List.copyOf(out), passed);
    }

    private static void differ(List<String> out, String name, JsonObject baseline, Object now) {
        JsonElement e = baseline.get(name);
        String then;
        if (e == null) {
            then = "?";
        } else if (e.isJsonArray()) {
            List<String> parts = new ArrayList<>();
            e.getAsJsonArray().forEach(x -> parts.add(x.isJsonPrimitive() ? x.getAsString() : x.toString()));
            then = String.join(",", parts);
        } else {
            then = e.isJsonPrimitive() ? e.getAsString() : e.toString();
        }
        String nowText = now instanceof Double d ? trim(d) : String.valueOf(now);
        if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            then = trim(e.getAsDouble());
        }
        if (!then.equals(nowText)) {
            out.add(name + ": baseline " + then + ", this run " + nowText);
        }
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
