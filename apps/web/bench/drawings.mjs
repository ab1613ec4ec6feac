#!/usr/bin/env node
// What saved models answer for the end-to-end test's drawings (e2e/strokes.mjs: circle, square, triangle, star,
// and shapes no base was taught: zigzag, spiral, cross, heart, hexagon), drawn in Node as the pad draws them
// (a 12-pixel pen, dark on white, 256x256) and framed by the page's own `fitDrawing`. The e2e logs the same
// answers from a model trained in the browser; this compares models side by side in seconds.
//
// One drawing per shape says little (a base may flag one cross and not the next), so `--variants K` also draws
// K of each, every one turned, stretched, wobbled and penned at random (seeded), and counts how many come back
// right (the model's own classes) or `unknown` (every other shape). And since flagging is only worth what it
// costs, it counts the real hand drawings of the model's classes (../shared/realdata/hand-drawn, when present)
// that come back `unknown`.
// Usage (after a build of the packages): node bench/drawings.mjs [--variants 24] MODEL_DIR [MODEL_DIR...]
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Rasterizer, Rng, strokePolyline } from '@shapes/data';
import { classifierOf } from '@shapes/models';
import { loadModelFromDir } from '@shapes/models/node';
import { selectBackend } from '@shapes/runtime';
import { readImagesOf } from '@shapes/train/node';
import { createServer } from 'vite';
import { SHAPES, UNFAMILIAR } from '../e2e/strokes.mjs';

const { values, positionals: dirs } = parseArgs({
  allowPositionals: true,
  options: {
    variants: { type: 'string', default: '0' },
    realdata: {
      type: 'string',
      default: join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/realdata'),
    },
  },
});
const variants = Number(values.variants);
if (dirs.length === 0 || !(Number.isInteger(variants) && variants >= 0)) {
  console.error(
    'Usage: node bench/drawings.mjs [--variants K] MODEL_DIR [MODEL_DIR...] (folders saved by the CLI or bench/base.mjs; K drawings of each shape besides the e2e one, default 0)',
  );
  process.exit(2);
}
// Vite loads the page's TypeScript module as it is, so Node frames a drawing exactly as the page does.
const vite = await createServer({
  root: new URL('..', import.meta.url).pathname,
  configFile: false,
  logLevel: 'error',
  optimizeDeps: { noDiscovery: true },
  server: { middlewareMode: true },
});
const { fitDrawing } = await vite.ssrLoadModule('/src/fit-drawing.ts');
await vite.close();
await selectBackend();

const PAD = 256;
const PEN = 12;
const drawings = { ...SHAPES, ...UNFAMILIAR };
const names = Object.keys(drawings);

// Pad points as a stroke of `pen` pixels, framed for a model of `size` pixels.
function render(points, pen, size) {
  const gray = new Uint8Array(PAD * PAD).fill(255);
  const raster = new Rasterizer();
  for (const p of strokePolyline(points.flat(), false, pen / 2)) raster.addPolygon(p);
  raster.fill({ data: gray, width: PAD, height: PAD, channels: 1, offset: 0 }, [17]);
  return fitDrawing(gray, PAD, PAD, size).pixels;
}

// The same hand, less steady: up to ±30° of turn, 0.8-1.15x wider, each point off by up to 1.5 pixels, a pen of
// 7 to 16 pixels. Framing undoes the drawing's size and place, so those are left alone.
function variantsOf(draw, count, rng) {
  return Array.from({ length: count }, () => {
    const [turn, stretch, pen] = [rng.range(-0.5, 0.5), rng.range(0.8, 1.15), rng.range(7, 16)];
    const [c, s] = [Math.cos(turn), Math.sin(turn)];
    const points = draw().map(([x, y]) => {
      const [u, v] = [(x - PAD / 2) * stretch, y - PAD / 2];
      return [PAD / 2 + u * c - v * s + rng.range(-1.5, 1.5), PAD / 2 + u * s + v * c + rng.range(-1.5, 1.5)];
    });
    return { points, pen };
  });
}

function batchOf(images, size) {
  const pixels = new Uint8Array(images.length * size * size);
  images.forEach((image, i) => {
    pixels.set(image, i * size * size);
  });
  return { images: pixels, shape: [images.length, size, size, 1] };
}

const hand = join(values.realdata, 'hand-drawn');
if (!existsSync(hand))
  console.error(`No real hand drawings at ${hand} (--realdata DIR): their counts are left out.`);
const rows = {};
for (const dir of dirs) {
  const { model, metadata } = await loadModelFromDir(dir);
  const classifier = classifierOf(model, metadata);
  const size = metadata.inputSize;
  const known = new Set(metadata.classNames);
  const row = {};
  const answers = classifier.predict(
    batchOf(
      names.map((n) => render(drawings[n](), PEN, size)),
      size,
    ),
  );
  names.forEach((name, i) => {
    const p = answers[i];
    row[name] = `${p.label} ${(p.confidence * 100).toFixed(0)}%`;
  });
  if (variants > 0) {
    // One stream per shape, so adding a shape to strokes.mjs leaves the others' drawings as they were.
    const counts = {};
    let unfamiliar = 0;
    let flagged = 0;
    for (const name of names) {
      const drawn = variantsOf(drawings[name], variants, new Rng(names.indexOf(name) + 1));
      const ps = classifier.predict(
        batchOf(
          drawn.map((d) => render(d.points, d.pen, size)),
          size,
        ),
      );
      const ok = ps.filter((p) => (known.has(name) ? p.label === name : p.unknown)).length;
      counts[name] = `${ok}/${variants} ${known.has(name) ? 'right' : 'unknown'}`;
      if (!known.has(name)) {
        unfamiliar += variants;
        flagged += ok;
      }
    }
    row.variants = counts;
    row.unfamiliarUnknown = `${flagged}/${unfamiliar}`;
  }
  if (existsSync(hand) && size === 64 && metadata.channels === 1) {
    const real = await readImagesOf(hand, metadata.classNames);
    const ps = classifier.predict(real);
    row.realHandDrawnUnknown = `${ps.filter((p) => p.unknown).length}/${ps.length}`;
    row.realHandDrawnRight = `${ps.filter((p, i) => p.index === real.labels[i] && !p.unknown).length}/${ps.length}`;
  }
  rows[dir] = row;
  model.dispose();
}
console.log(JSON.stringify(rows, null, 2));
