package org.threadrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadrt.bench.GoAnchor;
import org.threadrt.bench.Measurement;
import org.threadrt.bench.Report;
import org.threadrt.bench.Stats;

import picocli.CommandLine;

/**
 * {@code bench} on tiny parameters: the table and the JSON have their shape and every ratio is the
 * quotient of the medians. Never asserts on a timing.
 */
class BenchCommandTest {
    record Run(int exit, String out, String err, BenchCommand cmd) {
    }

    static Run run(String... args) {
        BenchCommand cmd = new BenchCommand();
        CommandLine cl = new CommandLine(cmd);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString(), cmd);
    }

    @Test
    void tinyQuickRunPrintsTheTableAndJsonWithComputedRatios(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        Run r = run("--quick", "--reps", "2", "--time-scale", "0.04", "--no-go", "--json", json.toString());
        assertEquals(0, r.exit(), r.err());

        String header = r.out().lines().filter(l -> l.startsWith("group")).findFirst().orElseThrow();
        for (String col : List.of("threadrt", "median", "spread", "anchor", "ratio", "target")) {
            assertTrue(header.contains(col), header);
        }
        for (String group : List.of("churn", "dispatch", "callbacks", "locks", "wake", "memory")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(group + " ")), "group " + group + " in\n" + r.out());
        }
        assertTrue(r.out().contains("not run: --no-go"), r.out());

        Report rep = r.cmd().lastReport;
        assertNotNull(rep);
        int computed = 0;
        for (Report.Row row : rep.rows()) {
            Measurement t = rep.measurements().get(row.threadrt());
            assertNotNull(t, row.threadrt());
            Measurement a = row.anchor() == null ? null : rep.measurements().get(row.anchor());
            assertTrue(row.anchor() == null || a != null, row.anchor());
            boolean tOk = t.status() == Measurement.Status.OK;
            boolean aOk = row.anchor() == null || a.status() == Measurement.Status.OK;
            Double ratio = rep.ratio(row);
            if (tOk && aOk) {
                double anchor = a == null ? row.limit() : a.stats().median();
                assertEquals(t.stats().median() / anchor, ratio, 1e-9, row.toString());
                assertEquals(2, t.values().size(), t.id);
                computed++;
            } else {
                assertNull(ratio, row.toString());
            }
        }
        // every Java, C and JNA anchor ran: only the Go rows (and callback rows on a runtime without them) lack a ratio
        assertTrue(computed >= 20, "ratios computed: " + computed);
        assertTrue(rep.rows().stream().filter(x -> x.anchor() != null && x.anchor().startsWith("go."))
                .allMatch(x -> rep.ratio(x) == null));

        String text = Files.readString(json);
        ResultSchema.assertValid(text);
        for (String key : List.of("\"environment\"", "\"options\"", "\"measurements\"", "\"rows\"", "\"ratio\"",
                "\"median\"", "\"p25\"", "\"p75\"", "\"values\"", "\"verdict\"")) {
            assertTrue(text.contains(key), key);
        }
        Matcher m = Pattern.compile("\"ratio\": ([0-9.]+)").matcher(text);
        int numeric = 0;
        while (m.find()) {
            assertTrue(Double.parseDouble(m.group(1)) > 0);
            numeric++;
        }
        assertEquals(computed, numeric);
        assertEquals(rep.rows().size(), text.split("\"verdict\"", -1).length - 1);
    }

    /** The tiny --scale run of the tests: every group, two levels of live threads, two callback thread counts. */
    static final String[] TINY_SCALE = {"--scale", "--quick", "--reps", "2", "--time-scale", "0.04", "--pool-threads", "1,2",
        "--live-ms", "0,40", "--callback-threads", "1,3", "--short-lived", "10", "--idle-threads", "8"};

    @Test
    void tinyScaleRunHasEveryRowAndFigureAndValidJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("scale.json");
        Path html = dir.resolve("scale.html");
        List<String> args = new java.util.ArrayList<>(List.of(TINY_SCALE));
        args.addAll(List.of("--json", json.toString(), "--report", html.toString()));
        Run r = run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        for (String group : List.of("roundtrip", "live-Ms", "live-growth", "cb-scale", "memory")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(group + " ")), "group " + group + " in\n" + r.out());
        }
        assertFalse(r.out().lines().anyMatch(l -> l.startsWith("churn ") || l.startsWith("locks ")),
                "--scale runs its own figures, not the default ones:\n" + r.out());

        Report rep = r.cmd().lastReport;
        List<String> ids = new java.util.ArrayList<>();
        for (int k : new int[] {1, 2}) {
            ids.add("scale.roundtrip.threadrt-" + k);
            ids.add("scale.roundtrip.tpe-" + k);
        }
        for (int n : new int[] {0, 40}) {
            for (String f : List.of("m-churn", "java-churn", "threadrt-dispatch", "pool-dispatch")) {
                ids.add("scale.live." + f + "-" + n);
            }
        }
        for (String kind : List.of("ffm", "cached", "per-call")) {
            for (String t : List.of("-1", "-3", "-short-10")) {
                ids.add("scale.callback." + kind + t);
                ids.add("scale.callback." + kind + t + ".share");
            }
        }
        for (String kind : List.of("os", "runtime", "java")) {
            ids.add("scale.rss." + kind + "-256");
            ids.add("scale.rss." + kind + "-1024");
        }
        for (String id : ids) {
            Measurement m = rep.measurements().get(id);
            assertNotNull(m, id + " in " + rep.measurements().keySet());
            assertEquals(Measurement.Status.OK, m.status(), () -> id + ": " + m.note());
            assertEquals(2, m.values().size(), id);
            if (id.endsWith(".share")) {
                assertTrue(m.values().stream().allMatch(v -> v >= 0 && v <= 1), id + " " + m.values());
            } else {
                assertTrue(m.values().stream().allMatch(v -> v > 0), id + " " + m.values());
            }
        }
        // one long-lived thread is always its own slowest
        assertEquals(List.of(1.0, 1.0), rep.measurements().get("scale.callback.cached-1.share").values());

        int growth = 0;
        for (Report.Row row : rep.rows()) {
            double ratio = median(rep, row.threadrt()) / (row.anchor() == null ? row.limit() : median(rep, row.anchor()));
            if (row.growth()) {
                ratio /= median(rep, row.baseThreadrt()) / median(rep, row.baseAnchor());
                assertTrue(row.threadrt().endsWith("-40") && row.baseThreadrt().endsWith("-0"), row.toString());
                growth++;
            }
            assertEquals(ratio, rep.ratio(row), 1e-9, row.toString());
        }
        assertEquals(2, growth, "M churn and dispatch at 40 live threads over the same at 0");

        String text = Files.readString(json);
        ResultSchema.assertValid(text);
        assertTrue(text.contains("\"scaleRun\": true") && text.contains("\"liveMs\": [\n"), text.substring(0, 2000));
        assertEquals(rep.rows().size(), text.split("\"verdict\"", -1).length - 1);
        String page = Files.readString(html);
        assertTrue(page.contains("uPlot") && page.contains("scale.live.m-churn-40"), "uPlot and the data are inlined");
        assertFalse(page.matches("(?s).*<script[^>]+src=.*"), "no external script");
    }

    private static double median(Report rep, String id) {
        return rep.measurements().get(id).stats().median();
    }

    @Test
    void scaleSizesOutOfRangeExit2() {
        assertEquals(2, run("--scale", "--live-ms", "-1", "--dry-run").exit());
        assertEquals(2, run("--scale", "--callback-threads", "0", "--dry-run").exit());
        assertEquals(2, run("--scale", "--pool-threads", "1,2000", "--dry-run").exit());
        assertEquals(2, run("--scale", "--short-lived", "100000", "--dry-run").exit());
        Run ok = run("--scale", "--live-ms", "0,10", "--dry-run");
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("live Ms [0, 10]"), ok.out());
    }

    @Test
    void wrongFlagsExit2AndHelpExits0() {
        Run bad = run("--no-such-flag");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--no-such-flag"), bad.err());
        assertEquals(2, run("--reps", "0").exit());
        assertEquals(2, run("--json").exit());
        Run help = run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--quick") && help.out().contains("--json"), help.out());
    }

    @Test
    void readsTheGoAnchorsJson() {
        GoAnchor.Result r = GoAnchor.parse("{\"go\":\"go1.19.8\",\"gomaxprocs\":2,\"reps\":3,\"results\":{"
                + "\"thread_churn_lockosthread\":[50000,51000,49000],\"mutex_uncontended\":[5.5,5.4,5.6]}}");
        assertEquals("go1.19.8", r.version());
        Measurement churn = r.measurements().stream().filter(x -> x.id.equals("go.churn")).findFirst().orElseThrow();
        assertEquals(Measurement.Status.OK, churn.status());
        assertEquals(50000, churn.stats().median(), 1e-9);
        Measurement cb = r.measurements().stream().filter(x -> x.id.equals("go.cgo-callback")).findFirst().orElseThrow();
        assertEquals(Measurement.Status.NOT_RUN, cb.status());
        assertFalse(cb.note().isEmpty());
        Stats s = Stats.of(List.of(1.0, 2.0, 3.0, 4.0));
        assertEquals(2.5, s.median(), 1e-12);
        assertEquals(1.75, s.p25(), 1e-12);
        assertEquals(3.25, s.p75(), 1e-12);
    }
}
