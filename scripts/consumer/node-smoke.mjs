// Runs inside a fresh npm project that installed the packed tarballs: every package's public API, as a user
// who read the READMEs would call it. Exits non-zero on the first thing that goes wrong.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentHash, createDataset, split } from '@shapes/data';
import { readImageFolder, writeImageFolder } from '@shapes/data/node';
import { createDefaultCnn, createMetadata, predict } from '@shapes/models';
import { loadModelFromDir, saveModelToDir } from '@shapes/models/node';
import { describeBackend, selectBackend } from '@shapes/runtime';
import { dawnWebgpu } from '@shapes/runtime/node';
import { renderReport, Trainer } from '@shapes/train';
import { writeReport } from '@shapes/train/node';

function check(ok, message) {
  if (!ok) throw new Error(`FAILED: ${message}`);
  console.log(`ok: ${message}`);
}

// The WebGPU-on-Dawn rung is optional: without the `webgpu` package it is skipped with the reason, never required.
const report = await selectBackend({ routes: { webgpu: dawnWebgpu() } });
check(report.backend === 'wasm', describeBackend(report));
check(
  report.skipped.some((s) => s.backend === 'webgpu' && s.reason === 'not installed (npm install webgpu)'),
  'the Dawn route says "not installed" without the webgpu package',
);

const data = createDataset({ shapes: ['circle', 'square'], perClass: 60, seed: 1 });
check(
  data.shape.join() === '120,64,64,1',
  `createDataset gives ${data.shape.join('x')} (hash ${contentHash(data)})`,
);
const dir = mkdtempSync(join(tmpdir(), 'shapes-consumer-'));
await writeImageFolder(data, join(dir, 'data'));
const back = await readImageFolder(join(dir, 'data'));
check(
  back.shape[0] === 120 && back.classNames.join() === 'circle,square',
  'ImageFolder written and read back',
);

const { train, test } = split(data, { train: 0.8, val: 0, test: 0.2, seed: 1 });
const model = createDefaultCnn({ classes: 2, seed: 1 });
const trainer = new Trainer({ model, seed: 1 });
const { history } = await trainer.fit(train, { epochs: 2 });
check(
  history.length === 2 && Number.isFinite(history[1].loss),
  `trained 2 epochs, loss ${history[1].loss.toFixed(3)}`,
);

const classNames = ['circle', 'square'];
const before = predict(model, test, { classNames });
check(before.length === test.shape[0], `predict answers ${before.length} images`);
await saveModelToDir(model, join(dir, 'model'), createMetadata(model, { classNames }));
const { model: loaded, metadata } = await loadModelFromDir(join(dir, 'model'));
const after = predict(loaded, test, { classNames: metadata.classNames });
check(
  after.every((p, i) => p.label === before[i].label && Math.abs(p.confidence - before[i].confidence) < 1e-5),
  'the saved and loaded model answers the same',
);
const html = renderReport({
  title: 'consumer smoke',
  sections: [
    { kind: 'history', title: 'training', history: history.map((h, i) => ({ ...h, epoch: i + 1 })) },
  ],
});
check(
  html.startsWith('<!doctype html>') && html.includes('consumer smoke'),
  "@shapes/train's renderReport renders a report",
);
const written = await writeReport(join(dir, 'report', 'report.html'), {
  title: 'consumer smoke',
  sections: [{ kind: 'text', title: 'hello', paragraphs: ['world'] }],
});
check(readFileSync(written, 'utf8').includes('world'), "@shapes/train/node's writeReport writes it");
trainer.dispose();
console.log('node smoke passed');
