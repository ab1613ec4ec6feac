import { createDataset, type Dataset, dihedral } from '@shapes/data';
import { createDatasetParallel } from '@shapes/data/node';
import {
  calibrateOpenSet,
  FewShotClassifier,
  modelOutputs,
  predict,
  ruleFromOutputs,
  thresholdKeeping,
} from '@shapes/models';
import { loadModelFromDir } from '@shapes/models/node';
import { describeBackend, selectBackend } from '@shapes/runtime';
import {
  auroc,
  concatDatasets,
  type FewShotTrainingOptions,
  fineTune,
  outlierDataset,
  trainBase,
} from '@shapes/train';
import { Command } from 'commander';
import { parseNumber } from './options.js';
import { fixed, log, printJson } from './output.js';

interface UnseenOptions {
  base?: string;
  baseOutliers: number;
  valPerClass: number;
}

/** Every other shape of the generator but the hexagon, trained as "none of these" (outlier exposure). */
const OTHERS = ['circle', 'ellipse', 'square', 'rectangle', 'triangle', 'octagon', 'diamond'];

/** The share of `xs` for which `f` holds, to 3 decimals. */
export function share<T>(xs: readonly T[], f: (x: T, i: number) => boolean): number {
  return fixed(xs.filter(f).length / xs.length, 3);
}

/** `shapes` drawn `perShape` times each, labelled "none of these" for a model of `classNames`. */
function noneOf(shapes: string[], perShape: number, classNames: string[]): Dataset {
  const d = createDataset({ shapes, perClass: perShape, seed: 22 });
  d.labels.fill(-1);
  return { ...d, classNames };
}

/**
 * What makes `shapes demo`'s unseen hexagon come back "unknown": a model transferred to star and pentagon from 20
 * examples each, on a base trained on circle, square and triangle, is asked about 200 hexagons it never saw,
 * under each recipe for "unknown". For each: accuracy on held-out star and pentagon images with the rule (an
 * "unknown" answer counts as wrong), the share of hexagons answered "unknown", at two known-rates of the softmax
 * rule (test-time augmentation on), with and without the base check, and the AUROC of known images against
 * hexagons by the rule's score.
 */
async function run(o: UnseenOptions): Promise<void> {
  const backend = await selectBackend();
  log(describeBackend(backend));
  const base = o.base
    ? (await loadModelFromDir(o.base)).model
    : (
        await trainBase({
          perClass: 1000,
          outliers: o.baseOutliers,
          makeDataset: (d) => createDatasetParallel({ ...d, preset: 'default' }),
        })
      ).model;

  const shapes = ['star', 'pentagon'];
  const examples = createDataset({ shapes, perClass: 20, seed: 5 });
  // As many calibration images as the demo's transferred model by default.
  const val = createDataset({ shapes, perClass: o.valPerClass, seed: 6 });
  const test = createDataset({ shapes, perClass: 150, seed: 7 });
  const hexagons = createDataset({ shapes: ['hexagon'], perClass: 200, seed: 8 });
  const othersAndPolygons = () =>
    concatDatasets(concatDatasets(examples, noneOf(OTHERS, 150, shapes)), outlierDataset(150, 9, shapes));

  const recipes: [string, Dataset, FewShotTrainingOptions][] = [
    ['head only', examples, {}],
    [
      'head, 1,000 outliers of the five families as "none" (fineTune\'s outliers, shapes transfer\'s default)',
      examples,
      { outliers: outlierDataset(1000, 9, shapes) },
    ],
    ['head, 160 random polygons as "none"', concatDatasets(examples, outlierDataset(160, 9, shapes)), {}],
    ['head, the other shapes and random polygons as "none" (150 each)', othersAndPolygons(), {}],
    ['the same, then every layer fine-tuned (5,000 samples)', othersAndPolygons(), { fineTuneSamples: 5000 }],
  ];
  const results: Record<string, unknown>[] = [];
  for (const [recipe, train, options] of recipes) {
    const { model, seconds } = await fineTune(base, train, options);
    // The validation images through the model once, for the three rules.
    const valOutputs = modelOutputs(model, val, { tta: true });
    for (const [knownRate, baseCheck] of [
      [0.995, false],
      [0.98, false],
      [0.995, true],
    ] as const) {
      const rule = ruleFromOutputs(valOutputs, val.labels, {
        tta: true,
        knownRate,
        base: baseCheck ? base : undefined,
      });
      const known = predict(model, test, { classNames: shapes, rule });
      const unseen = predict(model, hexagons, { classNames: shapes, rule });
      results.push({
        recipe,
        knownRate,
        baseCheck,
        trainSeconds: fixed(seconds, 1),
        knownAccuracy: share(known, (p, i) => !p.unknown && p.index === test.labels[i]),
        hexagonsUnknown: share(unseen, (p) => p.unknown),
        hexagonsPentagon: share(unseen, (p) => p.label === 'pentagon'),
        // Known (held-out star and pentagon) against hexagons, by the rule's score: 0.5 is chance.
        auroc: fixed(
          auroc(
            [...known, ...unseen].map((p) => p.score),
            [...known.map(() => true), ...unseen.map(() => false)],
          ),
          3,
        ),
      });
      log(JSON.stringify(results.at(-1)));
    }
    model.dispose();
  }
  // The energy score (log-sum-exp of the logits) instead of the softmax, on the head alone.
  {
    const { model } = await fineTune(base, examples);
    for (const knownRate of [0.995, 0.98]) {
      const rule = calibrateOpenSet(model, val, { tta: true, knownRate, method: 'energy' });
      const known = predict(model, test, { classNames: shapes, rule });
      const unseen = predict(model, hexagons, { classNames: shapes, rule });
      results.push({
        recipe: 'head only, energy score',
        knownRate,
        knownAccuracy: share(known, (p, i) => !p.unknown && p.index === test.labels[i]),
        hexagonsUnknown: share(unseen, (p) => p.unknown),
        hexagonsPentagon: share(unseen, (p) => p.label === 'pentagon'),
      });
    }
    model.dispose();
  }
  // Without the hexagon's nearest neighbour: star and diamond, with the other shapes as "none".
  {
    const pair = ['star', 'diamond'];
    const ex = createDataset({ shapes: pair, perClass: 20, seed: 5 });
    const rest = noneOf(OTHERS.filter((s) => s !== 'diamond').concat('pentagon'), 150, pair);
    const train = concatDatasets(concatDatasets(ex, rest), outlierDataset(150, 9, pair));
    const { model } = await fineTune(base, train);
    const pairVal = createDataset({ shapes: pair, perClass: 150, seed: 6 });
    const pairTest = createDataset({ shapes: pair, perClass: 150, seed: 7 });
    for (const knownRate of [0.995, 0.98]) {
      const rule = calibrateOpenSet(model, pairVal, { tta: true, knownRate });
      const known = predict(model, pairTest, { classNames: pair, rule });
      const unseen = predict(model, hexagons, { classNames: pair, rule });
      results.push({
        recipe: 'star and diamond instead, the other shapes and random polygons as "none" (150 each)',
        knownRate,
        knownAccuracy: share(known, (p, i) => !p.unknown && p.index === pairTest.labels[i]),
        hexagonsUnknown: share(unseen, (p) => p.unknown),
      });
    }
    model.dispose();
  }
  for (const knownRate of [0.995, 0.98]) {
    const head = FewShotClassifier.fromExamples(base, dihedral(examples), shapes);
    head.setThreshold(
      thresholdKeeping(
        head.predict(val).map((p) => p.score),
        knownRate,
      ),
    );
    const known = head.predict(test);
    const unseen = head.predict(hexagons);
    results.push({
      recipe: 'prototype head (cosine), threshold from validation images',
      knownRate,
      knownAccuracy: share(known, (p, i) => !p.unknown && p.index === test.labels[i]),
      hexagonsUnknown: share(unseen, (p) => p.unknown),
      hexagonsPentagon: share(unseen, (p) => p.label === 'pentagon'),
    });
  }
  printJson({ backend: describeBackend(backend), shapes, unseen: 'hexagon', results }, true);
}

export const unseenHexagon = new Command('unseen-hexagon')
  .description(
    'What makes an unseen hexagon come back "unknown" from a star/pentagon model: every open-set recipe, scored',
  )
  .option(
    '--base <dir>',
    'the base model (default: train one as the demo does: 1,000 images per class and --base-outliers as "none of these")',
  )
  .option('--base-outliers <n>', 'outliers of the base trained here', parseNumber, 2000)
  .option('--val-per-class <n>', 'calibration images per class', parseNumber, 500)
  .action((o: UnseenOptions) => run(o));
