import { writeFileSync } from 'node:fs';
import { describeBackend, selectBackend } from '@shapes/runtime';
import {
  type FewShotTrainingOptions,
  type LearningCurve,
  type LearningCurvePoint,
  learningCurve,
  learningCurveSvg,
  trainBase,
} from '@shapes/train';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { Command, Option } from 'commander';
import { loadBase } from './load-base.js';
import { parseNumber, parseNumberList } from './options.js';
import { fixed, log, printJson } from './output.js';

interface TransferOptions {
  base?: string;
  shots: number;
  seeds: number[];
  curve: boolean;
  tta: boolean;
  frame: boolean;
  curveShots: number[];
  svg?: string;
  headSamples: number;
  headBatchSize: number;
  headRate: number;
  fineTuneSamples: number;
  fineTune: 'none' | 'all-but-last-block';
  fineTuneRate: number;
  scratchSamples: number;
  rotations: number;
}

type Spread = LearningCurve['summary'][number]['accuracy'];

/** A curve's summary for the JSON: each method and shot count, its accuracy's spread over seeds, its mean time. */
export function curveSummary(summary: LearningCurve['summary']) {
  const round = (m: Spread) => ({
    mean: fixed(m.mean, 4),
    std: fixed(m.std, 4),
    min: fixed(m.min, 4),
    max: fixed(m.max, 4),
  });
  return summary.map((s) => ({
    method: s.method,
    shots: s.shots,
    accuracy: round(s.accuracy),
    seconds: fixed(s.seconds.mean, 1),
  }));
}

/** `transfer 20 shots seed 1: 95.3% in 2.1 s`: a progress line per run. */
export function pointLine(p: LearningCurvePoint): string {
  return `${p.method} ${p.shots} shots seed ${p.seed}: ${(p.accuracy * 100).toFixed(1)}% in ${p.seconds.toFixed(1)} s`;
}

/**
 * The transfer goals, measured: from a base model (--base DIR, saved by the `base` benchmark; or trained here),
 * transfer to star, pentagon and hexagon from N examples per class, against the same network from scratch and a
 * prototype head, tested on one held-out synthetic set.
 */
async function run(o: TransferOptions): Promise<void> {
  const report = await selectBackend();
  log(describeBackend(report));
  let base: LayersModel;
  if (o.base) {
    base = (await loadBase(o.base)).model;
    log(`base: ${o.base}`);
  } else {
    log('no --base: training one (the base benchmark with --save DIR keeps one for next time)');
    base = (await trainBase({ makeDataset: undefined })).model;
  }
  const training: FewShotTrainingOptions = {
    headSamples: o.headSamples,
    headBatchSize: o.headBatchSize,
    headRate: o.headRate,
    fineTuneSamples: o.fineTuneSamples,
    fineTune: o.fineTune,
    fineTuneRate: o.fineTuneRate,
    scratchSamples: o.scratchSamples,
    frame: o.frame,
    rotations: o.rotations,
  };
  const curve = await learningCurve({
    base,
    shots: o.curve ? o.curveShots : [o.shots],
    seeds: o.seeds,
    training,
    tta: o.tta,
    onPoint: (p) => log(pointLine(p)),
  });
  if (o.svg) {
    writeFileSync(o.svg, learningCurveSvg(curve));
    log(`wrote ${o.svg}`);
  }
  printJson({
    backend: describeBackend(report),
    shapes: curve.shapes,
    training,
    testTimeAugmentation: o.tta,
    summary: curveSummary(curve.summary),
  });
}

export const transfer = new Command('transfer')
  .description(
    'Transfer to star, pentagon and hexagon from a few examples per class, against training from scratch and a prototype head; --curve for the whole learning curve',
  )
  .option(
    '--base <dir>',
    'the base model, saved by `base --save DIR`, or `pretrained` (default: train one here)',
  )
  .option('--shots <n>', 'examples per class', parseNumber, 20)
  .option('--seeds <list>', 'one run per seed, comma-separated', parseNumberList, [1, 2, 3])
  .option('--curve', 'run the whole learning curve (--curve-shots)', false)
  .option(
    '--curve-shots <list>',
    'examples per class along the curve',
    parseNumberList,
    [1, 2, 5, 10, 20, 50, 100],
  )
  .option('--svg <file>', 'draw the curve into this SVG file')
  .option('--no-tta', 'test without test-time augmentation (the 8 rotations and mirror images, averaged)')
  .option('--no-frame', "transfer and scratch do not frame their images (fineTune's frame: false)")
  .option('--head-samples <n>', 'samples the new head trains on', parseNumber, 100000)
  .option('--head-batch-size <n>', "the head's batch size", parseNumber, 256)
  .option('--head-rate <r>', "the head's learning rate", parseNumber, 0.01)
  .option('--fine-tune-samples <n>', 'samples of fine-tuning after the head (0: none)', parseNumber, 0)
  .addOption(
    new Option('--fine-tune <layers>', 'which layers fine-tuning trains')
      .choices(['none', 'all-but-last-block'])
      .default('none'),
  )
  .option('--fine-tune-rate <r>', "fine-tuning's learning rate", parseNumber, 3e-4)
  .option('--scratch-samples <n>', 'samples the network from scratch trains on', parseNumber, 10000)
  .option(
    '--rotations <n>',
    'copies of each example turned by random angles, besides its right-angle views',
    parseNumber,
    8,
  )
  .action((o: TransferOptions) => run(o));
