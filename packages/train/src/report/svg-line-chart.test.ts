import { describe, expect, it } from 'vitest';
import { svgLineChart } from './svg-line-chart.js';

/** The `(x, y)` vertices of each `<path class="line">`, in document order. */
function linePaths(svg: string): Array<Array<[number, number]>> {
  return [...svg.matchAll(/<path class="line"[^>]* d="([^"]*)"/g)].map((m) =>
    m[1]
      .split(/[ML]/)
      .filter((s) => s.trim() !== '')
      .map((pair) => pair.trim().split(' ').map(Number) as [number, number]),
  );
}

describe('svgLineChart', () => {
  it('draws one path per series, with a legend entry each', () => {
    const svg = svgLineChart({
      label: 'test',
      series: [
        {
          name: 'a',
          color: '#f00',
          points: [
            { x: 1, y: 1 },
            { x: 2, y: 2 },
          ],
        },
        {
          name: 'b',
          color: '#0f0',
          points: [
            { x: 1, y: 2 },
            { x: 2, y: 1 },
          ],
        },
        {
          name: 'c',
          color: '#00f',
          points: [
            { x: 1, y: 0 },
            { x: 2, y: 0 },
          ],
        },
      ],
    });
    expect(linePaths(svg)).toHaveLength(3);
    expect(svg.match(/class="legend-item"/g)).toHaveLength(3);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it('places x on a log scale: each decade takes the same width', () => {
    const svg = svgLineChart({
      label: 'log',
      xScale: 'log',
      series: [{ name: 's', color: '#000', points: [1, 10, 100].map((x) => ({ x, y: 0.5 })) }],
    });
    const [[p1, p10, p100]] = linePaths(svg);
    expect(p10[0]).toBeGreaterThan(p1[0]);
    expect(p100[0]).toBeGreaterThan(p10[0]);
    expect(p100[0] - p10[0]).toBeCloseTo(p10[0] - p1[0], 0);
  });

  it('sorts points by x, so the line never doubles back', () => {
    const svg = svgLineChart({
      label: 'unsorted',
      series: [{ name: 's', color: '#000', points: [3, 1, 2].map((x) => ({ x, y: x })) }],
    });
    const xs = linePaths(svg)[0].map(([x]) => x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it('draws a single point as a dot in the middle of the plot', () => {
    const svg = svgLineChart({
      label: 'one',
      width: 500,
      series: [{ name: 's', color: '#000', points: [{ x: 1, y: 1 }] }],
    });
    const dots = [...svg.matchAll(/<circle class="dot" cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(dots).toHaveLength(1);
    // Plot runs from x=62 to x=480; a single epoch sits centred rather than on the axis.
    expect(dots[0]).toBeCloseTo((62 + 480) / 2, 0);
  });

  it('leaves out non-finite points instead of writing NaN into the path', () => {
    const svg = svgLineChart({
      label: 'nan',
      series: [
        {
          name: 's',
          color: '#000',
          points: [
            { x: 1, y: 1 },
            { x: 2, y: Number.NaN },
            { x: 3, y: 0.5 },
          ],
        },
      ],
    });
    expect(svg).not.toContain('NaN');
    expect(linePaths(svg)[0]).toHaveLength(2);
  });

  it('draws error bars for points with an error', () => {
    const svg = svgLineChart({
      label: 'err',
      series: [
        {
          name: 's',
          color: '#000',
          points: [
            { x: 1, y: 0.5, err: 0.1 },
            { x: 2, y: 0.6 },
          ],
        },
      ],
    });
    expect(svg.match(/class="err"/g)).toHaveLength(1);
  });

  it('escapes series names and labels', () => {
    const svg = svgLineChart({
      label: '<b>',
      xLabel: '<x>',
      series: [{ name: '<script>', color: '#000', points: [{ x: 1, y: 1 }] }],
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('<x>');
  });

  it('adds named guides to the legend', () => {
    const svg = svgLineChart({
      label: 'roc',
      series: [
        {
          name: 'roc',
          color: '#000',
          points: [
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ],
        },
      ],
      guides: [{ from: [0, 0], to: [1, 1], name: 'chance' }],
    });
    expect(svg).toContain('class="guide"');
    expect(svg).toContain('>chance</text>');
  });
});
