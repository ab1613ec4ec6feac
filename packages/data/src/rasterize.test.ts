import { describe, expect, it } from 'vitest';
import { Rasterizer } from './rasterize.js';

const rect = (x0: number, y0: number, x1: number, y1: number) =>
  new Float64Array([x0, y0, x1, y0, x1, y1, x0, y1]);

function circle(cx: number, cy: number, r: number, n = 256): Float64Array {
  const pts = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    pts[2 * i] = cx + r * Math.cos((2 * Math.PI * i) / n);
    pts[2 * i + 1] = cy + r * Math.sin((2 * Math.PI * i) / n);
  }
  return pts;
}

const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);

describe('Rasterizer', () => {
  it('gives the exact covered area of each pixel for a rectangle with fractional edges', () => {
    const r = new Rasterizer();
    r.addPolygon(rect(1.25, 2.5, 3.75, 4));
    const m = r.coverage(6, 6);
    expect(m[2 * 6 + 1]).toBeCloseTo(0.75 * 0.5, 6);
    expect(m[2 * 6 + 2]).toBeCloseTo(0.5, 6);
    expect(m[2 * 6 + 3]).toBeCloseTo(0.75 * 0.5, 6);
    expect(m[3 * 6 + 1]).toBeCloseTo(0.75, 6);
    expect(m[3 * 6 + 2]).toBeCloseTo(1, 6);
    expect(m[4 * 6 + 2]).toBe(0);
    expect(m[3 * 6 + 0]).toBe(0);
    expect(sum(m)).toBeCloseTo(2.5 * 1.5, 5);
  });

  it('gives coverage of a diagonal edge by area, not by distance', () => {
    // The triangle (0,0) (2,0) (0,2) covers exactly half of pixel (1,0)... and half of pixel (0,1).
    const r = new Rasterizer();
    r.addPolygon(new Float64Array([0, 0, 2, 0, 0, 2]));
    const m = r.coverage(2, 2);
    expect(Array.from(m).map((v) => +v.toFixed(6))).toEqual([1, 0.5, 0.5, 0]);
  });

  it('covers the area of a circle whatever its orientation', () => {
    const r = new Rasterizer();
    r.addPolygon(circle(20.3, 19.7, 12.5));
    const ccw = r.coverage(40, 40);
    const cw = circle(20.3, 19.7, 12.5).reverse();
    // Reversing x,y pairs swaps each pair too; rebuild as a proper clockwise polygon.
    const pts = new Float64Array(cw.length);
    for (let i = 0; i < cw.length; i += 2) {
      pts[i] = cw[i + 1] as number;
      pts[i + 1] = cw[i] as number;
    }
    r.addPolygon(pts);
    const clockwise = r.coverage(40, 40);
    const area = 0.5 * 256 * 12.5 * 12.5 * Math.sin((2 * Math.PI) / 256);
    expect(sum(ccw)).toBeCloseTo(area, 3);
    expect(sum(clockwise)).toBeCloseTo(area, 3);
    for (const v of ccw) expect(v).toBeLessThanOrEqual(1);
  });

  it('clips shapes cut by the border exactly', () => {
    const big = new Rasterizer();
    big.addPolygon(circle(30, 30, 18));
    const full = big.coverage(60, 60);
    // The same circle seen through a 30x30 window whose origin is at (20, 20).
    const win = new Rasterizer();
    win.addPolygon(circle(10, 10, 18));
    const part = win.coverage(30, 30);
    for (let y = 0; y < 30; y++) {
      for (let x = 0; x < 30; x++) {
        expect(part[y * 30 + x]).toBeCloseTo(full[(y + 20) * 60 + x + 20] as number, 5);
      }
    }
  });

  it('merges overlapping polygons by the non-zero rule, clamped to 1', () => {
    const r = new Rasterizer();
    r.addPolygon(rect(0, 0, 4, 4));
    r.addPolygon(rect(2, 0, 6, 4));
    const m = r.coverage(6, 4);
    expect(Math.max(...m)).toBe(1);
    expect(sum(m)).toBeCloseTo(24, 5);
  });

  it('blends colour into bytes with rounding and leaves uncovered pixels alone', () => {
    const r = new Rasterizer();
    const data = new Uint8Array(4 * 3).fill(10);
    r.addPolygon(rect(0, 0, 1.5, 1));
    r.fill({ data, width: 4, height: 1, channels: 3, offset: 0 }, [200, 100, 50]);
    expect(Array.from(data)).toEqual([200, 100, 50, 105, 55, 30, 10, 10, 10, 10, 10, 10]);
  });

  it('gives the same bytes whether a region is read cell by cell (small) or by runs (big)', () => {
    // A ring of two loops and a spike, partly outside on the right: 48 columns wide, so it is read densely
    // on its own, and by runs once a far-away dot makes the region bigger than a 64x64 image.
    const inner = circle(30, 30, 17, 48);
    const hole = inner.map((_, i) => inner[inner.length - 2 + (i % 2) - 2 * Math.floor(i / 2)] as number);
    const shape = () => [circle(30, 30, 20, 48), hole, rect(50, 28, 80, 31)];
    const draw = (withDot: boolean) => {
      const r = new Rasterizer();
      const data = new Uint8Array(100 * 100).fill(40);
      for (const p of shape()) r.addPolygon(p);
      if (withDot) r.addPolygon(rect(95, 95, 96, 96));
      r.fill({ data, width: 100, height: 100, channels: 1, offset: 0 }, [220], 0.8);
      return { data, box: Array.from(r.lastBox) };
    };
    const dense = draw(false);
    const runs = draw(true);
    expect(dense.box).toEqual([10, 10, 80, 50]);
    expect(runs.box).toEqual([10, 10, 96, 96]);
    runs.data[95 * 100 + 95] = 40;
    expect(Array.from(dense.data)).toEqual(Array.from(runs.data));
    expect(dense.data.filter((v) => v !== 40).length).toBeGreaterThan(500);
    expect(dense.data[30 * 100 + 30]).toBe(40);
    expect(dense.data[30 * 100 + 11]).toBe(Math.floor(40 + 180 * 0.8 + 0.5));
  });

  it('keeps the first row of a region whose edge rounds to a hair left of it', () => {
    // A polygon mostly above and left of the image, found by comparing byte fills with float coverage: an
    // edge clipped to x = 0 crosses row 0 at about -1e-17, and an earlier version summed a cell outside the
    // buffer there (NaN) and dropped the row.
    const pts = new Float64Array([
      5.385461410273532, -3.3037571242885893, 6.396838988888957, -0.10417286994805375, 2.7956120598795593,
      -0.9694905672404861, 1.5821444808390157, -0.4875421501887751, -2.5789291464873307, 1.2220063050092547,
      -2.5590195107760514, -2.1816310313815945, -4.745236931447282, -3.9110982157397935, -4.002163676058689,
      -5.770335452324307, -0.3538567190141706, -5.588312067083454, 0.2720004384860486, -10.032225979560607,
      2.6581095308740808, -7.362735923215361, 3.132534132329825, -6.686001698845137, 6.023348286829497,
      -5.935648971481617,
    ]);
    const r = new Rasterizer();
    r.addPolygon(pts);
    const cover = r.coverage(64, 64)[0] as number;
    expect(cover).toBeGreaterThan(0.03);
    const want = Math.floor(202 - 202 * cover + 0.5);
    expect(want).toBeLessThan(200);
    const data = new Uint8Array(64 * 64).fill(202);
    r.addPolygon(pts);
    r.fill({ data, width: 64, height: 64, channels: 1, offset: 0 }, [0]);
    expect(data[0]).toBe(want);
    // The same with a far-away dot, which makes the region big enough to be read by runs.
    const big = new Uint8Array(100 * 100).fill(202);
    r.addPolygon(pts);
    r.addPolygon(rect(95, 95, 96, 96));
    r.fill({ data: big, width: 100, height: 100, channels: 1, offset: 0 }, [0]);
    expect(big[0]).toBe(want);
  });

  it('draws nothing for shapes entirely outside the image', () => {
    const r = new Rasterizer();
    r.addPolygon(rect(-10, -10, -2, -2));
    r.addPolygon(rect(12, 1, 20, 3));
    expect(sum(r.coverage(10, 10))).toBe(0);
    r.addPolygon(rect(12, 1, 20, 3));
    expect(sum(r.coverage(10, 10))).toBe(0);
    expect(Array.from(r.lastBox)).toEqual([0, 0, 0, 0]);
  });
});
