#!/usr/bin/env node
// What the base's features owe to each choice, measured by the transfer they allow: trains one variant of
// bench/base.mjs's base (circle, square, triangle, with random outliers as "none of these"), then reports its
// held-out synthetic accuracy, its accuracy on the real sets (never trained on), and the transfer to star,
// pentagon and hexagon from 20 examples per class (3 seeds; the same examples and test set as
// bench/transfer.mjs). Prints JSON.
//   --outliers N     outlier images in the base's training set (base.mjs: as many as --per-class)
//   --per-class N    base images per class (default 2000)
//   --fit            frame every image (training, test, real, transfer) with fitToFrame below, as MNIST
//                    centres and scales its digits, so that small shapes reach the network at full size
//   --keep-cut       with --fit, leave images whose ink reaches the frame as they are (shapes cut by the border)
//   --anchor         with --fit, keep ink that reaches the frame at the frame's edge: the zoom goes towards it
//   --polygons P     share of the outliers that are irregular polygons (outlierDataset's own mix: 0.2), the
//                    rest of outlierDataset's five families
//   --smoke          a run of seconds that checks the script works (CI): tiny sets, 1 epoch, 1 transfer seed
// Usage (after a build): node bench/base-variants.mjs [--seed 1] [--fit] [--outliers N] [--per-class N]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cos, createDataset, listShapes, registerShape, sin } from '@shapes/data';
import { createDatasetParallel } from '@shapes/data/node';
import { argMaxRows, createDefaultCnn, modelOutputs } from '@shapes/models';
import { describeBackend, selectBackend } from '@shapes/runtime';
import { concatDatasets, cosineDecay, fineTune, outlierDataset, Trainer } from '../dist/index.js';
import { readImagesOf } from '../dist/node/index.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    fit: { type: 'boolean', default: false },
    'keep-cut': { type: 'boolean', default: false },
    anchor: { type: 'boolean', default: false },
    polygons: { type: 'string' },
    outliers: { type: 'string' },
    'per-class': { type: 'string', default: '2000' },
    smoke: { type: 'boolean', default: false },
    realdata: {
      type: 'string',
      default: join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/realdata'),
    },
  },
});
const seed = Number(values.seed);
const smoke = values.smoke;
const perClass = smoke ? 30 : Number(values['per-class']);
const outliers = Number(values.outliers ?? perClass);
const log = (line) => process.stderr.write(`${line}\n`);
const backend = await selectBackend();
log(describeBackend(backend));

/**
 * Centres the ink of each gray image and scales it to fill `fill` of the frame. The background level is the
 * median of the border pixels; a pixel's ink is how far it lies from that level above a floor (30% of the
 * largest difference, so noise weighs little); the box holds 99% of the ink along each axis (stray clutter
 * falls outside); bilinear resampling, the background beyond the image.
 */
function fitToFrame(ds, fill = 0.8) {
  const [n, h, w] = ds.shape;
  const per = h * w;
  const out = new Uint8Array(ds.images.length);
  const cols = new Float64Array(w);
  const rows = new Float64Array(h);
  for (let i = 0; i < n; i++) {
    const src = ds.images.subarray(i * per, (i + 1) * per);
    const dst = out.subarray(i * per, (i + 1) * per);
    const border = [];
    for (let x = 0; x < w; x++) border.push(src[x], src[(h - 1) * w + x]);
    for (let y = 1; y < h - 1; y++) border.push(src[y * w], src[y * w + w - 1]);
    border.sort((a, b) => a - b);
    const bg = border[border.length >> 1];
    let max = 0;
    for (let k = 0; k < per; k++) max = Math.max(max, Math.abs(src[k] - bg));
    const floor = Math.max(0.3 * max, 8);
    cols.fill(0);
    rows.fill(0);
    let total = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const m = Math.abs(src[y * w + x] - bg) - floor;
        if (m > 0) {
          cols[x] += m;
          rows[y] += m;
          total += m;
        }
      }
    }
    if (total === 0) {
      dst.set(src);
      continue;
    }
    const quantile = (mass, p) => {
      let s = 0;
      for (let k = 0; k < mass.length; k++) {
        s += mass[k];
        if (s >= p * total) return k;
      }
      return mass.length - 1;
    };
    const x0 = quantile(cols, 0.005);
    const x1 = quantile(cols, 0.995) + 1;
    const y0 = quantile(rows, 0.005);
    const y1 = quantile(rows, 0.995) + 1;
    if (values['keep-cut'] && (x0 <= 0 || y0 <= 0 || x1 >= w || y1 >= h)) {
      dst.set(src);
      continue;
    }
    let zoom = Math.min(3, Math.max(0.8, (fill * w) / Math.max(x1 - x0, y1 - y0, 1)));
    // The centre of the source window: the ink's, or, with --anchor, half a window from each side the ink
    // reaches, so that a cut edge stays on the frame (ink reaching both sides of an axis: no zoom).
    const cut = [x0 <= 0, x1 >= w, y0 <= 0, y1 >= h];
    if (values.anchor && ((cut[0] && cut[1]) || (cut[2] && cut[3]))) zoom = 1;
    const half = w / zoom / 2;
    const centre = (lo, hi, size, atLow, atHigh) =>
      values.anchor && atLow ? half : values.anchor && atHigh ? size - half : (lo + hi) / 2;
    const cx = centre(x0, x1, w, cut[0], cut[1]);
    const cy = centre(y0, y1, h, cut[2], cut[3]);
    const at = (x, y) => (x < 0 || y < 0 || x >= w || y >= h ? bg : src[y * w + x]);
    for (let v = 0; v < h; v++) {
      for (let u = 0; u < w; u++) {
        const sx = cx + (u + 0.5 - w / 2) / zoom - 0.5;
        const sy = cy + (v + 0.5 - h / 2) / zoom - 0.5;
        const ix = Math.floor(sx);
        const iy = Math.floor(sy);
        const fx = sx - ix;
        const fy = sy - iy;
        const upper = at(ix, iy) * (1 - fx) + at(ix + 1, iy) * fx;
        const lower = at(ix, iy + 1) * (1 - fx) + at(ix + 1, iy + 1) * fx;
        dst[v * w + u] = Math.round(upper * (1 - fy) + lower * fy);
      }
    }
  }
  return { ...ds, images: out };
}
const frame = values.fit ? fitToFrame : (ds) => ds;

// The base, as trainBase makes it (same data, schedule and seeds), with the variant's changes.
const shapes = ['circle', 'square', 'triangle'];
const started = performance.now();
const known = frame(await createDatasetParallel({ shapes, perClass, seed, preset: 'default' }));
// outlierDataset draws its five families in equal shares; --polygons adds irregular polygons (as outliers.ts
// draws them) in place of some of the rest.
function outlierMix(n) {
  if (values.polygons === undefined) return outlierDataset(n, seed + 7, shapes);
  const extra = Math.round(((Number(values.polygons) - 0.2) / 0.8) * n);
  if (!listShapes().includes('bench-polygon')) {
    registerShape({
      name: 'bench-polygon',
      outline: (rng) => {
        const corners = rng.int(5, 13);
        const step = (2 * Math.PI) / corners;
        const inner = rng.range(0.35, 0.8);
        const points = [];
        for (let i = 0; i < corners; i++) {
          const angle = step * (i + rng.range(-0.35, 0.35));
          const radius = rng.range(inner, 1);
          points.push(radius * cos(angle), radius * sin(angle));
        }
        return { points, smooth: false };
      },
    });
  }
  const polygons = createDataset({
    shapes: ['bench-polygon'],
    perClass: extra,
    seed: seed + 8,
    preset: 'default',
  });
  polygons.labels.fill(-1);
  return concatDatasets(outlierDataset(n - extra, seed + 7, shapes), { ...polygons, classNames: shapes });
}
const train = outliers > 0 ? concatDatasets(known, frame(outlierMix(outliers))) : known;
const model = createDefaultCnn({ classes: shapes.length, seed });
const trainer = new Trainer({
  model,
  seed,
  batchSize: 32,
  learningRate: cosineDecay({ initial: 3e-3, epochs: smoke ? 1 : 3, warmupEpochs: smoke ? 0 : 1 }),
});
await trainer.fit(train, { epochs: smoke ? 1 : 3 });
const trainSeconds = (performance.now() - started) / 1000;
const test = frame(
  await createDatasetParallel({
    shapes,
    perClass: smoke ? 10 : 500,
    seed: seed + 1_000_003,
    preset: 'default',
  }),
);
const testAccuracy = (await trainer.evaluate(test)).accuracy;
const real = {};
for (const set of ['four-shapes', 'hand-drawn']) {
  const images = await readImagesOf(join(values.realdata, set), shapes).catch(() => undefined);
  if (images) real[set] = +(await trainer.evaluate(frame(images))).accuracy.toFixed(4);
}
log(`base: ${trainSeconds.toFixed(1)} s, test ${(testAccuracy * 100).toFixed(2)}%`);

const newShapes = ['star', 'pentagon', 'hexagon'];
const newTest = frame(
  createDataset({ shapes: newShapes, perClass: smoke ? 10 : 300, seed: 900_001, preset: 'default' }),
);
const transfer = [];
for (const s of smoke ? [1] : [1, 2, 3]) {
  const examples = frame(
    createDataset({ shapes: newShapes, perClass: 20, seed: 100_000 * s + 20, preset: 'default' }),
  );
  const { model: tuned, seconds } = await fineTune(model, examples, {
    seed: s,
    ...(smoke ? { headSamples: 512 } : {}),
  });
  const { probabilities, classes } = modelOutputs(tuned, newTest, { tta: true });
  tuned.dispose();
  const predicted = argMaxRows(probabilities, classes);
  const accuracy = predicted.filter((c, i) => c === newTest.labels[i]).length / predicted.length;
  transfer.push({ seed: s, accuracy: +accuracy.toFixed(4), seconds: +seconds.toFixed(1) });
  log(`transfer seed ${s}: ${(accuracy * 100).toFixed(1)}%`);
}
console.log(
  JSON.stringify({
    backend: describeBackend(backend),
    variant: {
      seed,
      perClass,
      outliers,
      fit: values.fit,
      keepCut: values['keep-cut'],
      anchor: values.anchor,
      polygons: values.polygons === undefined ? 0.2 : Number(values.polygons),
    },
    base: { trainSeconds: +trainSeconds.toFixed(1), testAccuracy: +testAccuracy.toFixed(4), real },
    transfer20: {
      mean: +(transfer.reduce((a, t) => a + t.accuracy, 0) / transfer.length).toFixed(4),
      runs: transfer,
    },
  }),
);
