/**
 * The report's whole style sheet, inlined so the file needs nothing else. System fonts only: an external or
 * embedded web font would make the file either dependent on the network or much larger.
 */
export const REPORT_CSS = `
:root {
  --fg: #111827; --muted: #6b7280; --line: #e5e7eb; --bg: #f4f5f7; --card: #fff;
  --good: #15803d; --good-bg: #f0fdf4; --bad: #b91c1c; --bad-bg: #fef2f2; --accent: #2563eb;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 1100px; margin: 0 auto; padding: 32px 24px 40px; }
header.report-head { margin: 0 0 8px; }
header.report-head h1 { font-size: 26px; line-height: 1.25; margin: 0 0 4px; letter-spacing: -0.01em; }
header.report-head .subtitle { color: var(--muted); margin: 0; font-size: 15px; }
nav.toc { margin: 14px 0 0; display: flex; flex-wrap: wrap; gap: 6px; }
nav.toc a {
  font-size: 12.5px; color: #374151; text-decoration: none; background: #fff; border: 1px solid var(--line);
  border-radius: 999px; padding: 2px 10px;
}
nav.toc a:hover { border-color: var(--accent); color: var(--accent); }
section.card {
  background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 22px 20px;
  margin: 18px 0; box-shadow: 0 1px 2px rgba(16, 24, 40, 0.05);
}
section.card > h2 { font-size: 17px; margin: 0 0 14px; font-weight: 650; }
h3 { font-size: 13px; font-weight: 600; color: #374151; margin: 0 0 4px; text-transform: uppercase; letter-spacing: 0.04em; }
p { margin: 0 0 10px; }
.muted { color: var(--muted); }
.good { color: var(--good); }
.bad { color: var(--bad); }
.note { color: var(--muted); font-style: italic; }
.note.problem { color: var(--bad); font-style: normal; background: var(--bad-bg); padding: 8px 12px; border-radius: 6px; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 28px; }

/* Summary tiles */
dl.summary { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 10px; margin: 0; }
dl.summary .tile { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: #fafbfc; min-width: 0; }
dl.summary dt { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
dl.summary dd { margin: 2px 0 0; overflow-wrap: anywhere; }
dl.summary dd.big { font-size: 21px; font-weight: 600; font-variant-numeric: tabular-nums; }
dl.summary dd.long { font-size: 13.5px; }
/* A long value (a path) gets two columns, so it breaks less often and never inside a word when it fits. */
dl.summary .tile.wide { grid-column: span 2; }
@media (max-width: 520px) { dl.summary .tile.wide { grid-column: auto; } }

/* Charts */
/* auto-fill keeps the empty track, so a lone loss chart stays half width instead of doubling its type size. */
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(400px, 1fr)); gap: 18px 28px; }
figure.chart-figure { margin: 0; min-width: 0; }
figure.chart-figure figcaption { color: var(--muted); font-size: 12.5px; margin-top: 2px; }
figure.chart-figure figcaption b { color: var(--fg); font-weight: 600; }
svg.chart { display: block; width: 100%; height: auto; overflow: visible; font-family: inherit; }
svg.chart .grid { stroke: #eef0f3; stroke-width: 1; }
svg.chart .axis { stroke: #9ca3af; stroke-width: 1; }
svg.chart .tick { fill: #6b7280; font-size: 11px; font-variant-numeric: tabular-nums; }
svg.chart .axis-label { fill: #374151; font-size: 12px; }
svg.chart .legend { fill: #374151; font-size: 12px; }
svg.chart .line { fill: none; stroke-width: 2.25; stroke-linejoin: round; stroke-linecap: round; }
svg.chart .dot { stroke: #fff; stroke-width: 1.5; }
svg.chart .err { stroke-width: 1.5; opacity: 0.75; }
svg.chart .area { opacity: 0.1; }
svg.chart .guide { stroke: #9ca3af; stroke-width: 1.5; stroke-dasharray: 5 4; }
.chart-with-table { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 24px; align-items: start; }
.chart-narrow { max-width: 480px; width: 100%; }
.chart-with-side { display: flex; flex-wrap: wrap; gap: 28px; align-items: flex-start; }
.chart-with-side .chart-narrow { flex: 1 1 380px; }
.roc-side { flex: 1 1 280px; max-width: 420px; padding-top: 28px; }
.big-figure { font-size: 34px; font-weight: 650; line-height: 1.1; font-variant-numeric: tabular-nums; }
.roc-side table { margin-top: 6px; }
@media (max-width: 760px) { .chart-with-table { grid-template-columns: 1fr; } .charts { grid-template-columns: 1fr; } }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }

/* Data tables */
table.data { border-collapse: collapse; font-size: 13px; }
table.data th, table.data td { padding: 5px 12px 5px 0; text-align: left; border-bottom: 1px solid var(--line); }
table.data th:last-child, table.data td:last-child { padding-right: 0; }
table.data thead th { font-weight: 600; color: #374151; border-bottom: 2px solid #d1d5db; white-space: nowrap; }
table.data.numeric td, td.num, th.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
table.data.numeric td:not(:first-child), table.data.numeric th:not(:first-child), td.num, th.num { text-align: right; }
details.epochs { margin-top: 14px; }
details.epochs summary { cursor: pointer; color: var(--accent); font-size: 13px; }
details.epochs table { margin-top: 8px; }

/* Per-class table */
table.classes { min-width: 560px; }
table.classes th[scope="row"] { font-weight: 600; }
td.bar-cell { white-space: nowrap; min-width: 150px; }
td.bar-cell .bar { display: inline-block; vertical-align: middle; width: 90px; height: 8px; background: #eef0f3; border-radius: 4px; overflow: hidden; margin-right: 8px; }
td.bar-cell .fill { height: 100%; background: #60a5fa; border-radius: 4px; }
td.bar-cell .fill.good { background: #22c55e; }
td.bar-cell .fill.fair { background: #f59e0b; }
td.bar-cell .fill.poor { background: #ef4444; }
td.bar-cell .num { display: inline-block; width: 50px; text-align: right; font-variant-numeric: tabular-nums; }

/* Confusion matrix */
.confusion-wrap { overflow-x: auto; }
table.confusion { border-collapse: separate; border-spacing: 3px; font-size: 13px; }
table.confusion th { font-weight: 600; color: #374151; padding: 4px 8px; }
table.confusion th.corner { font-weight: 400; color: var(--muted); font-size: 11.5px; text-align: left; white-space: nowrap; }
/* Long names wrap at hyphens and spaces only, never inside a word. */
table.confusion th.pred { text-align: center; min-width: 68px; max-width: 110px; vertical-align: bottom; padding: 4px 2px; }
table.confusion th.truth, table.confusion tr.totals th { text-align: right; overflow-wrap: anywhere; max-width: 180px; }
table.confusion tr.totals th { font-weight: 400; color: var(--muted); }
table.confusion th.total-head { color: var(--muted); font-weight: 400; text-align: center; }
table.confusion td.cell {
  width: 68px; height: 44px; text-align: center; border-radius: 5px; font-variant-numeric: tabular-nums;
  font-weight: 600; font-size: 14px;
}
table.confusion td.cell.zero { background: #f9fafb; color: #c4c8cf; font-weight: 400; }
table.confusion td.cell.diag { box-shadow: inset 0 0 0 2px rgba(30, 58, 138, 0.55); }
table.confusion td.total { text-align: center; color: #374151; font-variant-numeric: tabular-nums; padding: 0 8px; }
table.confusion td.grand { font-weight: 600; }
.legend-line { color: var(--muted); font-size: 12.5px; margin-top: 10px; }
.key { display: inline-block; width: 12px; height: 12px; border-radius: 3px; vertical-align: -1px; margin: 0 3px 0 6px; }
.key.right { background: rgb(29, 78, 216); }
.key.wrong { background: rgb(220, 38, 38); }

/* Sample grid */
.sample-summary { color: #374151; }
.sample-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(148px, 1fr)); gap: 12px; }
figure.sample { margin: 0; border: 2px solid; border-radius: 8px; padding: 8px 8px 6px; text-align: center; min-width: 0; }
figure.sample.right { border-color: #86efac; background: var(--good-bg); }
figure.sample.wrong { border-color: #ef4444; background: var(--bad-bg); }
img.thumb { display: block; margin: 0 auto 6px; max-width: 100%; height: auto; background: #fff; border-radius: 3px; }
img.pixelated { image-rendering: pixelated; }
figure.sample figcaption { font-size: 12.5px; line-height: 1.35; }
figure.sample .pred { font-weight: 600; overflow-wrap: anywhere; }
figure.sample.right .mark { color: var(--good); }
figure.sample.wrong .mark, figure.sample.wrong .pred { color: var(--bad); }
figure.sample .conf { font-weight: 400; color: var(--muted); }
figure.sample .truth { color: #374151; overflow-wrap: anywhere; }
figure.sample .caption { color: var(--muted); font-size: 11.5px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
p.more { color: var(--muted); margin: 12px 0 0; font-style: italic; }

/* A single picture */
figure.picture { margin: 0; text-align: center; }
figure.picture img { margin: 0 auto; }
figure.picture figcaption { color: var(--muted); font-size: 12.5px; margin-top: 6px; }

@media print {
  body { background: #fff; }
  section.card { box-shadow: none; break-inside: avoid; }
  nav.toc { display: none; }
}
`;
