#!/usr/bin/env node
// What makes `shapes demo`'s unseen hexagon come back "unknown": a model transferred to star and pentagon from 20
// examples each, on a base trained on circle, square and triangle, is asked about 200 hexagons it never saw,
// under each recipe we tried for "unknown". For each: accuracy on held-out star and pentagon images with the rule
// (an "unknown" answer counts as wrong), the share of hexagons answered "unknown", at two known-rates of the
// softmax rule (test-time augmentation on), with and without the base check (calibrateOpenSet's `base`), and
// the AUROC of known images against hexagons by the rule's score. Prints JSON.
// Usage (after a build): node bench/unseen-hexagon.mjs [--base DIR] [--val-per-class 500] (without --base, a base is
// trained as the demo's: 1,000 images per class and --base-outliers, default 2,000, as "none of these")
import { parseArgs } from 'node:util';
import { createDataset, dihedral } from '@shapes/data';
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
import { auroc, concatDatasets, fineTune, outlierDataset, trainBase } from '../dist/index.js';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    'base-outliers': { type: 'string', default: '2000' },
    'val-per-class': { type: 'string', default: '500' },
  },
});
const log = (line) => process.stderr.write(`${line}\n`);
const backend = await selectBackend();
log(describeBackend(backend));
const base = values.base
  ? (await loadModelFromDir(values.base)).model
  : (
      await trainBase({
        perClass: 1000,
        outliers: Number(values['base-outliers']),
        makeDataset: (o) => createDatasetParallel({ ...o, preset: 'default' }),
      })
    ).model;

const shapes = ['star', 'pentagon'];
const examples = createDataset({ shapes, perClass: 20, seed: 5 });
// As many calibration images as the demo's transferred model (its DEMO.transferValPerClass) by default.
const val = createDataset({ shapes, perClass: Number(values['val-per-class']), seed: 6 });
const test = createDataset({ shapes, perClass: 150, seed: 7 });
const hexagons = createDataset({ shapes: ['hexagon'], perClass: 200, seed: 8 });
// Every other shape of the generator but the hexagon, trained as "none of these" (outlier exposure).
const OTHERS = ['circle', 'ellipse', 'square', 'rectangle', 'triangle', 'octagon', 'diamond'];
const none = (perShape) => {
  const d = createDataset({ shapes: OTHERS, perClass: perShape, seed: 22 });
  d.labels.fill(-1);
  return { ...d, classNames: shapes };
};
const share = (xs, f) => +(xs.filter(f).length / xs.length).toFixed(3);

const recipes = [
  ['head only', examples, {}],
  [
    'head, 1,000 outliers of the five families as "none" (fineTune\'s outliers, shapes transfer\'s default)',
    examples,
    { outliers: outlierDataset(1000, 9, shapes) },
  ],
  ['head, 160 random polygons as "none"', concatDatasets(examples, outlierDataset(160, 9, shapes)), {}],
  [
    'head, the other shapes and random polygons as "none" (150 each)',
    concatDatasets(concatDatasets(examples, none(150)), outlierDataset(150, 9, shapes)),
    {},
  ],
  [
    'the same, then every layer fine-tuned (5,000 samples)',
    concatDatasets(concatDatasets(examples, none(150)), outlierDataset(150, 9, shapes)),
    { fineTuneSamples: 5000 },
  ],
];
const results = [];
for (const [recipe, train, options] of recipes) {
  const { model, seconds } = await fineTune(base, train, options);
  // The validation images through the model once, for the three rules.
  const valOutputs = modelOutputs(model, val, { tta: true });
  for (const [knownRate, baseCheck] of [
    [0.995, false],
    [0.98, false],
    [0.995, true],
  ]) {
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
      trainSeconds: +seconds.toFixed(1),
      knownAccuracy: share(known, (p, i) => !p.unknown && p.index === test.labels[i]),
      hexagonsUnknown: share(unseen, (p) => p.unknown),
      hexagonsPentagon: share(unseen, (p) => p.label === 'pentagon'),
      // Known (held-out star and pentagon) against hexagons, by the rule's score: 0.5 is chance.
      auroc: +auroc(
        [...known, ...unseen].map((p) => p.score),
        [...known.map(() => true), ...unseen.map(() => false)],
      ).toFixed(3),
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
  const rest = createDataset({
    shapes: OTHERS.filter((s) => s !== 'diamond').concat('pentagon'),
    perClass: 150,
    seed: 22,
  });
  rest.labels.fill(-1);
  const train = concatDatasets(
    concatDatasets(ex, { ...rest, classNames: pair }),
    outlierDataset(150, 9, pair),
  );
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
console.log(
  JSON.stringify({ backend: describeBackend(backend), shapes, unseen: 'hexagon', results }, null, 2),
);
