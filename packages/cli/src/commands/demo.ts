import * as path from 'node:path';
import { createDatasetParallel } from '@shapes/data/node';
import { saveModelToDir } from '@shapes/models/node';
import { DEMO, runDemo } from '@shapes/train';
import { writeReport } from '@shapes/train/node';
import { type BackendOptions, newCommand, outputOf, startBackend } from '../lib/command.js';
import { formatPoint } from '../lib/compare.js';
import { assertFreeOutput, lockOutput } from '../lib/output-path.js';
import { parseInteger } from '../lib/parse.js';
import { trainingProgress } from '../lib/progress-callback.js';
import { demoJson, demoReport, demoText } from './demo-report.js';
import { reportPath } from './shared.js';

interface DemoOptions extends BackendOptions {
  seed: string;
  out?: string;
  report?: string;
  force?: boolean;
}

/** `shapes demo`: the whole original demo, done right, in one command (`runDemo` of `@shapes/train`). */
export const demo = newCommand(
  'demo',
  'The whole story in one command: train a base, evaluate it, transfer it to new shapes, evaluate, ask about a shape it never saw, and compare with training from scratch',
  {
    backend: true,
    examples: ['shapes demo', 'shapes demo --report demo.html', 'shapes demo --out models/demo --json'],
  },
)
  .option('--seed <n>', 'seeds everything; the same seed gives the same run', '1')
  .option('-o, --out <dir>', 'also save the two models (<dir>/base and <dir>/transfer)')
  .option(
    '--report <file>',
    'write an HTML report with learning curves, confusion matrices, mistakes and the transfer-vs-scratch curve',
  )
  .option('-f, --force', 'replace --out and --report if they exist')
  .addHelpText(
    'after',
    `
What it does (every test image is new: drawn from other seeds than the training images):
  1. base      trains the default CNN on ${DEMO.baseShapes.join(', ')} (${DEMO.basePerClass} images per class, and 2,000 random other shapes as "none of these")
  2. evaluate  tests it on held-out images, and on ${DEMO.newShapes.join(', ')} and ${DEMO.unseen}, which should come back "unknown"
  3. transfer  teaches ${DEMO.newShapes.join(' and ')} from ${DEMO.shots} examples each, on the base's learned features
  4. evaluate  tests the new model, with ${DEMO.unseen}s it never saw
  5. predict   one unseen ${DEMO.unseen}: it should come back "unknown" (the new head alone would take it for a pentagon; the base sees the difference)
  6. compare   transfer against the same network trained from scratch on the same examples
`,
  )
  .action(async (options: DemoOptions) => {
    const out = outputOf(options);
    const seed = parseInteger('--seed', options.seed, { min: 0 });
    const dir = options.out ? path.resolve(options.out) : undefined;
    if (dir) {
      assertFreeOutput(dir, options.force, 'output folder', '--out', 'models');
      lockOutput(dir);
    }
    const report = reportPath(options);
    const backend = await startBackend(options, out);
    const run = await runDemo({
      seed,
      makeDataset: (o) => createDatasetParallel({ ...o, preset: 'default' }),
      onStep: (message) => out.info(`\n${message}`),
      callbacks: (stage) => [trainingProgress(out, stage)],
      onPoint: (p) => out.info(formatPoint(p)),
      notes: `shapes demo --seed ${seed}`,
    });
    if (dir) {
      const overwrite = options.force ?? false;
      await saveModelToDir(run.base.model, path.join(dir, 'base'), run.base.metadata, { overwrite });
      await saveModelToDir(run.transfer.model, path.join(dir, 'transfer'), run.transfer.metadata, {
        overwrite,
      });
    }
    if (report) await writeReport(report, demoReport(run, backend.backend));
    const models = dir ? { base: path.join(dir, 'base'), transfer: path.join(dir, 'transfer') } : null;
    out.result({ ...demoJson(run, backend.backend), report: report ?? null, models }, () =>
      demoText(run, report),
    );
  });
