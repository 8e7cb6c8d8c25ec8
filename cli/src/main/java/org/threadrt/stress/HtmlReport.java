package org.threadrt.stress;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The {@code --report} page: one self-contained HTML file (no network, no external script) with the run's
 * metadata, its time series as uPlot charts and its summary. uPlot ({@value #UPLOT_VERSION}, MIT licence, from
 * the webjar org.webjars.npm:uplot, unpacked into this package at build time) is inlined, script and style.
 *
 * <p>Every chart has axis titles with units, hover values (uPlot's live legend) and integer ticks where it
 * counts things; threads created, exited and reaped, which lie on top of each other on a healthy run, are
 * drawn with different widths and dashes and have a chart of their own for the difference (threads behind
 * creation). The page records what happened when it loaded, for headless checks:
 * {@code <body data-charts-expected="N" data-charts-drawn="N" data-charts-nonblank="N" data-hover-ok="N"
 * data-errors="E">}, a console line {@code threadrt-report: ...}, and every JavaScript error in
 * {@code <pre id="errors">}. Opened with {@code #hover} the cursor stays in the middle of every chart (for
 * screenshots).
 */
public final class HtmlReport {
    /** How many charts the page draws. */
    public static final int CHARTS = 7;

    /** The uPlot version inlined (the webjar's, cli/pom.xml). */
    public static final String UPLOT_VERSION = "1.6.30";

    private HtmlReport() {}

    /** The page. */
    public static String html(StressResult r) {
        // JSON and script inside <script>: "</" would end the element early.
        String data = JsonReport.toJson(r).replace("</", "<\\/");
        String status = r.interrupted() ? "INTERRUPTED by " + r.interruptedBy() + " after " + r.durationSeconds()
                + " s; " + (r.passed() ? "every invariant held" : r.invariantViolations().size() + " invariant(s) broken")
                : r.passed() ? "PASSED: every invariant held"
                : "FAILED: " + r.invariantViolations().size() + " invariant(s) broken";
        return PAGE.replace("%STATUS_CLASS%", !r.passed() ? "fail" : r.interrupted() ? "cut" : "pass")
                .replace("%STATUS%", escape(status))
                .replace("%COMMON_JS%", COMMON_JS)
                .replace("%CHECK_JS%", CHECK_JS)
                .replace("%UPLOT_JS%", uplotJs())
                .replace("%DATA%", data)
                .replace("%HEAD%", head("threadrt stress on " + r.platform() + ", " + r.durationSeconds() + " s"));
    }

    /**
     * The helpers both pages' scripts start with, inlined inside each page's own function: {@code n} (numbers for
     * people: thousands separators, at most {@code digits} decimals, 1 by default), {@code el} and {@code row}
     * (table rows, {@code head} for a header row), and {@code runRows(r)}: the run-table rows every result has
     * (start, version and schema, host, kernel, CPU, JDK), to which each page adds its own.
     */
    public static final String COMMON_JS = """
              var EN = 'en-US';
              function n(x, digits) {
                if (x === null || x === undefined || isNaN(x)) return '--';
                return Number(x).toLocaleString(EN, { maximumFractionDigits: digits === undefined ? 1 : digits });
              }
              function el(tag, text, cls) {
                var e = document.createElement(tag);
                if (text !== undefined) e.textContent = text;
                if (cls) e.className = cls;
                return e;
              }
              function row(table, cells, head) {
                var tr = el('tr');
                cells.forEach(function (c) { tr.appendChild(el(head ? 'th' : 'td', String(c))); });
                table.appendChild(tr);
                return tr;
              }
              function runRows(r) {
                var env = r.environment;
                return [['started', r.startedAt],
                        ['threadrt', r.toolVersion + ' (result schema ' + r.schemaVersion + ')'],
                        ['host', env.host],
                        ['kernel', env.os + ' ' + env.kernel + ' (' + env.arch + ')'],
                        ['CPU', env.cpuModel + ' \\u00d7 ' + n(env.cpus) + ' CPUs'],
                        ['JDK', env.jdk + ', ' + env.jvm + ' (' + env.jdkVendor + ')']];
              }
            """;

    /**
     * The page's first script: every JavaScript error (and unhandled rejection) is kept in {@code window.__errors},
     * shown in {@code <pre id="errors">} and counted in {@code <body data-errors>}. Shared with the bench page.
     */
    public static final String ERROR_CAPTURE_JS = """
            // Before anything else: every error ends up in the page, for people and for headless checks.
            window.__errors = [];
            window.onerror = function (msg, src, line, col) {
              window.__errors.push(msg + ' (' + (src || 'inline') + ':' + line + ':' + col + ')');
              var pre = document.getElementById('errors');
              if (pre) { pre.textContent = window.__errors.join('\\n'); pre.hidden = false; }
              if (document.body) { document.body.setAttribute('data-errors', String(window.__errors.length)); }
            };
            window.addEventListener('unhandledrejection', function (e) { window.onerror(String(e.reason), 'promise', 0, 0); });
            """;

    /**
     * The page's self-check, shared with the bench page: {@code selfCheck()}, called once the charts
     * ({@code window.__charts}, uPlot instances each with {@code __series}, their series' strokes) are made and
     * {@code window.__drawn()} counts their draw hooks, sets {@code data-charts-expected}, {@code -drawn},
     * {@code -nonblank} (a pixel of a series' colour in the plot area), {@code data-hover-ok} (the legend shows
     * numbers with the cursor in the middle) and {@code data-errors} on the body, and logs one console line.
     */
    public static final String CHECK_JS = """
            // Does the plot area hold a pixel of one of the chart's series colours? (Drawn, not just axes.)
            function nonBlank(u) {
              var c = u.ctx.canvas, b = u.bbox;
              var d = u.ctx.getImageData(b.left, b.top, Math.max(1, b.width), Math.max(1, b.height)).data;
              var want = u.__series.map(function (s) {
                var h = s.stroke.replace('#', '');
                return [parseInt(h.substr(0, 2), 16), parseInt(h.substr(2, 2), 16), parseInt(h.substr(4, 2), 16)];
              });
              for (var i = 0; i < d.length; i += 4) {
                if (d[i + 3] < 120) continue;
                for (var k = 0; k < want.length; k++) {
                  var w = want[k];
                  if (Math.abs(d[i] - w[0]) < 40 && Math.abs(d[i + 1] - w[1]) < 40 && Math.abs(d[i + 2] - w[2]) < 40) return true;
                }
              }
              return false;
            }

            // Hover: the cursor in the middle of the plot shows a number for every series in the legend.
            function hoverShowsValues(u) {
              var pr = uPlot.pxRatio || 1;
              u.setCursor({ left: u.bbox.width / pr / 2, top: u.bbox.height / pr / 2 });
              var vals = u.root.querySelectorAll('.u-legend .u-series .u-value');
              var ok = vals.length === u.series.length;
              for (var i = 1; i < vals.length; i++) { if (!/[0-9]/.test(vals[i].textContent)) ok = false; }
              if (location.hash !== '#hover') u.setCursor({ left: -10, top: -10 });
              return ok;
            }
            function selfCheck() {
              var charts = window.__charts, drawn = window.__drawn();
              var nb = charts.filter(nonBlank).length;
              var hover = charts.filter(hoverShowsValues).length;
              var drawnCharts = charts.filter(function (u) { return u.ctx && u.ctx.canvas.width > 0; }).length;
              document.body.setAttribute('data-charts-expected', String(charts.length));
              document.body.setAttribute('data-charts-drawn', String(drawn >= charts.length ? drawnCharts : 0));
              document.body.setAttribute('data-charts-nonblank', String(nb));
              document.body.setAttribute('data-hover-ok', String(hover));
              document.body.setAttribute('data-errors', String(window.__errors.length));
              console.log('threadrt-report: ' + charts.length + ' charts, ' + drawnCharts + ' drawn, ' + nb + ' non-blank, '
                + hover + ' with hover values, ' + window.__errors.length + ' errors');
            }
            """;

    /** The pages' shared style (the bench page adds to it): cards in a grid, uPlot's legend, tables. */
    public static final String PAGE_CSS = """
            body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px; color: #1d2430; background: #f6f7f9; }
            .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 16px; }
            .card { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: 12px 14px; min-width: 0; }
            .card h2 { font-size: 14px; margin: 0 0 2px; color: #334; }
            .card .what { color: #5a6474; font-size: 12px; margin-bottom: 6px; }
            .chart { width: 100%; }
            .u-legend { font-size: 12px; text-align: left; }
            .u-legend .u-value { font-variant-numeric: tabular-nums; }
            table.t { border-collapse: collapse; width: 100%; }
            table.t td, table.t th { padding: 3px 8px; border-bottom: 1px solid #eef0f3; text-align: right; font-variant-numeric: tabular-nums; vertical-align: top; }
            table.t td:first-child, table.t th:first-child { text-align: left; }
            table.meta td:nth-child(2) { text-align: left; word-break: break-word; }
            .ok { color: #146c2e; } .bad { color: #a61b1b; font-weight: 600; }
            #errors { color: #a61b1b; background: #fff0f0; padding: 8px; }
            """;

    /**
     * The start of a page, shared with the bench page: the title, the error capture, uPlot's style and
     * {@link #PAGE_CSS}, ending inside an open {@code <style>} element that the page adds its own rules to.
     */
    public static String head(String title) {
        return HEAD.replace("%TITLE%", escape(title)).replace("%ERROR_CAPTURE_JS%", ERROR_CAPTURE_JS)
                .replace("%PAGE_CSS%", PAGE_CSS).replace("%UPLOT_CSS%", uplotCss());
    }

    private static final String HEAD = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>%TITLE%</title>
            <script>
            %ERROR_CAPTURE_JS%
            </script>
            <style>
            /* uPlot %UPLOT_VERSION% (MIT licence), inlined */
            %UPLOT_CSS%
            </style>
            <style>
            %PAGE_CSS%""".replace("%UPLOT_VERSION%", UPLOT_VERSION);

    /** uPlot's style sheet, as the jar has it. */
    public static String uplotCss() {
        return resource("uPlot.min.css");
    }

    /** uPlot's script, safe to inline in a {@code <script>} element. */
    public static String uplotJs() {
        return resource("uPlot.iife.min.js").replace("</script", "<\\/script");
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar (cli/pom.xml unpacks uPlot "
                        + UPLOT_VERSION + " into org/threadrt/stress at generate-resources)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String PAGE = """
            %HEAD%
            h1 { font-size: 20px; margin: 0 0 4px; }
            .status { display: inline-block; padding: 4px 10px; border-radius: 4px; font-weight: 600; margin: 8px 0 16px; }
            .pass { background: #d9f2e1; color: #146c2e; }
            .fail { background: #fbe0e0; color: #a61b1b; }
            .cut { background: #fff1cc; color: #7a5300; }
            </style>
            </head>
            <body data-charts-expected="0" data-charts-drawn="0" data-charts-nonblank="0" data-hover-ok="0" data-errors="0">
            <h1 id="title"></h1>
            <div class="status %STATUS_CLASS%" id="status">%STATUS%</div>
            <pre id="errors" hidden></pre>
            <div class="grid">
              <div class="card"><h2>Run</h2><table class="t meta" id="meta"></table></div>
              <div class="card"><h2>Summary</h2><table class="t" id="summary"></table></div>
              <div class="card"><h2>Live Ms and freem</h2><div class="what">Ms alive, and exited Ms whose stacks are not yet reaped, at each sample</div><div class="chart" id="c-ms"></div></div>
              <div class="card"><h2>Thread churn</h2><div class="what">threads created, exited and stacks reaped per second; on a healthy run the three coincide (widths and dashes differ so each stays visible; the next chart shows how far apart they are)</div><div class="chart" id="c-rates"></div></div>
              <div class="card"><h2>Threads behind creation</h2><div class="what">created &minus; exited (Ms not yet ended) and exited &minus; reaped (stacks waiting for the reaper), from the running totals</div><div class="chart" id="c-lag"></div></div>
              <div class="card"><h2>Tasks</h2><div class="what">tasks completed per second (churn, pool, idle and lock's Java side)</div><div class="chart" id="c-tasks"></div></div>
              <div class="card"><h2>Callbacks from native threads</h2><div class="what">callbacks per second</div><div class="chart" id="c-callbacks"></div></div>
              <div class="card"><h2>Shared RuntimeLock</h2><div class="what">increments under the lock per second, Java Ms and C threads</div><div class="chart" id="c-lock"></div></div>
              <div class="card"><h2>Memory</h2><div class="what">resident set size of the process</div><div class="chart" id="c-rss"></div></div>
              <div class="card"><h2>Workloads</h2><table class="t" id="workloads"></table></div>
              <div class="card"><h2>Invariants</h2><table class="t" id="invariants"></table></div>
              <div class="card"><h2>After shutdown</h2><table class="t" id="leaks"></table></div>
              <div class="card" id="comparison-card" hidden><h2>Against the baseline</h2><table class="t" id="comparison"></table></div>
            </div>
            <script>
            %UPLOT_JS%
            </script>
            <script type="application/json" id="data">%DATA%</script>
            <script>
            (function () {
              'use strict';
              var r = JSON.parse(document.getElementById('data').textContent);
              var S = r.samples || [];
              %COMMON_JS%
              function col(name) { return S.map(function (s) { return s[name]; }); }

              var INT_INCRS = [];
              [1, 2, 5].forEach(function (m) { for (var p = 1; p <= 1e12; p *= 10) INT_INCRS.push(m * p); });
              INT_INCRS.sort(function (a, b) { return a - b; });

              var charts = [], drawn = 0;
              // One chart: series [{label, values, stroke, width, dash}] against the samples' time.
              function chart(id, yTitle, unit, series, integer) {
                var host = document.getElementById(id);
                var xs = col('elapsedSeconds');
                var opts = {
                  width: Math.max(320, (host.clientWidth || 560)),
                  height: 230,
                  scales: {
                    x: { time: false },
                    y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.08 : 1]; } }
                  },
                  axes: [
                    { label: 'time since the start (s)', labelSize: 22, incrs: INT_INCRS, values: function (u, v) { return v.map(function (x) { return n(x) + ' s'; }); } },
                    { label: yTitle, labelSize: 22, size: 78, incrs: integer ? INT_INCRS : undefined,
                      values: function (u, v) { return v.map(function (x) { return n(x, integer ? 0 : 1); }); } }
                  ],
                  series: [{ label: 'time', value: function (u, v) { return v == null ? '--' : n(v) + ' s'; } }].concat(series.map(function (s) {
                    return { label: s.label, stroke: s.stroke, width: s.width || 2, dash: s.dash,
                             points: { show: xs.length < 3, size: 6 },
                             value: function (u, v) { return v == null ? '--' : n(v, integer ? 0 : 1) + (unit ? ' ' + unit : ''); } };
                  })),
                  legend: { live: true },
                  hooks: { draw: [function () { drawn++; }] }
                };
                var u = new uPlot(opts, [xs].concat(series.map(function (s) { return s.values; })), host);
                u.__series = series;
                charts.push(u);
                return u;
              }

              window.__charts = charts;
              window.__drawn = function () { return drawn; };

              var env = r.environment, o = r.options;
              document.getElementById('title').textContent = 'threadrt stress on ' + r.platform + ': ' + n(r.durationSeconds) + ' s';
              var meta = document.getElementById('meta');
              runRows(r).concat([
               ['options', 'duration ' + n(o.durationSeconds) + ' s, workloads ' + o.workloads.join(', ') + ', stack ' + o.stack
                  + ', callback mode ' + o.callbackMode + ', maxThreads ' + n(o.maxThreads) + ', seed ' + o.seed],
               ['command line', 'threadrt ' + o.arguments.join(' ')],
               ['CPU time', (r.cpu.userSeconds != null ? 'user ' + n(r.cpu.userSeconds, 2) + ' s, system ' + n(r.cpu.systemSeconds, 2) + ' s, ' : '')
                  + 'total ' + n(r.cpu.totalSeconds, 2) + ' s (' + n(r.cpu.utilizationPercent, 0) + '% of ' + n(env.cpus) + ' CPUs)']
              ]).concat(r.unavailable.map(function (u) { return ['unavailable', u]; }))
               .forEach(function (x) { row(meta, x); });

              var created = col('threadsCreated'), exited = col('threadsExited'), reaped = col('stacksReaped');
              chart('c-ms', 'Ms (count)', '', [
                { label: 'live Ms', values: col('liveMs'), stroke: '#2f6fdb' },
                { label: 'freem length', values: col('freemLength'), stroke: '#e0742a' }], true);
              chart('c-rates', 'threads per second', '/s', [
                { label: 'created', values: col('threadsCreatedPerSecond'), stroke: '#9cc0f5', width: 6 },
                { label: 'exited', values: col('threadsExitedPerSecond'), stroke: '#e0742a', width: 2.5, dash: [10, 6] },
                { label: 'stacks reaped', values: col('stacksReapedPerSecond'), stroke: '#1d6b3a', width: 1.5, dash: [2, 3] }], true);
              chart('c-lag', 'threads (count)', '', [
                { label: 'created \\u2212 exited', values: created.map(function (c, i) { return c - exited[i]; }), stroke: '#2f6fdb' },
                { label: 'exited \\u2212 reaped', values: exited.map(function (e, i) { return e - reaped[i]; }), stroke: '#c23b3b' }], true);
              chart('c-tasks', 'tasks per second', '/s', [
                { label: 'tasks completed', values: col('tasksCompletedPerSecond'), stroke: '#2e9e5b' }], true);
              chart('c-callbacks', 'callbacks per second', '/s', [
                { label: 'callbacks', values: col('callbacksPerSecond'), stroke: '#9b4dca' }], true);
              chart('c-lock', 'increments per second', '/s', [
                { label: 'lock ops', values: col('lockOpsPerSecond'), stroke: '#b5651d' }], true);
              chart('c-rss', 'RSS (MiB)', 'MiB', [
                { label: 'RSS', values: col('rssBytes').map(function (b) { return b < 0 ? null : b / 1048576; }), stroke: '#c23b3b' }], false);

              var t = r.totals, pr = r.rates, sum = document.getElementById('summary');
              row(sum, ['', 'total', 'per second'], true);
              [['threads created', t.threadsCreated, pr.threadsCreatedPerSecond], ['threads exited', t.threadsExited, pr.threadsExitedPerSecond],
               ['stacks reaped', t.stacksReaped, pr.stacksReapedPerSecond], ['tasks completed', t.tasksCompleted, pr.tasksCompletedPerSecond],
               ['callbacks', t.callbacks, pr.callbacksPerSecond], ['lock ops', t.lockOps, pr.lockOpsPerSecond],
               ['BARE threads', t.bareThreads, pr.bareThreadsPerSecond]
              ].forEach(function (x) { row(sum, [x[0], n(x[1], 0), n(x[2], 0)]); });
              row(sum, ['idle exits / locked exits', n(t.idleExits, 0) + ' / ' + n(t.lockedExits, 0), '']);
              row(sum, ['thread starts refused', n(t.threadStartFailures, 0), '']);
              row(sum, ['peak live Ms / freem', n(r.peaks.liveMs, 0) + ' / ' + n(r.peaks.freemLength, 0), '']);
              row(sum, ['peak RSS', r.peaks.rssBytes < 0 ? 'unknown' : n(r.peaks.rssBytes / 1048576, 0) + ' MiB', '']);

              var wl = document.getElementById('workloads');
              row(wl, ['workload', 'instances', 'max in flight', 'operations', 'per second'], true);
              r.perWorkload.forEach(function (w) {
                row(wl, [w.workload, n(w.instances, 0), n(w.maxInFlight, 0), n(w.operations, 0), n(w.operationsPerSecond, 0)]).title = 'one operation: ' + w.operation;
              });

              var inv = document.getElementById('invariants');
              var broken = {};
              r.invariantViolations.forEach(function (v) { broken[v.invariant] = v; });
              r.invariantsChecked.forEach(function (name) {
                var v = broken[name];
                var tr = el('tr');
                tr.appendChild(el('td', name));
                tr.appendChild(el('td', v ? 'BROKEN: ' + v.message : 'holds', v ? 'bad' : 'ok'));
                inv.appendChild(tr);
              });

              var lk = document.getElementById('leaks');
              row(lk, ['', 'before', 'after', 'leaked'], true);
              row(lk, ['OS threads (ours)', n(r.baseline.osThreadsOurs, 0), n(r.after.osThreadsOurs, 0), n(r.leaks.osThreads, 0)]);
              row(lk, ['JVM threads (ours)', n(r.baseline.jvmThreadsOurs, 0), n(r.after.jvmThreadsOurs, 0), n(r.leaks.jvmThreads, 0)]);
              row(lk, ['stack mappings', '', '', n(r.leaks.stackMappings, 0)]);

              if (r.comparison) {
                var cmp = document.getElementById('comparison');
                document.getElementById('comparison-card').hidden = false;
                row(cmp, ['rate', 'baseline /s', 'this run /s', 'ratio'], true);
                r.comparison.ratios.forEach(function (x) {
                  var tr = row(cmp, [x.rate, n(x.baselinePerSecond, 0), n(x.perSecond, 0), n(x.ratio, 2) + '\\u00d7']);
                  if (x.belowMinimum) tr.className = 'bad';
                });
              }

              // uPlot draws in a microtask after construction: check once the current task is done.
              setTimeout(selfCheck, 0);
            })();

            %CHECK_JS%
            </script>
            </body>
            </html>
            """.replace("%UPLOT_VERSION%", UPLOT_VERSION);
}
