// Bundled for the browser by run.mjs: the four library packages' main entries, used so nothing is shaken away.
import { createDataset } from '@shapes/data';
import { createDefaultCnn } from '@shapes/models';
import { selectBackend } from '@shapes/runtime';
import { renderReport, Trainer } from '@shapes/train';

export async function main() {
  await selectBackend();
  const data = createDataset({ shapes: ['circle', 'square'], perClass: 4, seed: 1 });
  const trainer = new Trainer({ model: createDefaultCnn({ classes: 2 }) });
  await trainer.fit(data, { epochs: 1 });
  // The report renders in browsers too: its images are PNGs encoded in plain JavaScript.
  const image = { pixels: new Uint8Array(64 * 64).fill(255), width: 64, height: 64, channels: 1 };
  return renderReport({ title: 'browser', sections: [{ kind: 'image', title: 'blank', image }] });
}
