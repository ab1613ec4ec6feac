import { cos, sin } from './det-math.js';
import { fillBackground } from './effects.js';
import type { Rng } from './prng.js';
import type { Rasterizer, Surface } from './rasterize.js';
import type { ShapeDefinition } from './shapes.js';

const BLACK = [0, 0, 0];
const circles = new Map<number, Float64Array>();

// Unit circles by segment count, cached: the seed preset draws thousands of circles a second.
function unitCircle(n: number): Float64Array {
  let c = circles.get(n);
  if (!c) {
    c = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      c[2 * i] = cos((2 * Math.PI * i) / n);
      c[2 * i + 1] = sin((2 * Math.PI * i) / n);
    }
    circles.set(n, c);
  }
  return c;
}

/**
 * The original demo's distribution (its `generate_shape_image`, drawn with OpenCV): a black 256x256 image
 * and one filled shape of a random colour. Circles: centre anywhere, radius 10-99. Squares: axis-aligned,
 * side 20-99, top-left corner in [0, 156). Triangles: three random points. Other shapes (the demo had none)
 * are placed like its circles, at a random rotation. OpenCV's integer pixel centres are at our half-pixel
 * positions and its fills include the boundary pixels, hence the offsets of 0.5. The draws follow NumPy's
 * `randint` bounds; we anti-alias where OpenCV does not. Sizes other than 256 scale the geometry.
 */
export function drawSeed(
  s: Surface,
  shape: ShapeDefinition,
  rng: Rng,
  raster: Rasterizer,
  clearBackground: boolean,
): void {
  const k = s.width / 256;
  if (clearBackground) fillBackground(s, BLACK);
  const color = s.channels === 3 ? [rng.int(0, 256), rng.int(0, 256), rng.int(0, 256)] : [rng.int(0, 256)];
  switch (shape.name) {
    case 'circle': {
      const cx = (rng.int(0, 256) + 0.5) * k;
      const cy = (rng.int(0, 256) + 0.5) * k;
      const r = (rng.int(10, 100) + 0.5) * k;
      const n = Math.max(16, Math.ceil(Math.PI / Math.sqrt(0.2 / r)));
      const unit = unitCircle(n);
      const poly = new Float64Array(2 * n);
      for (let i = 0; i < 2 * n; i += 2) {
        poly[i] = cx + r * (unit[i] as number);
        poly[i + 1] = cy + r * (unit[i + 1] as number);
      }
      raster.addPolygon(poly);
      break;
    }
    case 'square': {
      const x0 = rng.int(0, 156);
      const y0 = rng.int(0, 156);
      const side = rng.int(20, 100);
      const x1 = (x0 + side + 1) * k;
      const y1 = (y0 + side + 1) * k;
      raster.addPolygon(new Float64Array([x0 * k, y0 * k, x1, y0 * k, x1, y1, x0 * k, y1]));
      break;
    }
    case 'triangle': {
      const poly = new Float64Array(6);
      for (let i = 0; i < 6; i++) poly[i] = (rng.int(0, 256) + 0.5) * k;
      raster.addPolygon(poly);
      break;
    }
    default: {
      const cx = (rng.int(0, 256) + 0.5) * k;
      const cy = (rng.int(0, 256) + 0.5) * k;
      const r = (rng.int(10, 100) + 0.5) * k;
      const a = rng.range(0, 2 * Math.PI);
      const ca = cos(a) * r;
      const sa = sin(a) * r;
      const pts = shape.outline(rng).points;
      const poly = new Float64Array(pts.length);
      for (let i = 0; i < pts.length; i += 2) {
        const x = pts[i] as number;
        const y = pts[i + 1] as number;
        poly[i] = cx + x * ca - y * sa;
        poly[i + 1] = cy + x * sa + y * ca;
      }
      raster.addPolygon(poly);
    }
  }
  raster.fill(s, color);
}
