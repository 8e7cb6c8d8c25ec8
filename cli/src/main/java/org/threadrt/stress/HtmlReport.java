package org.threadrt.stress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --report} file: one self-contained HTML page (no network, no external script) with the
 * run's time series drawn on canvases and its summary. The page records what happened when it loaded,
 * for headless checks: {@code <body data-charts-drawn="N" data-charts-nonblank="N" data-errors="E">},
 * a console line {@code threadrt-report: drawn N charts}, and every JavaScript error in
 * {@code <pre id="errors">}.
 */
public final class HtmlReport {
    /** How many charts the page draws. */
    public static final int CHARTS = 6;

    private HtmlReport() {}

    /** Writes the report of a run (parent folders made). */
    public static void write(StressResult r, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, html(r));
    }

    /** The page. */
    public static String html(StressResult r) {
        // JSON inside <script>: "</" would end the element early.
        String data = JsonReport.toJson(r).replace("</", "<\\/");
        String status = r.passed() ? "PASSED: every invariant held"
                : "FAILED: " + r.invariantViolations().size() + " invariant(s) broken";
        return PAGE.replace("%STATUS_CLASS%", r.passed() ? "pass" : "fail")
                .replace("%STATUS%", escape(status))
                .replace("%TITLE%", escape("threadrt stress on " + r.platform() + ", " + r.durationSeconds() + " s"))
                .replace("%DATA%", data);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>%TITLE%</title>
            <script>
            // Before anything else: every error ends up in the page, for people and for headless checks.
            window.__errors = [];
            window.onerror = function (msg, src, line, col) {
              window.__errors.push(msg + ' (' + (src || 'inline') + ':' + line + ':' + col + ')');
              var pre = document.getElementById('errors');
              if (pre) { pre.textContent = window.__errors.join('\\n'); pre.hidden = false; }
              if (document.body) { document.body.setAttribute('data-errors', String(window.__errors.length)); }
            };
            window.addEventListener('unhandledrejection', function (e) { window.onerror(String(e.reason), 'promise', 0, 0); });
            </script>
            <style>
            body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px; color: #1d2430; background: #f6f7f9; }
            h1 { font-size: 20px; margin: 0 0 4px; }
            .sub { color: #5a6474; margin-bottom: 16px; }
            .status { display: inline-block; padding: 4px 10px; border-radius: 4px; font-weight: 600; margin-bottom: 16px; }
            .pass { background: #d9f2e1; color: #146c2e; }
            .fail { background: #fbe0e0; color: #a61b1b; }
            .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
            .card { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: 12px 14px; }
            .card h2 { font-size: 14px; margin: 0 0 8px; color: #334; }
            canvas { width: 100%; height: 220px; display: block; }
            table { border-collapse: collapse; width: 100%; }
            td, th { padding: 3px 8px; border-bottom: 1px solid #eef0f3; text-align: right; font-variant-numeric: tabular-nums; }
            td:first-child, th:first-child { text-align: left; }
            .ok { color: #146c2e; } .bad { color: #a61b1b; font-weight: 600; }
            #errors { color: #a61b1b; background: #fff0f0; padding: 8px; }
            code { background: #eef0f3; padding: 0 3px; border-radius: 3px; }
            </style>
            </head>
            <body data-charts-drawn="0" data-charts-nonblank="0" data-errors="0">
            <h1 id="title"></h1>
            <div class="sub" id="subtitle"></div>
            <div class="status %STATUS_CLASS%" id="status">%STATUS%</div>
            <pre id="errors" hidden></pre>
            <div class="grid">
              <div class="card"><h2>Live Ms and freem length</h2><canvas id="c-ms"></canvas></div>
              <div class="card"><h2>Threads created, exited, stacks reaped (per second)</h2><canvas id="c-rates"></canvas></div>
              <div class="card"><h2>Callbacks from native threads (per second)</h2><canvas id="c-callbacks"></canvas></div>
              <div class="card"><h2>Lock operations under the shared RuntimeLock (per second)</h2><canvas id="c-lock"></canvas></div>
              <div class="card"><h2>Tasks completed (per second)</h2><canvas id="c-tasks"></canvas></div>
              <div class="card"><h2>Resident set size (MiB)</h2><canvas id="c-rss"></canvas></div>
              <div class="card"><h2>Summary</h2><table id="summary"></table></div>
              <div class="card"><h2>Invariants</h2><table id="invariants"></table></div>
              <div class="card"><h2>After shutdown</h2><table id="leaks"></table></div>
            </div>
            <script type="application/json" id="data">%DATA%</script>
            <script>
            (function () {
              'use strict';
              var r = JSON.parse(document.getElementById('data').textContent);
              var S = r.samples || [];
              var COLORS = ['#2f6fdb', '#e0742a', '#2e9e5b', '#9b4dca', '#c23b3b'];

              function fmt(x) {
                var a = Math.abs(x);
                if (a >= 1e9) return (x / 1e9).toFixed(2) + 'G';
                if (a >= 1e6) return (x / 1e6).toFixed(2) + 'M';
                if (a >= 1e3) return (x / 1e3).toFixed(1) + 'k';
                return (Math.round(x * 10) / 10).toString();
              }
              function el(tag, text, cls) {
                var e = document.createElement(tag);
                if (text !== undefined) e.textContent = text;
                if (cls) e.className = cls;
                return e;
              }
              function row(table, cells, cls) {
                var tr = el('tr');
                cells.forEach(function (c, i) { tr.appendChild(el(i === 0 && cls === 'head' ? 'th' : 'td', c, i > 0 ? cls : undefined)); });
                table.appendChild(tr);
              }
              function niceMax(v) {
                if (!(v > 0)) return 1;
                var p = Math.pow(10, Math.floor(Math.log10(v)));
                var m = v / p;
                return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
              }

              // A line chart of series [{name, values}] against S[i].t, on a canvas sized for the device.
              function chart(id, series) {
                var c = document.getElementById(id);
                var dpr = window.devicePixelRatio || 1;
                var w = c.clientWidth || 520, h = c.clientHeight || 220;
                c.width = Math.round(w * dpr); c.height = Math.round(h * dpr);
                var g = c.getContext('2d');
                g.scale(dpr, dpr);
                var L = 56, R = 10, T = 22, B = 26;
                var xs = S.map(function (s) { return s.t; });
                var xmax = Math.max(1, xs.length ? xs[xs.length - 1] : 1);
                var ymax = 0;
                series.forEach(function (se) { se.values.forEach(function (v) { if (v > ymax) ymax = v; }); });
                ymax = niceMax(ymax * 1.05);
                function X(t) { return L + (w - L - R) * t / xmax; }
                function Y(v) { return T + (h - T - B) * (1 - v / ymax); }
                g.fillStyle = '#fff'; g.fillRect(0, 0, w, h);
                g.strokeStyle = '#e4e7ec'; g.fillStyle = '#5a6474'; g.font = '11px system-ui, sans-serif';
                g.lineWidth = 1;
                for (var i = 0; i <= 4; i++) {
                  var v = ymax * i / 4, y = Y(v);
                  g.beginPath(); g.moveTo(L, y); g.lineTo(w - R, y); g.stroke();
                  g.textAlign = 'right'; g.textBaseline = 'middle'; g.fillText(fmt(v), L - 6, y);
                }
                for (var k = 0; k <= 5; k++) {
                  var t = xmax * k / 5, x = X(t);
                  g.textAlign = 'center'; g.textBaseline = 'top'; g.fillText(t.toFixed(t < 10 ? 1 : 0) + 's', x, h - B + 6);
                }
                g.strokeStyle = '#9aa3b1'; g.beginPath(); g.moveTo(L, T); g.lineTo(L, h - B); g.lineTo(w - R, h - B); g.stroke();
                var lx = L + 4;
                series.forEach(function (se, si) {
                  var col = COLORS[si % COLORS.length];
                  g.strokeStyle = col; g.lineWidth = 1.8; g.beginPath();
                  se.values.forEach(function (v, j) { var x = X(xs[j]), y = Y(v); if (j === 0) g.moveTo(x, y); else g.lineTo(x, y); });
                  g.stroke();
                  if (se.values.length === 1) { g.fillStyle = col; g.fillRect(X(xs[0]) - 2, Y(se.values[0]) - 2, 4, 4); }
                  g.fillStyle = col; g.fillRect(lx, 6, 10, 3);
                  g.fillStyle = '#334'; g.textAlign = 'left'; g.textBaseline = 'middle';
                  g.fillText(se.name, lx + 14, 8);
                  lx += 24 + g.measureText(se.name).width;
                });
                if (!S.length) { g.fillStyle = '#5a6474'; g.textAlign = 'center'; g.fillText('no samples (run shorter than 1 s)', w / 2, h / 2); }
                return c;
              }
              function nonBlank(c) {
                var g = c.getContext('2d');
                var d = g.getImageData(0, 0, c.width, c.height).data;
                for (var i = 0; i < d.length; i += 4) {
                  if (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250) return true;
                }
                return false;
              }
              function col(name) { return S.map(function (s) { return s[name]; }); }

              document.getElementById('title').textContent = 'threadrt stress: ' + r.platform;
              document.getElementById('subtitle').textContent = r.durationSeconds + ' s, workloads ' + r.workloads.join(', ')
                + ', stack ' + r.stack + ', callback mode ' + r.callbackMode + ', maxThreads ' + r.maxThreads + ', seed ' + r.seed
                + (r.unavailable.length ? ' | unavailable: ' + r.unavailable.join('; ') : '');

              var canvases = [
                chart('c-ms', [{ name: 'live Ms', values: col('liveMs') }, { name: 'freem length', values: col('freem') }]),
                chart('c-rates', [{ name: 'created/s', values: col('created') }, { name: 'exited/s', values: col('exited') },
                                  { name: 'reaped/s', values: col('reaped') }]),
                chart('c-callbacks', [{ name: 'callbacks/s', values: col('callbacks') }]),
                chart('c-lock', [{ name: 'lock ops/s', values: col('lockOps') }]),
                chart('c-tasks', [{ name: 'tasks/s', values: col('tasks') }]),
                chart('c-rss', [{ name: 'RSS MiB', values: col('rssBytes').map(function (b) { return b / 1048576; }) }])
              ];

              var sum = document.getElementById('summary');
              row(sum, ['', 'total', 'per second'], 'head');
              [['threads created', 'threadsCreated', 'threadsCreated'], ['threads exited', 'threadsExited', 'threadsExited'],
               ['stacks reaped', 'stacksReaped', 'stacksReaped'], ['tasks completed', 'tasksCompleted', 'tasksCompleted'],
               ['callbacks', 'callbacks', 'callbacks'], ['lock ops', 'lockOps', 'lockOps'], ['BARE threads', 'bareThreads', 'bareThreads']
              ].forEach(function (x) { row(sum, [x[0], r[x[1]].toLocaleString('en-US'), fmt(r.rates[x[2]])]); });
              row(sum, ['idle exits / locked exits', r.idleExits + ' / ' + r.lockedExits, '']);
              row(sum, ['peak live Ms / freem', r.peakLiveMs + ' / ' + r.peakFreem, '']);
              row(sum, ['peak RSS', (r.peakRssBytes / 1048576).toFixed(0) + ' MiB', '']);

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
              row(lk, ['', 'before', 'after', 'leaked'], 'head');
              row(lk, ['OS threads (ours)', r.baseline.osThreadsOurs, r.after.osThreadsOurs, r.leaks.osThreads]);
              row(lk, ['JVM threads (ours)', r.baseline.jvmThreadsOurs, r.after.jvmThreadsOurs, r.leaks.jvmThreads]);
              row(lk, ['stack mappings', '', '', r.leaks.stackMappings]);

              var drawn = canvases.length, nb = canvases.filter(nonBlank).length;
              document.body.setAttribute('data-charts-drawn', String(drawn));
              document.body.setAttribute('data-charts-nonblank', String(nb));
              document.body.setAttribute('data-errors', String(window.__errors.length));
              console.log('threadrt-report: drawn ' + drawn + ' charts, ' + nb + ' non-blank, ' + window.__errors.length + ' errors');
            })();
            </script>
            </body>
            </html>
            """;
}
