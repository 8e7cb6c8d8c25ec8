package org.threadrt.bench;

import org.threadrt.stress.HtmlReport;

/**
 * The {@code bench --report} page: one self-contained HTML file (uPlot inlined, as in the stress report, and the
 * run's JSON result inlined as data) with the run's metadata, the table of rows and, after {@code --scale},
 * its charts, each figure beside its anchor:
 *
 * <ul>
 *   <li>M churn and dispatch against the number of live threads (x on an arcsinh scale, which is logarithmic
 *       away from 0 and still draws the level 0), in µs per operation;</li>
 *   <li>the round trip against the pool's threads, in µs;</li>
 *   <li>callback throughput (million calls per second, all threads together) and the slowest thread's share
 *       against the long-lived native threads calling back.</li>
 * </ul>
 *
 * Axis titles carry units; uPlot's live legend shows every series' value under the cursor. The page checks
 * itself as the stress report does ({@link HtmlReport#CHECK_JS}: {@code data-charts-drawn} and the rest on the
 * body), so a headless browser can tell that every chart drew.
 */
public final class BenchHtml {
    private BenchHtml() {
    }

    /** The charts of a {@code --scale} page (a page without --scale has none). */
    public static final int SCALE_CHARTS = 5;

    /** The page of a run: {@code json} is its JSON result ({@link Report#toJson}), {@code report} its table. */
    public static String html(String json, Report report) {
        String data = json.replace("</", "<\\/");
        return PAGE.replace("%COMMON_JS%", HtmlReport.COMMON_JS)
                .replace("%CHECK_JS%", HtmlReport.CHECK_JS)
                .replace("%UPLOT_JS%", HtmlReport.uplotJs())
                .replace("%ROWS%", rows(report))
                .replace("%DATA%", data)
                .replace("%HEAD%", HtmlReport.head("threadrt bench" + (report.rows().isEmpty() ? "" : ", " + report.rows().size() + " rows")));
    }

    /** The table rows, as the text table has them (the page only formats numbers that the JSON lacks). */
    private static String rows(Report report) {
        StringBuilder b = new StringBuilder();
        b.append("<tr><th>group</th><th>threadrt</th><th>median</th><th>anchor</th><th>median</th><th>ratio</th>"
                + "<th>target</th><th></th></tr>\n");
        for (Report.Row r : report.rows()) {
            Double ratio = report.ratio(r);
            String verdict = report.verdict(r);
            b.append("<tr><td>").append(HtmlReport.escape(r.group())).append("</td><td>")
                    .append(HtmlReport.escape(report.rowLabel(r))).append("</td><td>")
                    .append(HtmlReport.escape(report.medianText(r.threadrt()))).append("</td><td>")
                    .append(HtmlReport.escape(report.anchorLabel(r))).append("</td><td>")
                    .append(HtmlReport.escape(r.anchor() == null ? "" : report.medianText(r.anchor()))).append("</td><td>")
                    .append(ratio == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f&times;", ratio))
                    .append("</td><td>").append(HtmlReport.escape(r.target() == null ? "" : r.target()))
                    .append("</td><td class=\"").append(verdict.equals("MISSED") ? "bad" : "ok").append("\">")
                    .append(HtmlReport.escape(verdict)).append("</td></tr>\n");
        }
        return b.toString();
    }

    private static final String PAGE = """
            %HEAD%
            h1 { font-size: 20px; margin: 0 0 12px; }
            .wide { grid-column: 1 / -1; }
            table.t td:nth-child(2), table.t td:nth-child(4), table.t td:first-child, table.t th { text-align: left; }
            </style>
            </head>
            <body data-charts-expected="0" data-charts-drawn="0" data-charts-nonblank="0" data-hover-ok="0" data-errors="0">
            <h1 id="title"></h1>
            <pre id="errors" hidden></pre>
            <div class="grid">
              <div class="card"><h2>Run</h2><table class="t meta" id="meta"></table></div>
              <div class="card" id="c-churn-card" hidden><h2>M churn against live Ms</h2><div class="what">one thread's whole life (create, run a task, exit, waited for), with N other threads alive and blocked: an M with N live Ms against a Java thread with N live Java threads; threads of 256 KiB stacks</div><div class="chart" id="c-churn"></div></div>
              <div class="card" id="c-dispatch-card" hidden><h2>Dispatch against live Ms</h2><div class="what">submit(() -&gt; null).get() to an idle thread with N other threads alive and blocked: threadrt with N live Ms against a ThreadPoolExecutor with N blocked workers</div><div class="chart" id="c-dispatch"></div></div>
              <div class="card" id="c-roundtrip-card" hidden><h2>Round trip against pool threads</h2><div class="what">submit(() -&gt; null).get() to an idle M (maxThreads = pool threads) against a ThreadPoolExecutor of the same size</div><div class="chart" id="c-roundtrip"></div></div>
              <div class="card" id="c-cb-card" hidden><h2>Callback throughput against callback threads</h2><div class="what">calls per second of all long-lived native threads together, each calling its callback in a loop</div><div class="chart" id="c-cb"></div></div>
              <div class="card" id="c-share-card" hidden><h2>Slowest callback thread's share</h2><div class="what">the slowest thread's calls over the fastest's while all of them were calling (1.00: every thread kept pace; 0: one had not started when another had finished its batch)</div><div class="chart" id="c-share"></div></div>
              <div class="card wide"><h2>Figures and anchors</h2><div class="what">medians of interleaved repetitions; ratio = threadrt / anchor of the time (or memory) per operation: below 1.00&times; threadrt is faster; growth = that ratio over the same ratio at the first level of live threads</div><table class="t" id="rows">
            %ROWS%</table></div>
            </div>
            <script>
            %UPLOT_JS%
            </script>
            <script type="application/json" id="data">%DATA%</script>
            <script>
            (function () {
              'use strict';
              var r = JSON.parse(document.getElementById('data').textContent);
              %COMMON_JS%
              // Three significant digits: the figures of one chart may lie decades apart.
              function sig(x) {
                if (x === null || x === undefined || isNaN(x)) return '--';
                return Number(x).toLocaleString(EN, { maximumSignificantDigits: 3 });
              }
              var median = {};
              r.measurements.forEach(function (m) { median[m.id] = m.status === 'ok' ? m.median : null; });
              function med(id, f) { var v = median[id]; return v === null || v === undefined ? null : f(v); }

              var charts = [], drawn = 0;
              // One chart: y against x (an arcsinh scale: logarithmic away from 0, and 0 still drawn).
              function chart(id, xs, xTitle, yTitle, unit, series) {
                var host = document.getElementById(id);
                document.getElementById(id + '-card').hidden = false;
                var opts = {
                  width: Math.max(320, (host.clientWidth || 560)),
                  height: 240,
                  scales: {
                    x: { time: false, distr: 4, log: 10, asinh: 1 },
                    y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } }
                  },
                  axes: [
                    // the measured sizes are the ticks; uPlot's log filter would blank those that are not 1, 2 or 5 x 10^k
                    { label: xTitle, labelSize: 22, splits: function () { return xs; }, filter: function (u, splits) { return splits; },
                      values: function (u, v) { return v.map(function (x) { return n(x, 0); }); } },
                    { label: yTitle, labelSize: 22, size: 70, values: function (u, v) { return v.map(sig); } }
                  ],
                  series: [{ label: xTitle, value: function (u, v) { return v == null ? '--' : n(v, 0); } }].concat(series.map(function (s) {
                    return { label: s.label, stroke: s.stroke, width: 2, dash: s.dash, points: { show: true, size: 7, fill: s.stroke },
                             value: function (u, v) { return v == null ? '--' : sig(v) + (unit ? ' ' + unit : ''); } };
                  })),
                  legend: { live: true },
                  hooks: { draw: [function () { drawn++; }] }
                };
                var u = new uPlot(opts, [xs].concat(series.map(function (s) { return s.values; })), host);
                u.__series = series;
                charts.push(u);
              }

              var o = r.options;
              document.getElementById('title').textContent = 'threadrt bench' + (o.scaleRun ? ' --scale' : '') + ' on '
                + r.platform + ': ' + n(r.durationSeconds) + ' s';
              var meta = document.getElementById('meta');
              runRows(r).concat([
               ['repetitions', n(o.repetitions, 0) + ', batches of ~' + n(o.batchMillis) + ' ms'],
               ['command line', 'threadrt ' + o.arguments.join(' ')]
              ]).forEach(function (x) { row(meta, x); });

              var z = o.scaleSizes;
              if (z) {
                var us = function (v) { return v / 1000; };
                var live = z.liveMs;
                chart('c-churn', live, 'live threads (count, arcsinh scale)', 'µs per thread', 'µs', [
                  { label: 'M create+task+exit, N live Ms', values: live.map(function (k) { return med('scale.live.m-churn-' + k, us); }), stroke: '#2f6fdb' },
                  { label: 'Java thread start+join, N live Java threads', values: live.map(function (k) { return med('scale.live.java-churn-' + k, us); }), stroke: '#e0742a', dash: [8, 5] }]);
                chart('c-dispatch', live, 'live threads (count, arcsinh scale)', 'µs per round trip', 'µs', [
                  { label: 'threadrt, N live Ms', values: live.map(function (k) { return med('scale.live.threadrt-dispatch-' + k, us); }), stroke: '#2f6fdb' },
                  { label: 'ThreadPoolExecutor, N blocked workers', values: live.map(function (k) { return med('scale.live.pool-dispatch-' + k, us); }), stroke: '#e0742a', dash: [8, 5] }]);
                chart('c-roundtrip', z.poolThreads, 'pool threads (count, arcsinh scale)', 'µs per round trip', 'µs', [
                  { label: 'threadrt, idle M', values: z.poolThreads.map(function (k) { return med('scale.roundtrip.threadrt-' + k, us); }), stroke: '#2f6fdb' },
                  { label: 'ThreadPoolExecutor', values: z.poolThreads.map(function (k) { return med('scale.roundtrip.tpe-' + k, us); }), stroke: '#e0742a', dash: [8, 5] }]);
                var cb = z.callbackThreads;
                var mps = function (v) { return 1000 / v; }; // ns per call -> million calls per second
                var kinds = [['ffm', 'plain FFM upcall (anchor)', '#e0742a', [8, 5]], ['cached', 'threadrt CACHED', '#2f6fdb'],
                             ['per-call', 'threadrt PER_CALL', '#9b4dca']];
                chart('c-cb', cb, 'long-lived native threads calling back (count, arcsinh scale)', 'million calls per second', 'M calls/s',
                  kinds.map(function (k) { return { label: k[1], values: cb.map(function (t) { return med('scale.callback.' + k[0] + '-' + t, mps); }), stroke: k[2], dash: k[3] }; }));
                chart('c-share', cb, 'long-lived native threads calling back (count, arcsinh scale)', 'share (1 = fair)', '',
                  kinds.map(function (k) { return { label: k[1], values: cb.map(function (t) { return med('scale.callback.' + k[0] + '-' + t + '.share', function (v) { return v; }); }), stroke: k[2], dash: k[3] }; }));
              }
              window.__charts = charts;
              window.__drawn = function () { return drawn; };
              // uPlot draws in a microtask after construction: check once the current task is done.
              setTimeout(selfCheck, 0);
            })();

            %CHECK_JS%
            </script>
            </body>
            </html>
            """;
}
