// The drawings the end-to-end test makes with the mouse, as points on the 256x256 pad; `pnpm bench drawings`
// renders the same ones in Node.

// Shapes as pen strokes on the 256x256 pad: polylines walked in small steps like a hand would; closed ones
// return to their first point.
export function stroke(points, step = 6) {
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const n = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / step));
    for (let j = 0; j < n; j++) out.push([a[0] + ((b[0] - a[0]) * j) / n, a[1] + ((b[1] - a[1]) * j) / n]);
  }
  out.push(points.at(-1));
  return out;
}
export const polygon = (points, step) => stroke([...points, points[0]], step);
export const around = (k, r, turn = 0, cx = 128, cy = 128) =>
  Array.from({ length: k }, (_, i) => {
    const t = turn + (2 * Math.PI * i) / k - Math.PI / 2;
    return [cx + r * Math.cos(t), cy + r * Math.sin(t)];
  });
export const SHAPES = {
  circle: () => polygon(around(48, 80)),
  square: () =>
    polygon([
      [50, 50],
      [206, 50],
      [206, 206],
      [50, 206],
    ]),
  triangle: () =>
    polygon([
      [128, 40],
      [214, 200],
      [42, 200],
    ]),
  star: (turn = 0, r = 95) =>
    polygon(
      around(10, 1, turn).map(([x, y], i) => {
        const s = i % 2 === 0 ? r : r * 0.4;
        return [128 + (x - 128) * s, 128 + (y - 128) * s];
      }),
    ),
};

// Drawings of shapes the base was never taught.
export const UNFAMILIAR = {
  zigzag: () =>
    stroke([
      [40, 60],
      [80, 200],
      [120, 60],
      [160, 200],
      [200, 60],
      [230, 200],
    ]),
  spiral: () =>
    stroke(
      Array.from({ length: 80 }, (_, i) => [
        128 + (10 + i * 1.1) * Math.cos(i / 8),
        128 + (10 + i * 1.1) * Math.sin(i / 8),
      ]),
    ),
  cross: () =>
    stroke([
      [50, 50],
      [206, 206],
      [128, 128],
      [206, 50],
      [50, 206],
    ]),
  heart: () =>
    polygon(
      Array.from({ length: 60 }, (_, i) => {
        const t = (i / 60) * 2 * Math.PI;
        return [
          128 + 80 * Math.sin(t) ** 3,
          120 - 5 * (13 * Math.cos(t) - 5 * Math.cos(2 * t) - 2 * Math.cos(3 * t) - Math.cos(4 * t)),
        ];
      }),
    ),
  hexagon: () => polygon(around(6, 90, Math.PI / 2)),
};
