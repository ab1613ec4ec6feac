import { fileURLToPath } from 'node:url';
import { createDatasetParallel } from '@shapes/data/node';
import { pretrainedArtifacts } from '@shapes/models';
import { describeBackend, selectBackend } from '@shapes/runtime';
import { PRETRAINED_RECIPE, progressLog, trainBase } from '@shapes/train';
import { writeFileAtomic } from '@shapes/train/node';
import { Command } from 'commander';
import { measureLooks } from './looks.js';
import { fixed, log, machine, printJson, secondsSince } from './output.js';
import { DEFAULT_REALDATA } from './paths.js';

/** Where `loadPretrainedBase` of `@shapes/models` reads the base from. */
export const PRETRAINED_FILE = fileURLToPath(
  new URL('../../packages/models/src/pretrained/base-model.json', import.meta.url),
);

interface PretrainOptions {
  out: string;
  realdata: string;
  smoke: boolean;
}

/** The figures a base keeps in its metadata: each look's accuracy and share answered `unknown`, and its transfer. */
export function measuredFigures(m: Awaited<ReturnType<typeof measureLooks>>) {
  const looks = Object.fromEntries(
    Object.entries(m.looks).map(([name, look]) => {
      const { what: _what, perClassAccuracy: _perClass, ...figures } = look as Record<string, unknown>;
      return [name, figures];
    }),
  );
  const { heldOut, realStars } = m.transfer;
  return {
    command: 'pnpm bench looks --base pretrained',
    heldOutSeed: m.heldOutSeed,
    looks,
    transfer: {
      shapes: m.transfer.shapes,
      examplesPerClass: m.transfer.examplesPerClass,
      heldOutAccuracy: heldOut.accuracy,
      realStarsAnsweredStar: 'answeredStar' in realStars ? realStars.answeredStar : null,
    },
  };
}

/**
 * Trains the base that ships in `@shapes/models` with {@link PRETRAINED_RECIPE}, measures it on every look
 * (`bench looks`), and writes it with the recipe and the figures in its metadata to `base-model.json`, which
 * `loadPretrainedBase()` reads. About 4 minutes on two cores.
 */
async function run(o: PretrainOptions): Promise<void> {
  const started = performance.now();
  const backend = await selectBackend();
  log(describeBackend(backend));
  const recipe = o.smoke
    ? { ...PRETRAINED_RECIPE, perClass: 40, outliers: 40, epochs: 1 }
    : PRETRAINED_RECIPE;
  log(`training: ${recipe.perClass} images per class, ${recipe.outliers} outliers, ${recipe.epochs} epochs`);
  const trained = await trainBase({
    ...recipe,
    makeDataset: (d) => createDatasetParallel({ ...d, preset: 'default' }),
    callbacks: [progressLog({ write: log, everySeconds: 20 })],
  });
  const { model } = trained;
  const measured = await measureLooks(trained, {
    perClass: 200,
    seed: 1234,
    realdata: o.realdata,
    smoke: o.smoke,
  });
  const metadata = {
    ...trained.metadata,
    provenance: {
      ...trained.metadata.provenance,
      createdAt: trained.metadata.provenance?.createdAt ?? new Date().toISOString(),
      library: trained.metadata.provenance?.library ?? '@shapes/models',
      dataset: { preset: 'default', ...recipe, trainedBy: 'trainBase of @shapes/train' },
      notes: 'Made by `pnpm bench pretrain` in the shapes repository.',
      measured: { ...measuredFigures(measured), machine: machine() },
    },
  };
  const artifacts = await pretrainedArtifacts(model, metadata);
  await writeFileAtomic(o.out, `${JSON.stringify(artifacts)}\n`);
  model.dispose();
  printJson(
    {
      backend: describeBackend(backend),
      out: o.out,
      bytes: JSON.stringify(artifacts).length,
      trainSeconds: fixed(trained.trainSeconds, 1),
      syntheticTest: fixed(trained.test.accuracy, 4),
      measured: metadata.provenance.measured,
      seconds: fixed(secondsSince(started), 1),
    },
    true,
  );
}

export const pretrain = new Command('pretrain')
  .description(
    "Train @shapes/models' pretrained base (its recipe: PRETRAINED_RECIPE of @shapes/train), measure it on every look, and write it to the package",
  )
  .option('--out <file>', 'where to write it', PRETRAINED_FILE)
  .option('--realdata <dir>', 'the real image sets', DEFAULT_REALDATA)
  .option('--smoke', 'tiny counts, to check that it runs (write it elsewhere with --out)', false)
  .action(async (o: PretrainOptions) => {
    await run(o);
  });
