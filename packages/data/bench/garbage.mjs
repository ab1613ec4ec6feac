#!/usr/bin/env node
// Garbage per image: how many bytes the `default` preset's renderer allocates per 64x64 image (all of it
// garbage: images go into a buffer made beforehand), from V8's sampling heap profiler with the objects that
// garbage collections freed counted in. Prints JSON, with the functions that allocate most.
// Usage (after a build): node bench/garbage.mjs [--images 30000]
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { renderRange, resolveDatasetConfig } from '../dist/index.js';

const { values } = parseArgs({ options: { images: { type: 'string', default: '30000' } } });
const n = Number(values.images);
const config = resolveDatasetConfig({
  shapes: ['circle', 'square', 'triangle'],
  perClass: Math.ceil(n / 3),
  preset: 'default',
  seed: 1,
});
const images = new Uint8Array(n * 64 * 64);
// Once before profiling, so that what is measured is the optimized code's steady state.
renderRange(config, images, 0, n);
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 4096,
  includeObjectsCollectedByMinorGC: true,
  includeObjectsCollectedByMajorGC: true,
});
renderRange(config, images, 0, n);
const { profile } = await session.post('HeapProfiler.stopSampling');
session.disconnect();
const bytes = new Map();
(function walk(node) {
  const name = node.callFrame.functionName || '(anonymous)';
  bytes.set(name, (bytes.get(name) ?? 0) + node.selfSize);
  for (const child of node.children) walk(child);
})(profile.head);
const total = [...bytes.values()].reduce((a, b) => a + b, 0);
console.log(
  JSON.stringify({
    images: n,
    bytesPerImage: Math.round(total / n),
    topAllocators: [...bytes]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([name, b]) => ({ function: name, bytesPerImage: Math.round(b / n) })),
  }),
);
