// Run by checkpoint.test.ts in its own process (bundled to JavaScript first): trains KILLED_RUN with
// checkpoints and, once the checkpoint of epoch 1 is on disk, hangs in the middle of epoch 2 and says so by
// creating the file `marker`, so the test can SIGKILL it at a known point.
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { KILLED_RUN, killedRunTrainer, tinyData, tinyModel } from '../test-fixtures.js';
import { checkpoints } from './checkpoint.js';

const [dir, marker] = process.argv.slice(2) as [string, string];
await tf.setBackend('cpu');
const { train, val } = tinyData(KILLED_RUN.perClass, KILLED_RUN.dataSeed);
const trainer = killedRunTrainer(tinyModel(KILLED_RUN.modelSeed));
await trainer.fit(train, {
  val,
  epochs: KILLED_RUN.epochs,
  callbacks: [
    checkpoints({ dir }),
    {
      async onBatchEnd(p) {
        if (p.epoch !== 2 || p.batch !== 1) return;
        writeFileSync(marker, 'waiting to be killed\n');
        await new Promise((resolve) => setTimeout(resolve, 120_000));
      },
    },
  ],
});
