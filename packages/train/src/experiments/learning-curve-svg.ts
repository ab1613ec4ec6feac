import type { LearningCurve } from './few-shot-experiment.js';

const COLORS: Record<string, string> = { transfer: '#1f77b4', scratch: '#d62728', prototype: '#2ca02c' };

/**
 * The learning curves as an SVG picture (no dependencies, so it works in a browser too): test accuracy against
 * examples per class on a log scale, one line per method at the mean over seeds, with a band from the lowest
 * to the highest run.
 */
export function learningCurveSvg(curve: LearningCurve, { width = 640, height = 400 } = {}): string {
  const pad = { left: 56, right: 130, top: 36, bottom: 48 };
  const shots = [...new Set(curve.summary.map((s) => s.shots))].sort((a, b) => a - b);
  const lo = Math.log(shots[0] ?? 1);
  const hi = Math.log(shots.at(-1) ?? 10);
  const x = (k: number) => pad.left + ((Math.log(k) - lo) / (hi - lo || 1)) * (width - pad.left - pad.right);
  const y = (a: number) => pad.top + (1 - a) * (height - pad.top - pad.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<title>Learning curves: test accuracy on ${escapeXml(curve.shapes.join(', '))} against examples per class</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${pad.left}" y="20" font-size="14">Test accuracy on ${escapeXml(curve.shapes.join(', '))} by examples per class</text>`,
  ];
  for (let a = 0; a <= 1.0001; a += 0.2) {
    out.push(
      `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(a)}" y2="${y(a)}" stroke="#ddd"/>`,
      `<text x="${pad.left - 8}" y="${y(a) + 4}" text-anchor="end">${Math.round(a * 100)}%</text>`,
    );
  }
  for (const k of shots) {
    out.push(`<text x="${x(k)}" y="${height - pad.bottom + 18}" text-anchor="middle">${k}</text>`);
  }
  out.push(
    `<text x="${(pad.left + width - pad.right) / 2}" y="${height - 10}" text-anchor="middle">examples per class (log scale)</text>`,
  );
  const methods = [...new Set(curve.summary.map((s) => s.method))];
  methods.forEach((method, i) => {
    const rows = curve.summary.filter((s) => s.method === method).sort((a, b) => a.shots - b.shots);
    const color = COLORS[method] ?? '#555';
    const band = [
      ...rows.map((r) => `${x(r.shots)},${y(r.accuracy.max)}`),
      ...rows.reverse().map((r) => `${x(r.shots)},${y(r.accuracy.min)}`),
    ];
    rows.reverse();
    out.push(
      `<polygon points="${band.join(' ')}" fill="${color}" fill-opacity="0.15"/>`,
      `<polyline points="${rows.map((r) => `${x(r.shots)},${y(r.accuracy.mean)}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`,
      ...rows.map((r) => `<circle cx="${x(r.shots)}" cy="${y(r.accuracy.mean)}" r="3" fill="${color}"/>`),
      `<line x1="${width - pad.right + 12}" x2="${width - pad.right + 32}" y1="${pad.top + 10 + i * 20}" y2="${pad.top + 10 + i * 20}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${width - pad.right + 38}" y="${pad.top + 14 + i * 20}">${escapeXml(method)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
