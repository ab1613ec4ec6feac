// Bundled for the browser by run.mjs: the four library packages' main entries, used so nothing is shaken away.
import { createDataset } from '@shapes/data';
import { createDefaultCnn } from '@shapes/models';
import { selectBackend } from '@shapes/runtime';
import { Trainer } from '@shapes/train';

export async function main() {
  await selectBackend();
  const data = createDataset({ shapes: ['circle', 'square'], perClass: 4, seed: 1 });
  const trainer = new Trainer({ model: createDefaultCnn({ classes: 2 }) });
  return trainer.fit(data, { epochs: 1 });
}
