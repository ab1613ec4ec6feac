#!/usr/bin/env node
// What saved models answer for the end-to-end test's drawings (e2e/strokes.mjs: circle, square, triangle, star,
// and shapes no base was taught: zigzag, spiral, cross, heart, hexagon), drawn in Node as the pad draws them
// (a 12-pixel pen, dark on white, 256x256) and framed by the page's own `fitDrawing`. The e2e logs the same
// answers from a model trained in the browser; this compares models side by side in seconds.
// Usage (after a build of the packages): node bench/drawings.mjs MODEL_DIR [MODEL_DIR...]
import { Rasterizer, strokePolyline } from '@shapes/data';
import { classifierOf } from '@shapes/models';
import { loadModelFromDir } from '@shapes/models/node';
import { selectBackend } from '@shapes/runtime';
import { createServer } from 'vite';
import { SHAPES, UNFAMILIAR } from '../e2e/strokes.mjs';

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error(
    'Usage: node bench/drawings.mjs MODEL_DIR [MODEL_DIR...] (folders saved by the CLI or bench/base.mjs)',
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
const rows = {};
for (const dir of dirs) {
  const { model, metadata } = await loadModelFromDir(dir);
  const classifier = classifierOf(model, metadata);
  const row = {};
  for (const [name, draw] of Object.entries(drawings)) {
    const gray = new Uint8Array(PAD * PAD).fill(255);
    const raster = new Rasterizer();
    for (const p of strokePolyline(draw().flat(), false, PEN / 2)) raster.addPolygon(p);
    raster.fill({ data: gray, width: PAD, height: PAD, channels: 1, offset: 0 }, [17]);
    const { pixels } = fitDrawing(gray, PAD, PAD, metadata.inputSize);
    const [p] = classifier.predict({ images: pixels, shape: [1, metadata.inputSize, metadata.inputSize, 1] });
    row[name] = `${p.label} ${(p.confidence * 100).toFixed(0)}%`;
  }
  rows[dir] = row;
  model.dispose();
}
console.log(JSON.stringify(rows, null, 2));
