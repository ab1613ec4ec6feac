import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataset, type Dataset, examplesSeed, type RenderOptions, seedOf } from '@shapes/data';
import { createDatasetParallel } from '@shapes/data/node';
import {
  type Classifier,
  classifierOf,
  type ModelMetadata,
  PRETRAINED,
  type Prediction,
} from '@shapes/models';
import { describeBackend, selectBackend } from '@shapes/runtime';
import {
  DEMO,
  PRETRAINED_RECIPE,
  type PredictionSummary,
  progressLog,
  runTransfer,
  summarizePredictions,
  TRANSFER_DEFAULTS,
  trainBase,
  withUnknowns,
} from '@shapes/train';
import { evaluateFolder } from '@shapes/train/node';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { Command, Option } from 'commander';
import { readRealSet, unknownShapes } from './base.js';
import { loadBase } from './load-base.js';
import { parseNumber } from './options.js';
import { fixed, log, printJson, secondsSince } from './output.js';
import { DEFAULT_REALDATA, PEERS_DIR } from './paths.js';
import { lastJsonLine, PYTHONS } from './peers.js';

interface LooksOptions {
  base?: string;
  demo: boolean;
  frame: boolean;
  perClass: number;
  seed: number;
  realdata: string;
  smoke: boolean;
}

/** The classes a base must know: the ones every look below draws. */
export const BASE_CLASSES = ['circle', 'square', 'triangle'] as const;
/** The classes the transfer learns (and the base's unknowns). */
export const NEW_CLASSES = ['star', 'pentagon', 'hexagon'];

/**
 * The `default` preset's renderer drawing pencil-like lines: outlines and sketches only, dark on light, with a
 * stroke 1 pixel wide at 64x64 (the renderer's stroke width is in pixels at 64 and scales with the image); pose,
 * contrast, noise, blur and clutter stay the preset's.
 */
export const THIN_STROKES: Partial<RenderOptions> = {
  styles: { filled: 0, outline: 1, sketch: 1 },
  strokeWidth: [1, 1],
  darkOnLight: 1,
};

/** The sizes of a run: `--per-class` test images of each generated look, or tiny ones for `--smoke`. */
export function sizesOf(o: { perClass: number; smoke: boolean }) {
  return o.smoke
    ? { perClass: 4, shots: 5, validationPerClass: 10, headSamples: 256, basePerClass: 40, baseEpochs: 1 }
    : {
        perClass: o.perClass,
        shots: TRANSFER_DEFAULTS.perClass,
        validationPerClass: TRANSFER_DEFAULTS.valPerClass,
        headSamples: undefined,
        basePerClass: DEMO.basePerClass,
        baseEpochs: DEMO.baseEpochs,
      };
}

/**
 * A look's figures from a summary of known images (and maybe unknown ones): how many known images, the share
 * whose most likely class is right, the share the saved open-set rule answered `unknown`, and the right share
 * per class (its recall).
 */
export function knownFigures(what: string, s: PredictionSummary) {
  const images = s.images - s.unknown.expected;
  return {
    what,
    images,
    accuracy: fixed(s.accuracy, 4),
    answeredUnknown: fixed(s.unknown.knownFlagged / images, 4),
    perClassAccuracy: Object.fromEntries(
      Object.entries(s.perClass).map(([name, m]) => [name, fixed(m.recall, 4)]),
    ),
  };
}

/** The images of classes the model does not know in a summary: how many, the share flagged, the AUROC. */
export function unknownFigures(s: PredictionSummary) {
  return {
    images: s.unknown.expected,
    classes: s.unknown.classes,
    flaggedUnknown: fixed(s.unknown.flagged / s.unknown.expected, 4),
    auroc: s.unknown.auroc === null ? null : fixed(s.unknown.auroc, 4),
  };
}

/** The share of `predictions` answered `label` (`unknown` included), to 4 decimals. */
export function shareAnswered(predictions: readonly Prediction[], label: string): number {
  return fixed(predictions.filter((p) => p.label === label).length / predictions.length, 4);
}

/** `known`, then `unknown` if given, answered by `classifier` and summarized against their true classes. */
function answer(classifier: Classifier, known: Dataset, unknown?: Dataset) {
  const { data, truth } = unknown
    ? withUnknowns(known, unknown)
    : { data: known, truth: Array.from(known.labels, (l) => known.classNames[l] as string) };
  const predictions = classifier.predict(data);
  return {
    predictions,
    summary: summarizePredictions(predictions, truth, classifier.classNames, { openSet: classifier.openSet }),
  };
}

/**
 * Imports the original demo's `generate_shape_image` from `opencv_peer.py` (its body verbatim, the legacy NumPy
 * RNG seeded once) and writes `per_class` images of each of its shapes, interleaved as its timing modes draw
 * them, as `<out>/<shape>/<i>.png`. `cv2.imwrite` takes BGR, so the channels are flipped: the PNG's red is the
 * array's first channel, as the original's `ToTensor` saw it. No bytecode is written beside the script.
 */
export const OPENCV_WRITER = `
import json, os, sys
sys.dont_write_bytecode = True
peers, out, per_class, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, peers)
import cv2
import numpy as np
from opencv_peer import SHAPES, generate_shape_image
np.random.seed(seed)
for shape in SHAPES:
    os.makedirs(os.path.join(out, shape), exist_ok=True)
for i in range(per_class):
    for shape in SHAPES:
        image = generate_shape_image(shape)
        cv2.imwrite(os.path.join(out, shape, "%04d.png" % i), cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
print(json.dumps({"shapes": SHAPES, "images": per_class * len(SHAPES), "opencvVersion": cv2.__version__}))
`;

/** Why a python run gave nothing: its error's last line (a missing module says which), or its exit status. */
export function whyFailed(r: { error?: Error; status: number | null; stderr: string }): string {
  if (r.error) return r.error.message;
  const last = r.stderr.trim().split('\n').at(-1);
  return last || `exit status ${r.status}`;
}

/**
 * The original demo's generator images, written into `dir` by the first python of {@link PYTHONS} that runs
 * {@link OPENCV_WRITER} to the end: what it printed with that python, or why none could.
 */
function writeOpencvImages(dir: string, perClass: number, seed: number) {
  const failures: string[] = [];
  for (const python of PYTHONS) {
    rmSync(dir, { recursive: true, force: true });
    const r = spawnSync(python, ['-c', OPENCV_WRITER, PEERS_DIR, dir, String(perClass), String(seed)], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    const json = r.status === 0 ? lastJsonLine(r.stdout) : null;
    if (json) return { ...json, python };
    failures.push(`${python}: ${json === null && r.status === 0 ? 'printed no JSON' : whyFailed(r)}`);
  }
  return { unavailable: `no python ran the original generator (${failures.join('; ')})` };
}

/** The base: loaded from `--base`, or trained here as `shapes demo` trains its own (`--demo`). */
async function baseOf(o: LooksOptions, sizes: ReturnType<typeof sizesOf>) {
  if (o.base) {
    const { model, metadata } = await loadBase(o.base);
    return {
      model,
      metadata,
      source: o.base === PRETRAINED ? 'loadPretrainedBase() of @shapes/models' : o.base,
    };
  }
  const seed = 1;
  log(
    `training the demo's base: ${sizes.basePerClass} images per class, ${sizes.baseEpochs} epochs, seed ${seed}`,
  );
  const { model, metadata } = await trainBase({
    shapes: DEMO.baseShapes,
    perClass: sizes.basePerClass,
    epochs: sizes.baseEpochs,
    seed,
    makeDataset: (d) => createDatasetParallel({ ...d, preset: 'default' }),
    callbacks: [progressLog({ write: log, everySeconds: 10 })],
    ...(o.frame ? { preprocessing: PRETRAINED_RECIPE.preprocessing } : {}),
  });
  return {
    model: model as LayersModel,
    metadata,
    source: `--demo${o.frame ? ' --frame' : ''}: trainBase as shapes demo runs it (${sizes.basePerClass} per class, ${sizes.baseEpochs} epochs, seed ${seed})`,
  };
}

/**
 * One base, measured on every look of circle, square and triangle that can be produced here, and its transfer:
 * the `seed` preset, the original demo's OpenCV generator, the real hand drawings and four-shapes (and its real
 * stars, which should come back `unknown`), thin pencil-like strokes, the `default` preset, and the shapes it
 * never saw; then star, pentagon and hexagon taught from 20 examples each, tested on held-out images and on the
 * real stars. Every held-out image comes from `--seed`, no training's.
 */
export async function measureLooks(
  { model, metadata }: { model: LayersModel; metadata: ModelMetadata },
  o: Omit<LooksOptions, 'base' | 'demo' | 'frame'>,
) {
  const sizes = sizesOf(o);
  const missing = BASE_CLASSES.filter((c) => !metadata.classNames.includes(c));
  if (missing.length > 0)
    throw new Error(
      `looks: the base must know circle, square and triangle (it lacks ${missing.join(', ')}).`,
    );
  const classifier = classifierOf(model, metadata);
  const { classNames } = classifier;
  const format = { size: metadata.inputSize, channels: metadata.channels };
  const testSeed = seedOf(o.seed, 'test');
  const unknownSeed = seedOf(o.seed, 'unknown');
  const { perClass } = sizes;
  const generated = (
    extra: { preset?: 'seed' | 'default'; render?: Partial<RenderOptions> },
    shapes = classNames,
  ) => createDataset({ shapes, perClass, seed: testSeed, ...format, ...extra });
  const looks: Record<string, unknown> = {};

  log('seed preset');
  looks.seedPreset = knownFigures(
    `the seed preset (the original demo's look, drawn by @shapes/data) at ${format.size}x${format.size}x${format.channels}, seed ${testSeed}`,
    answer(classifier, generated({ preset: 'seed' })).summary,
  );

  log("the original demo's OpenCV generator");
  const dir = mkdtempSync(join(tmpdir(), 'shapes-looks-opencv-'));
  try {
    const written = writeOpencvImages(dir, perClass, o.seed);
    const what = `the original demo's generate_shape_image (packages/cli/peers/opencv_peer.py), 256x256 RGB PNGs, NumPy seed ${o.seed}, read as shapes evaluate reads a folder`;
    looks.opencv =
      'unavailable' in written
        ? { what, ...written }
        : { ...knownFigures(what, (await evaluateFolder(classifier, dir)).summary), generator: written };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  log('real sets');
  const hand = await readRealSet(o.realdata, 'hand-drawn', classNames, format);
  looks.handDrawn =
    typeof hand === 'string'
      ? { unavailable: hand }
      : knownFigures('hand-drawn (real pen drawings, 70x70)', answer(classifier, hand).summary);
  const fourShapes = await readRealSet(o.realdata, 'four-shapes', classNames, format);
  const stars = await readRealSet(o.realdata, 'four-shapes', ['star'], format);
  if (typeof fourShapes === 'string' || typeof stars === 'string') {
    looks.fourShapes = { unavailable: typeof fourShapes === 'string' ? fourShapes : stars };
  } else {
    const { summary } = answer(classifier, fourShapes, stars);
    looks.fourShapes = {
      ...knownFigures('four-shapes (real filled silhouettes, 200x200) of circle, square, triangle', summary),
      realStars: {
        what: "four-shapes' real stars, which should come back unknown",
        ...unknownFigures(summary),
      },
    };
  }

  log('thin strokes');
  const strokePx = fixed(((THIN_STROKES.strokeWidth?.[0] ?? 1) * format.size) / 64, 2);
  looks.thinStrokes = {
    ...knownFigures(
      `pencil-like: outlines and sketches of the default preset with ${strokePx} px lines, dark on light, at ${format.size}x${format.size}, seed ${testSeed}`,
      answer(classifier, generated({ render: THIN_STROKES })).summary,
    ),
    strokePx,
  };

  log('synthetic held-out and unknown shapes');
  const unknownNames = unknownShapes(classNames).filter((s) => NEW_CLASSES.includes(s));
  const synthetic = answer(
    classifier,
    generated({}),
    createDataset({ shapes: unknownNames, perClass, seed: unknownSeed, ...format }),
  ).summary;
  looks.synthetic = knownFigures(`the default preset, seed ${testSeed}`, synthetic);
  looks.unknownShapes = {
    what: `${unknownNames.join(', ')} of the default preset (seed ${unknownSeed}) against the known held-out images, by the saved open-set rule's score`,
    ...unknownFigures(synthetic),
  };

  log(`transfer to ${NEW_CLASSES.join(', ')} from ${sizes.shots} examples each`);
  const examples = createDataset({
    shapes: NEW_CLASSES,
    perClass: sizes.shots,
    seed: examplesSeed(1, sizes.shots),
    ...format,
  });
  const validation = createDataset({
    shapes: NEW_CLASSES,
    perClass: sizes.validationPerClass,
    seed: seedOf(1, 'validation'),
    ...format,
  });
  const transferred = await runTransfer({
    base: { model, metadata },
    examples,
    validation,
    ...(sizes.headSamples === undefined ? {} : { headSamples: sizes.headSamples }),
  });
  const heldOut = answer(transferred.classifier, generated({}, NEW_CLASSES)).summary;
  const realStars =
    typeof stars === 'string' ? { unavailable: stars } : transferred.classifier.predict(stars);
  const transfer = {
    what: `runTransfer with its defaults: ${sizes.shots} examples per class (seed ${examplesSeed(1, sizes.shots)}), ${sizes.validationPerClass} validation images per class (seed ${seedOf(1, 'validation')})`,
    shapes: NEW_CLASSES,
    examplesPerClass: sizes.shots,
    validationPerClass: sizes.validationPerClass,
    outliers: transferred.outliers,
    noBaseCheck: transferred.noBaseCheck,
    trainSeconds: fixed(transferred.seconds, 1),
    heldOut: {
      ...knownFigures(`the default preset, seed ${testSeed}`, heldOut),
      accuracyWithUnknown: fixed(heldOut.accuracyWithUnknown, 4),
    },
    realStars: Array.isArray(realStars)
      ? {
          what: "four-shapes' real stars: the share answered star (with the new model's open-set rule)",
          images: realStars.length,
          answeredStar: shareAnswered(realStars, 'star'),
          answeredUnknown: shareAnswered(realStars, 'unknown'),
          mostLikelyStar: fixed(
            realStars.filter((p) => transferred.classifier.classNames[p.index] === 'star').length /
              realStars.length,
            4,
          ),
        }
      : realStars,
  };
  transferred.model.dispose();
  return {
    base: {
      classNames,
      input: `${format.size}x${format.size}x${format.channels}`,
      openSetRule: metadata.openSet
        ? {
            method: metadata.openSet.method,
            knownRate: metadata.openSet.knownRate,
            tta: metadata.openSet.tta ?? false,
          }
        : 'none: nothing is answered unknown',
    },
    heldOutSeed: o.seed,
    perClass,
    looks,
    transfer,
  };
}

async function run(o: LooksOptions): Promise<void> {
  const started = performance.now();
  const backend = await selectBackend();
  log(describeBackend(backend));
  const { model, metadata, source } = await baseOf(o, sizesOf(o));
  const measured = await measureLooks({ model, metadata }, o);
  printJson(
    {
      backend: describeBackend(backend),
      ...measured,
      base: { source, ...measured.base },
      seconds: fixed(secondsSince(started), 1),
    },
    true,
  );
}

export const looks = new Command('looks')
  .description(
    "One base on every look of circle, square and triangle made here (seed preset, the original demo's OpenCV generator, real hand drawings and four-shapes, thin strokes, the default preset), unknown shapes, and its transfer to star, pentagon and hexagon",
  )
  .addOption(
    new Option(
      '--base <dir>',
      `the saved base model (base --save DIR, or shapes demo --out D: D/base), or '${PRETRAINED}' for @shapes/models' own`,
    ),
  )
  .addOption(
    new Option('--demo', "train the demo's base here instead (1,000 images per class, 3 epochs)")
      .default(false)
      .conflicts('base'),
  )
  .option(
    '--frame',
    'with --demo: the base frames its images and makes them light on black, as the pretrained base',
    false,
  )
  .option('--per-class <n>', 'test images per class of each generated look', parseNumber, 200)
  .option('--seed <n>', "seed of the held-out sets (seedOf(seed, 'test'), and 'unknown')", parseNumber, 1234)
  .option('--realdata <dir>', 'the real image sets', DEFAULT_REALDATA)
  .option('--smoke', 'tiny counts, to check that it runs', false)
  .action(async (o: LooksOptions, command: Command) => {
    if (!o.base && !o.demo) command.error('looks: give --base DIR (a saved base) or --demo (train one).');
    if (o.base && o.base !== PRETRAINED && !existsSync(o.base)) command.error(`looks: no base at ${o.base}.`);
    await run(o);
  });
