import { describe, expect, it } from 'vitest';
import { renderCurves } from './curves-chart.js';

const SHOTS = [1, 2, 5, 10, 20, 50, 100];

describe('renderCurves', () => {
  const html = renderCurves({
    series: [
      { name: 'transfer', points: SHOTS.map((shots, i) => ({ shots, accuracy: 0.6 + i * 0.05, std: 0.03 })) },
      { name: 'scratch', points: SHOTS.map((shots, i) => ({ shots, accuracy: 0.35 + i * 0.08, std: 0.05 })) },
      { name: 'prototype', points: SHOTS.map((shots, i) => ({ shots, accuracy: 0.55 + i * 0.04 })) },
    ],
  });

  it('draws one path per series', () => {
    expect(html.match(/<path class="line"/g)).toHaveLength(3);
  });

  it('places shots left to right on a log scale', () => {
    const d = html.match(/<path class="line"[^>]* d="([^"]*)"/)?.[1] ?? '';
    const xs = d
      .split(/[ML]/)
      .filter((s) => s.trim() !== '')
      .map((pair) => Number(pair.trim().split(' ')[0]));
    expect(xs).toHaveLength(SHOTS.length);
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1]);
    // 1 -> 10 and 10 -> 100 are a decade each, so equally wide.
    expect(xs[6] - xs[3]).toBeCloseTo(xs[3] - xs[0], 0);
  });

  it('draws error bars only where a std is given', () => {
    expect(html.match(/class="err"/g)).toHaveLength(2 * SHOTS.length);
  });

  it('labels the shots axis with 1, 2, 5, 10, 20, 50, 100', () => {
    for (const k of SHOTS) expect(html).toContain(`text-anchor="middle">${k}</text>`);
  });

  it('repeats the figures in a table', () => {
    expect(html).toContain('<table');
    expect(html).toContain('60.0%');
  });

  it('puts ticks at the shot counts measured, even uneven ones', () => {
    const out = renderCurves({
      series: [{ name: 'x', points: [3, 7, 15].map((shots) => ({ shots, accuracy: 0.5 })) }],
    });
    const ticks = [...out.matchAll(/class="tick"[^>]*text-anchor="middle">(\d+)</g)].map((m) => m[1]);
    expect(ticks).toEqual(['3', '7', '15']);
  });

  it('says so when there are no points', () => {
    expect(renderCurves({ series: [{ name: 'transfer', points: [] }] })).toContain(
      'No learning-curve points',
    );
  });
});
