#!/usr/bin/env node
// Issue 4's transfer goals, measured: from a base model saved by bench/base.mjs (--base DIR; or trained here
// when absent), transfer to star, pentagon and hexagon from N examples per class, against the same network from
// scratch and a prototype head, tested on one held-out synthetic set. --curve runs the whole learning curve
// (1 to 100 examples per class, several seeds) and --svg FILE draws it. Trained models are tested with test-time
// augmentation (the 8 rotations and mirror images, averaged) unless --no-tta. Transfer and scratch frame every
// image (fineTune's default, frameInk of @shapes/data) unless --no-frame. Prints JSON.
// Usage (after a build): node bench/transfer.mjs --base DIR [--shots 20] [--seeds 1,2,3] [--curve] [--svg F]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadModelFromDir } from '@shapes/models/node';
import { describeBackend, selectBackend } from '@shapes/runtime';
import { learningCurve, learningCurveSvg, trainBase } from '../dist/index.js';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    shots: { type: 'string', default: '20' },
    seeds: { type: 'string', default: '1,2,3' },
    curve: { type: 'boolean', default: false },
    'no-tta': { type: 'boolean', default: false },
    'no-frame': { type: 'boolean', default: false },
    'curve-shots': { type: 'string', default: '1,2,5,10,20,50,100' },
    svg: { type: 'string' },
    'head-samples': { type: 'string', default: '100000' },
    'head-batch-size': { type: 'string', default: '256' },
    'head-rate': { type: 'string', default: '0.01' },
    'fine-tune-samples': { type: 'string', default: '0' },
    'fine-tune': { type: 'string', default: 'none' },
    'fine-tune-rate': { type: 'string', default: '3e-4' },
    'scratch-samples': { type: 'string', default: '10000' },
  },
});
const log = (line) => process.stderr.write(`${line}\n`);
const report = await selectBackend();
log(describeBackend(report));
const list = (text) => text.split(',').map(Number);
let base;
if (values.base) {
  base = (await loadModelFromDir(values.base)).model;
  log(`base: ${values.base}`);
} else {
  log('no --base: training one (bench/base.mjs --save DIR keeps one for next time)');
  base = (await trainBase({ makeDataset: undefined })).model;
}
const training = {
  headSamples: Number(values['head-samples']),
  headBatchSize: Number(values['head-batch-size']),
  headRate: Number(values['head-rate']),
  fineTuneSamples: Number(values['fine-tune-samples']),
  fineTune: values['fine-tune'],
  fineTuneRate: Number(values['fine-tune-rate']),
  scratchSamples: Number(values['scratch-samples']),
  frame: !values['no-frame'],
};
const onPoint = (p) =>
  log(
    `${p.method} ${p.shots} shots seed ${p.seed}: ${(p.accuracy * 100).toFixed(1)}% in ${p.seconds.toFixed(1)} s`,
  );
const curve = await learningCurve({
  base,
  shots: values.curve ? list(values['curve-shots']) : [Number(values.shots)],
  seeds: list(values.seeds),
  training,
  tta: !values['no-tta'],
  onPoint,
});
if (values.svg) {
  writeFileSync(values.svg, learningCurveSvg(curve));
  log(`wrote ${values.svg}`);
}
const round = (m) => ({
  mean: +m.mean.toFixed(4),
  std: +m.std.toFixed(4),
  min: +m.min.toFixed(4),
  max: +m.max.toFixed(4),
});
console.log(
  JSON.stringify({
    backend: describeBackend(report),
    shapes: curve.shapes,
    training,
    testTimeAugmentation: !values['no-tta'],
    summary: curve.summary.map((s) => ({
      method: s.method,
      shots: s.shots,
      accuracy: round(s.accuracy),
      seconds: +s.seconds.mean.toFixed(1),
    })),
  }),
);
