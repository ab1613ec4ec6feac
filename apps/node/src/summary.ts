import { percent } from './experiment.js';
import type { Results } from './results.js';

/** Columns padded to their widest cell, two spaces apart. */
export function renderTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** What a person reads on stdout at the end of a run (with `--json`, results.json is printed instead). */
export function formatSummary(results: Results, out: string): string {
  const { base, transfer, curve, timings } = results;
  const softmax = base.openSet.find((m) => m.method === 'softmax');
  const methods = ['transfer', 'scratch', 'prototype'].filter((m) =>
    curve.summary.some((s) => s.method === m),
  );
  const shots = [...new Set(curve.summary.map((s) => s.shots))].sort((a, b) => a - b);
  const cell = (method: string, k: number) => {
    const s = curve.summary.find((p) => p.method === method && p.shots === k);
    if (!s) return '-';
    const spread = results.sizes.curveSeeds.length > 1 ? ` ± ${(s.std * 100).toFixed(1)}` : '';
    return `${percent(s.accuracy)}${spread} (${s.seconds.toFixed(1)} s)`;
  };
  const knownBase = base.test.images - base.test.unknown.expected;
  const knownTransfer = transfer.test.images - transfer.test.unknown.expected;
  return [
    results.backend.description,
    `ran on: ${results.backend.ranOn} (tfjs backend)`,
    '',
    `base (${base.classNames.join(', ')}): ${percent(base.accuracy)} of ${knownBase} held-out images, trained in ${timings.baseTrainSeconds.toFixed(1)} s at ${timings.baseTrainSamplesPerSecond} samples/s`,
    `  open set: AUROC ${softmax ? softmax.auroc.toFixed(3) : '-'} (softmax rule); ${base.test.unknown.flagged} of ${base.test.unknown.expected} images of ${base.test.unknown.classes.join(', ')} answered "unknown"`,
    `transfer (${transfer.classNames.join(', ')}, ${transfer.shots} examples each): ${percent(transfer.accuracy)} of ${knownTransfer} held-out images, trained in ${timings.transferTrainSeconds.toFixed(1)} s`,
    `  ${transfer.test.unknown.flagged} of ${transfer.test.unknown.expected} images of ${transfer.test.unknown.classes.join(', ')} answered "unknown"`,
    '',
    `learning curve: held-out accuracy by examples per class (seed${results.sizes.curveSeeds.length === 1 ? '' : 's'} ${results.sizes.curveSeeds.join(', ')}; training time):`,
    renderTable([
      ['per class', ...methods],
      ...shots.map((k) => [String(k), ...methods.map((m) => cell(m, k))]),
    ])
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n'),
    '',
    `done in ${timings.totalSeconds.toFixed(1)} s; wrote ${out}: base/, transfer/, report.html, results.json`,
  ].join('\n');
}
