#!/usr/bin/env node
// The Quick start's main job until the CLI lands: generate a dataset on the embedded default, write it as an
// ImageFolder, and draw its contact sheet, so a newcomer sees what the generator makes.
import { resolve } from 'node:path';
import { writeContactSheet } from '../node/contact-sheet-png.js';
import { createDatasetParallel } from '../node/generate-parallel.js';
import { writeImageFolder } from '../node/image-folder.js';
import { BUILTIN_SHAPES } from '../shapes.js';

const out = resolve(process.argv[2] ?? 'out');
const shapes = ['circle', 'square', 'triangle'];
const t0 = performance.now();
const ds = await createDatasetParallel({ shapes, perClass: 200, preset: 'default', seed: 0 });
await writeImageFolder(ds, `${out}/dataset`, { overwrite: true });
const sheet = `${out}/contact-sheet.png`;
await writeContactSheet(sheet, { shapes: BUILTIN_SHAPES, perCell: 4 });
const seedSheet = `${out}/contact-sheet-seed.png`;
await writeContactSheet(seedSheet, { shapes: BUILTIN_SHAPES, preset: 'seed', perCell: 4, minTile: 96 });
const s = ((performance.now() - t0) / 1000).toFixed(1);
console.log(
  `Generated ${ds.shape[0]} images of ${shapes.join(', ')} (${ds.shape.slice(1).join('x')}) in ${s}s`,
);
console.log(`  dataset:        ${out}/dataset (ImageFolder with manifest.json)`);
console.log(`  contact sheets: ${sheet} (default preset, every shape and style)`);
console.log(`                  ${seedSheet} (the original demo's distribution)`);
