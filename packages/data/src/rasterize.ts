import { alignedWords, fillBytes, fillWords, wordShift } from './byte-fill.js';
import type { PixelArray } from './types.js';

/**
 * An image being drawn on: `data` is HWC, bytes in [0, 255] for a `Uint8Array`, floats in [0, 1] for a
 * `Float32Array`. Colours are always given in [0, 255] per channel.
 */
export interface Surface {
  data: PixelArray;
  width: number;
  height: number;
  channels: number;
  /** Offset of this image's first pixel in `data` (many images share one dataset buffer). */
  offset: number;
}

/**
 * Exact area-coverage rasterizer for polygons: the signed-area accumulation method of font-rs and
 * stb_truetype 2 (no canvas, no native code, so it runs unchanged in Node and browsers and gives the same
 * bytes in both). Each edge adds its signed area to an accumulation buffer; a prefix sum along each row then
 * gives, for every pixel, the exact area of the pixel square inside the polygon. Polygons added before one
 * `fill` are combined by the non-zero rule with coverage clamped to 1, so overlapping strokes simply merge.
 *
 * Written by hand because no library rasterizes with true coverage in pure TypeScript at this speed: the
 * benchmark asks for 50,000 small images a second.
 */
export class Rasterizer {
  private acc: Float64Array = new Float64Array(0);
  private stride = 0;
  // Region of interest in image pixels: only it is accumulated and composited.
  private x0 = 0;
  private y0 = 0;
  private w = 0;
  private h = 0;
  private minX = Number.POSITIVE_INFINITY;
  private minY = Number.POSITIVE_INFINITY;
  private maxX = Number.NEGATIVE_INFINITY;
  private maxY = Number.NEGATIVE_INFINITY;
  // Every run of accumulation cells an edge touched, as (row, first, last): between them a row's coverage is
  // constant, so only these cells are summed one by one. Bucketed by row before compositing.
  private segRow: Int32Array = new Int32Array(1024);
  private segLo: Int32Array = new Int32Array(1024);
  private segHi: Int32Array = new Int32Array(1024);
  private segCount = 0;
  // Small regions skip the run bookkeeping (see `region`): a bit per accumulation cell, in the order of `acc`,
  // says an edge touched it.
  private dense = false;
  private touched: Int32Array = new Int32Array(256);
  private rowStart: Int32Array = new Int32Array(0);
  private order: Int32Array = new Int32Array(0);
  private fillPos: Int32Array = new Int32Array(0);
  private rowLo: Int32Array = new Int32Array(64);
  private rowHi: Int32Array = new Int32Array(64);
  // Spans of constant coverage of the current row, produced by `rowSpans`.
  private spanX: Int32Array = new Int32Array(0);
  private spanLen: Int32Array = new Int32Array(0);
  private spanCov: Float64Array = new Float64Array(0);
  /**
   * The pixels the last `fill` may have changed, as `[x0, y0, x1, y1)`; empty (all zero) when it drew nothing.
   * Everything outside it is as it was, which lets a blur skip a flat background.
   */
  readonly lastBox = new Int32Array(4);
  // The ends of the edge being drawn (x0, y0, x1, y1). `edge` and `line` read them from here rather than take
  // them as arguments: V8 boxes every double passed to a call it does not inline, and these calls ran once per
  // edge, a few kilobytes of garbage per image.
  private readonly seg = new Float64Array(4);
  // The polygons added since the last fill, copied one after another: polygon p's points are
  // arena[polyStart[p], polyStart[p + 1]). Copies let callers build every polygon in one scratch buffer; new
  // small typed arrays per stroke cost more in allocation and garbage collection than the copy.
  private arena: Float64Array = new Float64Array(1024);
  private polyStart: Int32Array = new Int32Array(65);
  private count = 0;

  /**
   * Adds a closed polygon, `points` as x,y pairs in pixel coordinates (pixel (i, j) covers [i, i+1) x [j, j+1)):
   * `n` points (default: all) from the pair at index `start`. The points are copied, so the array may be reused
   * at once.
   */
  addPolygon(points: ArrayLike<number>, n: number = points.length >> 1, start = 0): void {
    if (n < 3) return;
    const from = this.polyStart[this.count] as number;
    const end = from + 2 * n;
    if (this.arena.length < end) {
      const grown = new Float64Array(Math.max(end, 2 * this.arena.length));
      grown.set(this.arena.subarray(0, from));
      this.arena = grown;
    }
    if (this.polyStart.length < this.count + 2) {
      const grown = new Int32Array(2 * this.polyStart.length);
      grown.set(this.polyStart);
      this.polyStart = grown;
    }
    const arena = this.arena;
    for (let i = 0, j = 2 * start; i < 2 * n; i += 2, j += 2) {
      const x = points[j] as number;
      const y = points[j + 1] as number;
      arena[from + i] = x;
      arena[from + i + 1] = y;
      if (x < this.minX) this.minX = x;
      if (x > this.maxX) this.maxX = x;
      if (y < this.minY) this.minY = y;
      if (y > this.maxY) this.maxY = y;
    }
    this.count++;
    this.polyStart[this.count] = end;
  }

  /** Forgets the polygons added since the last `fill`. */
  clear(): void {
    this.count = 0;
    this.minX = this.minY = Number.POSITIVE_INFINITY;
    this.maxX = this.maxY = Number.NEGATIVE_INFINITY;
  }

  /**
   * Composites the polygons added so far onto `surface` in `color` (one value per channel, 0-255) with
   * exact anti-aliasing, then clears them. `opacity` scales the coverage (for faint clutter).
   */
  fill(surface: Surface, color: ArrayLike<number>, opacity = 1): void {
    this.lastBox.fill(0);
    if (this.count === 0) return;
    if (!this.region(surface.width, surface.height)) {
      this.clear();
      return;
    }
    this.lastBox[0] = this.x0;
    this.lastBox[1] = this.y0;
    this.lastBox[2] = this.x0 + this.w;
    this.lastBox[3] = this.y0 + this.h;
    const { arena, seg } = this;
    for (let p = 0; p < this.count; p++) {
      const from = this.polyStart[p] as number;
      const end = this.polyStart[p + 1] as number;
      let px = (arena[end - 2] as number) - this.x0;
      let py = (arena[end - 1] as number) - this.y0;
      for (let i = from; i < end; i += 2) {
        const x = (arena[i] as number) - this.x0;
        const y = (arena[i + 1] as number) - this.y0;
        seg[0] = px;
        seg[1] = py;
        seg[2] = x;
        seg[3] = y;
        this.edge();
        px = x;
        py = y;
      }
    }
    this.composite(surface, color, opacity);
    this.clear();
  }

  /**
   * Computes the coverage of the polygons added so far as a `width * height` mask in [0, 1], then clears them.
   * For tests and for users who want the mask itself.
   */
  coverage(width: number, height: number): Float32Array {
    const mask = new Float32Array(width * height);
    this.fill({ data: mask, width, height, channels: 1, offset: 0 }, [255]);
    return mask;
  }

  private region(width: number, height: number): boolean {
    const x0 = Math.max(0, Math.floor(this.minX));
    const y0 = Math.max(0, Math.floor(this.minY));
    const x1 = Math.min(width, Math.ceil(this.maxX));
    const y1 = Math.min(height, Math.ceil(this.maxY));
    if (x1 <= x0 || y1 <= y0) return false;
    this.x0 = x0;
    this.y0 = y0;
    this.w = x1 - x0;
    this.h = y1 - y0;
    // Two spare columns take the contributions of edges on or beyond the right border.
    this.stride = this.w + 2;
    const size = this.stride * this.h;
    if (this.acc.length < size) this.acc = new Float64Array(Math.max(size, this.acc.length * 2));
    if (this.rowStart.length < this.h + 2) this.rowStart = new Int32Array(2 * this.h + 2);
    this.segCount = 0;
    // In a small region, marking touched cells in a bitmap costs less than recording, sorting and merging the
    // runs that edges touched (a 64x64 ring: about 2.5x less). Both sum the same cells in the same order, so the
    // pixels are the same bit for bit; only big regions, mostly empty or mostly full, gain from runs.
    this.dense = size <= DENSE_CELLS;
    if (this.dense) {
      const words = (size + 31) >> 5;
      if (this.touched.length < words) this.touched = new Int32Array(2 * words);
      this.touched.fill(0, 0, words);
    }
    if (this.spanX.length < this.stride) {
      this.spanX = new Int32Array(this.stride * 2);
      this.spanLen = new Int32Array(this.stride * 2);
      this.spanCov = new Float64Array(this.stride * 2);
    }
    return true;
  }

  // Clips the edge in `seg` to the columns [0, w]: a part left of the region still covers everything right of
  // it, so it moves onto x = 0 exactly; a part right of the region touches no pixel we keep, so it moves onto
  // x = w.
  private edge(): void {
    const seg = this.seg;
    const xa = seg[0] as number;
    const ya = seg[1] as number;
    const xb = seg[2] as number;
    const yb = seg[3] as number;
    if (ya === yb) return;
    const w = this.w;
    if (xa >= 0 && xa <= w && xb >= 0 && xb <= w) {
      this.line();
      return;
    }
    // Split at the crossings of x = 0 and x = w, in order along the edge (at most two pieces more).
    const dx = xb - xa;
    let t1 = dx !== 0 ? (0 - xa) / dx : 2;
    let t2 = dx !== 0 ? (w - xa) / dx : 2;
    if (!(t1 > 0 && t1 < 1)) t1 = 2;
    if (!(t2 > 0 && t2 < 1)) t2 = 2;
    if (t1 > t2) {
      const t = t1;
      t1 = t2;
      t2 = t;
    }
    let cx = xa;
    let cy = ya;
    for (let piece = 0; piece < 3; piece++) {
      const t = piece === 0 ? t1 : piece === 1 ? t2 : 1;
      if (t > 1) continue;
      const nx = t === 1 ? xb : xa + dx * t;
      const ny = t === 1 ? yb : ya + (yb - ya) * t;
      const mx = cx + (nx - cx) * 0.5;
      if (mx < 0) {
        seg[0] = 0;
        seg[2] = 0;
      } else if (mx > w) {
        seg[0] = w;
        seg[2] = w;
      } else {
        seg[0] = Math.min(w, Math.max(0, cx));
        seg[2] = Math.min(w, Math.max(0, nx));
      }
      seg[1] = cy;
      seg[3] = ny;
      this.line();
      cx = nx;
      cy = ny;
    }
  }

  // The accumulation step of font-rs (Raph Levien, Apache-2.0) for the edge in `seg`, with rows clipped to the
  // region.
  private line(): void {
    const seg = this.seg;
    let x0 = seg[0] as number;
    let y0 = seg[1] as number;
    let x1 = seg[2] as number;
    let y1 = seg[3] as number;
    if (y0 === y1) return;
    let dir = 1;
    if (y0 > y1) {
      dir = -1;
      let t = x0;
      x0 = x1;
      x1 = t;
      t = y0;
      y0 = y1;
      y1 = t;
    }
    const h = this.h;
    if (y1 <= 0 || y0 >= h) return;
    const dxdy = (x1 - x0) / (y1 - y0);
    let x = x0;
    if (y0 < 0) {
      x -= y0 * dxdy;
      if (x < 0) x = 0;
      y0 = 0;
    }
    const acc = this.acc;
    const stride = this.stride;
    const { dense, touched } = this;
    const yEnd = Math.min(h, Math.ceil(y1));
    for (let y = Math.floor(y0); y < yEnd; y++) {
      const base = y * stride;
      const dy = (y + 1 < y1 ? y + 1 : y1) - (y > y0 ? y : y0);
      // The ends lie in [0, w] (see `edge`); stepping between them can round to a hair below 0, which would
      // touch the cell before the row (outside the buffer in the first row: NaN, and the row was lost).
      let xnext = x + dxdy * dy;
      if (xnext < 0) xnext = 0;
      const d = dy * dir;
      let xa = x;
      let xb = xnext;
      if (xa > xb) {
        xa = xnext;
        xb = x;
      }
      const xaf = Math.floor(xa);
      const xai = xaf | 0;
      const xbc = Math.ceil(xb);
      const xbi = xbc | 0;
      if (dense) {
        const first = base + xai;
        const last = base + (xbi > xai ? xbi : xai + 1);
        if (first >> 5 === last >> 5) {
          // Bits first..last of one word (2 << 31 is 0 in 32 bits, which still gives every bit up to 31).
          touched[first >> 5] |= (2 << (last & 31)) - (1 << (first & 31));
        } else {
          for (let cell = first; cell <= last; cell++) touched[cell >> 5] |= 1 << (cell & 31);
        }
      } else this.touch(y, xai, xbi > xai ? xbi : xai + 1);
      if (xbi <= xai + 1) {
        const xmf = 0.5 * (x + xnext) - xaf;
        acc[base + xai] += d - d * xmf;
        acc[base + xai + 1] += d * xmf;
      } else {
        const s = 1 / (xb - xa);
        const x0f = xa - xaf;
        const a0 = 0.5 * s * (1 - x0f) * (1 - x0f);
        const x1f = xb - xbc + 1;
        const am = 0.5 * s * x1f * x1f;
        acc[base + xai] += d * a0;
        if (xbi === xai + 2) {
          acc[base + xai + 1] += d * (1 - a0 - am);
        } else {
          const a1 = s * (1.5 - x0f);
          acc[base + xai + 1] += d * (a1 - a0);
          const ds = d * s;
          for (let xi = xai + 2; xi < xbi - 1; xi++) acc[base + xi] += ds;
          const a2 = a1 + (xbi - xai - 3) * s;
          acc[base + xbi - 1] += d * (1 - a2 - am);
        }
        acc[base + xbi] += d * am;
      }
      x = xnext;
    }
  }

  private touch(y: number, lo: number, hi: number): void {
    const k = this.segCount++;
    if (k === this.segRow.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.segRow = grow(this.segRow);
      this.segLo = grow(this.segLo);
      this.segHi = grow(this.segHi);
    }
    this.segRow[k] = y;
    this.segLo[k] = lo;
    this.segHi[k] = hi;
  }

  // Counting sort of the touched runs by row.
  private bucketRows(): void {
    const h = this.h;
    const start = this.rowStart;
    start.fill(0, 0, h + 1);
    for (let k = 0; k < this.segCount; k++) start[(this.segRow[k] as number) + 1]++;
    for (let y = 0; y < h; y++) start[y + 1] = (start[y + 1] as number) + (start[y] as number);
    if (this.order.length < this.segCount) this.order = new Int32Array(this.segCount * 2);
    if (this.fillPos.length < h) this.fillPos = new Int32Array(2 * h);
    const fillPos = this.fillPos;
    fillPos.set(start.subarray(0, h));
    for (let k = 0; k < this.segCount; k++) {
      const y = this.segRow[k] as number;
      this.order[fillPos[y] as number] = k;
      fillPos[y]++;
    }
  }

  // Prefix sums along a row give its coverage; between touched runs the sum does not change, so a row is a
  // few spans of constant coverage: partial pixels at the edges and long runs inside. Returns how many spans
  // it found and zeroes the cells it read for the next fill.
  private rowSpans(y: number, opacity: number): number {
    if (this.dense) return this.denseSpans(y, opacity);
    const first = this.rowStart[y] as number;
    const m = (this.rowStart[y + 1] as number) - first;
    if (m === 0) return 0;
    if (this.rowLo.length < m) {
      this.rowLo = new Int32Array(2 * m);
      this.rowHi = new Int32Array(2 * m);
    }
    const lo = this.rowLo;
    const hi = this.rowHi;
    // Insertion sort by first cell: rows hold a handful of runs.
    for (let i = 0; i < m; i++) {
      const k = this.order[first + i] as number;
      const l = this.segLo[k] as number;
      const r = this.segHi[k] as number;
      let j = i - 1;
      while (j >= 0 && (lo[j] as number) > l) {
        lo[j + 1] = lo[j] as number;
        hi[j + 1] = hi[j] as number;
        j--;
      }
      lo[j + 1] = l;
      hi[j + 1] = r;
    }
    const acc = this.acc;
    const base = y * this.stride;
    const w = this.w;
    const { spanX, spanLen, spanCov } = this;
    let n = 0;
    let sum = 0;
    let next = lo[0] as number;
    for (let i = 0; i < m; i++) {
      const l = lo[i] as number;
      const r = hi[i] as number;
      if (l > next && next < w) {
        // A run between touched cells: the coverage there is the running sum.
        const a = sum < 0 ? -sum : sum;
        if (a > 1e-9) {
          spanX[n] = next;
          spanLen[n] = (l < w ? l : w) - next;
          // Sums of many edges drift by an ulp or two: call that full coverage.
          spanCov[n] = (a > 0.9999999 ? 1 : a) * opacity;
          n++;
        }
      }
      for (let c = l > next ? l : next; c <= r; c++) {
        sum += acc[base + c] as number;
        acc[base + c] = 0;
        const a = sum < 0 ? -sum : sum;
        if (a > 1e-9 && c < w) {
          spanX[n] = c;
          spanLen[n] = 1;
          spanCov[n] = (a > 0.9999999 ? 1 : a) * opacity;
          n++;
        }
      }
      if (r + 1 > next) next = r + 1;
    }
    return n;
  }

  // `rowSpans` for a small region: the prefix sum over every cell of the row, with neighbouring cells of the
  // same coverage merged into one span (the inside of a filled shape becomes one run).
  private denseSpans(y: number, opacity: number): number {
    const acc = this.acc;
    const base = y * this.stride;
    const w = this.w;
    const { spanX, spanLen, spanCov } = this;
    let n = 0;
    let sum = 0;
    let last = -1;
    for (let c = 0; c < w; c++) {
      const v = acc[base + c] as number;
      if (v !== 0) {
        sum += v;
        acc[base + c] = 0;
      }
      const a = sum < 0 ? -sum : sum;
      if (a > 1e-9) {
        const cov = (a > 0.9999999 ? 1 : a) * opacity;
        if (cov === last && (spanX[n - 1] as number) + (spanLen[n - 1] as number) === c) {
          spanLen[n - 1] = (spanLen[n - 1] as number) + 1;
        } else {
          spanX[n] = c;
          spanLen[n] = 1;
          spanCov[n] = cov;
          last = cov;
          n++;
        }
      }
    }
    // The two spare columns hold what edges on or past the right border added: nothing to draw, but cleared.
    acc[base + w] = 0;
    acc[base + w + 1] = 0;
    return n;
  }

  // The default preset's case (a small gray byte image), with no spans at all. Between two cells an edge
  // touched, the coverage does not change: such a run is skipped when empty and filled when full, and each
  // touched cell blends straight into its pixel. The bytes are those of a pass over every cell: before a row's
  // first touched cell its sum is exactly zero, and after its last one zero up to rounding (the edges of closed
  // polygons cancel), far below what counts as coverage.
  private denseGray8(data: Uint8Array, start: number, rowStep: number, c0: number, opacity: number): void {
    const { acc, stride, w, touched } = this;
    const words = alignedWords(data);
    const shift = wordShift(data);
    for (let y = 0; y < this.h; y++) {
      const base = y * stride;
      const end = base + stride;
      const row = start + y * rowStep;
      let sum = 0;
      let cov = 0;
      let from = 0;
      for (let k = base >> 5; k <= (end - 1) >> 5; k++) {
        let bits = touched[k] as number;
        // Only this row's cells of the word.
        if (k === base >> 5) bits &= -1 << (base & 31);
        if (k === (end - 1) >> 5 && (end & 31) !== 0) bits &= (1 << (end & 31)) - 1;
        while (bits !== 0) {
          // The lowest block of consecutive touched cells: adding its lowest bit carries through the block.
          const low = bits & -bits;
          const block = bits & ~((bits + low) | 0);
          bits ^= block;
          const firstCell = (k << 5) + 31 - Math.clz32(low);
          const lastCell = (k << 5) + 31 - Math.clz32(block);
          // The run [from, c) before the block has the coverage of the cell before it.
          const c = firstCell - base;
          const to = c < w ? c : w;
          if (to > from && cov !== 0) {
            if (cov === 1) fillWords(data, words, shift, c0, row + from, row + to);
            else blendGray8(data, row + from, to - from, c0, cov);
          }
          for (let cell = firstCell; cell <= lastCell; cell++) {
            sum += acc[cell] as number;
            acc[cell] = 0;
            const a = sum < 0 ? -sum : sum;
            cov = a > 1e-9 ? (a > 0.9999999 ? 1 : a) * opacity : 0;
            const x = cell - base;
            if (x < w) {
              if (cov === 1) data[row + x] = c0;
              else if (cov !== 0) {
                const d = data[row + x] as number;
                data[row + x] = (d + (c0 - d) * cov + 0.5) | 0;
              }
            }
          }
          from = lastCell - base + 1;
        }
      }
    }
  }

  // One writer per pixel type and channel count keeps each loop monomorphic, which V8 runs several times faster.
  private composite(surface: Surface, color: ArrayLike<number>, opacity: number): void {
    const { data, width, channels, offset } = surface;
    const start = offset + (this.y0 * width + this.x0) * channels;
    const rowStep = width * channels;
    const { spanX, spanLen, spanCov } = this;
    if (this.dense && channels === 1 && data instanceof Uint8Array) {
      this.denseGray8(data, start, rowStep, color[0] as number, opacity);
      return;
    }
    if (!this.dense) this.bucketRows();
    if (data instanceof Float32Array) {
      const c = [0, 1, 2].map((i) => (color[Math.min(i, channels - 1)] as number) / 255);
      for (let y = 0; y < this.h; y++) {
        const n = this.rowSpans(y, opacity);
        const row = start + y * rowStep;
        for (let i = 0; i < n; i++) {
          blendFloat(
            data,
            row + (spanX[i] as number) * channels,
            spanLen[i] as number,
            channels,
            c,
            spanCov[i] as number,
          );
        }
      }
    } else if (channels === 1) {
      const c0 = color[0] as number;
      for (let y = 0; y < this.h; y++) {
        const n = this.rowSpans(y, opacity);
        const row = start + y * rowStep;
        for (let i = 0; i < n; i++) {
          const o = row + (spanX[i] as number);
          const len = spanLen[i] as number;
          const a = spanCov[i] as number;
          if (a === 1) fillBytes(data, c0, o, o + len);
          else blendGray8(data, o, len, c0, a);
        }
      }
    } else {
      const words = rgbWords(color);
      const u32 = alignedWords(data);
      const shift = wordShift(data);
      for (let y = 0; y < this.h; y++) {
        const n = this.rowSpans(y, opacity);
        const row = start + y * rowStep;
        for (let i = 0; i < n; i++) {
          const o = row + 3 * (spanX[i] as number);
          const len = spanLen[i] as number;
          const a = spanCov[i] as number;
          if (a === 1) fillRgb8(data, u32, shift, words, color, o, len);
          else blendRgb8(data, o, len, color, a);
        }
      }
    }
  }
}

// Regions up to this many accumulation cells (a 64x64 image) are read densely.
const DENSE_CELLS = 66 * 64;

function blendFloat(
  data: Float32Array,
  o: number,
  len: number,
  channels: number,
  c: number[],
  a: number,
): void {
  for (const stop = o + len * channels; o < stop; o += channels) {
    for (let ch = 0; ch < channels; ch++) {
      const d = data[o + ch] as number;
      data[o + ch] = d + ((c[ch] as number) - d) * a;
    }
  }
}

// Rounds half up by hand: a Uint8Array truncates on store.
function blendGray8(data: Uint8Array, o: number, len: number, c0: number, a: number): void {
  for (const stop = o + len; o < stop; o++) {
    const d = data[o] as number;
    data[o] = (d + (c0 - d) * a + 0.5) | 0;
  }
}

function blendRgb8(data: Uint8Array, o: number, len: number, color: ArrayLike<number>, a: number): void {
  const c0 = color[0] as number;
  const c1 = color[1] as number;
  const c2 = color[2] as number;
  for (const stop = o + 3 * len; o < stop; o += 3) {
    const d0 = data[o] as number;
    const d1 = data[o + 1] as number;
    const d2 = data[o + 2] as number;
    data[o] = (d0 + (c0 - d0) * a + 0.5) | 0;
    data[o + 1] = (d1 + (c1 - d1) * a + 0.5) | 0;
    data[o + 2] = (d2 + (c2 - d2) * a + 0.5) | 0;
  }
}

// The three 32-bit words of four RGB pixels, for each of the three phases a word boundary can fall on. Built
// through a byte view, so they are right on any endianness.
function rgbWords(color: ArrayLike<number>): Int32Array {
  const bytes = new Uint8Array(36);
  for (let p = 0; p < 3; p++) {
    for (let j = 0; j < 12; j++) bytes[p * 12 + j] = color[(p + j) % 3] as number;
  }
  return new Int32Array(bytes.buffer);
}

// Fills `len` RGB pixels from byte `o` with one colour: byte stores up to a word boundary, then three words per
// four pixels, which is three to four times faster than a store per byte.
function fillRgb8(
  data: Uint8Array,
  u32: Int32Array,
  shift: number,
  words: Int32Array,
  color: ArrayLike<number>,
  o: number,
  len: number,
): void {
  const total = 3 * len;
  let j = 0;
  while (j < total && (o + j - shift) % 4 !== 0) {
    data[o + j] = color[j % 3] as number;
    j++;
  }
  const groups = ((total - j) / 12) | 0;
  if (groups > 0) {
    // Twelve bytes hold four whole pixels, so the phase of the colour at each group start stays the same.
    const p = (j % 3) * 3;
    const w0 = words[p] as number;
    const w1 = words[p + 1] as number;
    const w2 = words[p + 2] as number;
    let wi = (o + j - shift) / 4;
    for (let g = 0; g < groups; g++, wi += 3) {
      u32[wi] = w0;
      u32[wi + 1] = w1;
      u32[wi + 2] = w2;
    }
    j += groups * 12;
  }
  while (j < total) {
    data[o + j] = color[j % 3] as number;
    j++;
  }
}
