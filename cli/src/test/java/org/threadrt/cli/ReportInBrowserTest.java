package org.threadrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.threadrt.stress.HtmlReport;

/**
 * The {@code --report} page in a real headless browser (Debian's {@code chromium}): it loads without a
 * JavaScript error, every uPlot chart drew a series (a pixel of a series' colour in its plot area) and shows
 * values under the cursor, and the page carries the run's metadata with thousands separators.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReportInBrowserTest {
    private static final Pattern BODY = Pattern.compile("<body ([^>]*)>");

    @TempDir
    Path dir;

    static String chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    /** The headless browser, or the test is not run here (says what to install). */
    private static String browser() {
        String browser = chromium();
        assumeTrue(browser != null, "no headless browser: install Debian's 'chromium' package (listed in "
                + ".ci/packages.txt) to check the HTML report");
        return browser;
    }

    @Test
    void theReportLoadsWithoutErrorsAndDrawsItsCharts() throws Exception {
        String browser = browser();
        Path html = dir.resolve("report.html");
        CliRun run = CliRun.of("stress", "-d", "2s", "--progress", "off", "--report", html.toString());
        assertEquals(0, run.status(), run::toString);
        assertTrue(Files.readString(html).contains("uPlot"), "uPlot is inlined");
        assertFalse(Files.readString(html).matches("(?s).*<script[^>]+src=.*"), "no external script");

        String dom = domOf(browser, html);
        assertEveryChartDrew(dom, HtmlReport.CHARTS);
        assertTrue(dom.contains("PASSED"), "the status is shown");
        assertTrue(dom.contains("time since the start (s)") && dom.contains("threads per second"), "axis titles");
        assertTrue(dom.contains(System.getProperty("java.runtime.version")) && dom.contains("CPUs"), "run metadata");
        assertTrue(Pattern.compile("<td>threads created</td><td>\\d{1,3}(,\\d{3})+</td>").matcher(dom).find(),
                () -> "thousands separators in the summary: " + dom.substring(dom.indexOf("id=\"summary\"")));
    }

    /** The page's self-check on its body: no JavaScript error, and every one of the charts drew, non-blank, with hover values. */
    private static void assertEveryChartDrew(String dom, int charts) {
        Matcher body = BODY.matcher(dom);
        assertTrue(body.find(), () -> "no <body> in chromium's DOM dump: " + dom);
        String attrs = body.group(1);
        assertTrue(attrs.contains("data-errors=\"0\""), () -> "JavaScript errors: " + errors(dom));
        for (String check : List.of("data-charts-expected", "data-charts-drawn", "data-charts-nonblank", "data-hover-ok")) {
            assertTrue(attrs.contains(check + "=\"" + charts + "\""), attrs);
        }
    }

    /** The page as chromium left it after its scripts ran (--dump-dom). */
    private String domOf(String browser, Path html) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(browser, "--headless", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--virtual-time-budget=5000", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory(dir, "profile"), "--dump-dom",
                html.toUri().toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add(1, "--no-sandbox"); // chromium refuses to run as root with its sandbox
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        return dom;
    }

    /** bench --scale's page: every chart (churn and dispatch against live Ms, round trip, callbacks) drew. */
    @Test
    void theBenchScalePageLoadsWithoutErrorsAndDrawsItsCharts() throws Exception {
        String browser = browser();
        Path html = dir.resolve("bench.html");
        List<String> args = new ArrayList<>(List.of(BenchCommandTest.TINY_SCALE));
        args.addAll(List.of("--report", html.toString()));
        BenchCommandTest.Run run = BenchCommandTest.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        assertFalse(Files.readString(html).matches("(?s).*<script[^>]+src=.*"), "no external script");

        String dom = domOf(browser, html);
        assertEveryChartDrew(dom, org.threadrt.bench.BenchHtml.SCALE_CHARTS);
        for (String title : List.of("live threads (count, arcsinh scale)", "µs per thread", "µs per round trip",
                "pool threads (count", "million calls per second", "share (1 = fair)")) {
            assertTrue(dom.contains(title), "axis title " + title);
        }
        for (String anchor : List.of("Java thread start+join, N live Java threads", "ThreadPoolExecutor, N blocked workers",
                "plain FFM upcall (anchor)")) {
            assertTrue(dom.contains(anchor), "the anchor's series " + anchor);
        }
        assertTrue(dom.contains("live-growth") && dom.contains("ratio"), "the table of rows");
    }

    private static String errors(String dom) {
        int at = dom.indexOf("<pre id=\"errors\"");
        return at < 0 ? "(no error list)" : dom.substring(at, Math.min(dom.length(), at + 2000));
    }
}
