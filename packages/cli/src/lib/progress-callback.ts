import type { TrainerCallback } from '@shapes/train';
import type { Output, Progress } from './output.js';

/**
 * A trainer callback that draws training as a progress bar (or plain lines off a terminal): one bar per `fit`,
 * over all its batches, with the loss beside it; one line per epoch with its figures.
 */
export function trainingProgress(out: Output, label: string): TrainerCallback {
  let bar: Progress | undefined;
  return {
    onBatchEnd(p) {
      bar ??= out.progress(label, p.epochs * p.batches, ' batches');
      bar.update(
        p.epoch * p.batches + p.batch + 1,
        `epoch ${p.epoch + 1}/${p.epochs} loss ${p.loss.toFixed(3)}`,
      );
    },
    onEpochEnd(logs, ctx) {
      // Few-example runs train hundreds of one-batch epochs: a line each would bury the rest.
      if (ctx.epochs <= 1 || ctx.epochs > 50) return;
      const val =
        logs.valAccuracy !== undefined ? `, validation accuracy ${(logs.valAccuracy * 100).toFixed(1)}%` : '';
      const acc = logs.accuracy !== undefined ? `, accuracy ${(logs.accuracy * 100).toFixed(1)}%` : '';
      // On a terminal the bar already shows the epoch; a line would tear it.
      if (!process.stderr.isTTY)
        out.info(`  epoch ${logs.epoch + 1}/${ctx.epochs}: loss ${logs.loss.toFixed(4)}${acc}${val}`);
    },
    onTrainEnd() {
      bar?.stop();
      bar = undefined;
    },
  };
}

/**
 * A `(done, total)` progress listener drawn as {@link Output.progress}: the display starts at the first call
 * (when the total is known) and stops once `done` reaches it.
 */
export function countProgress(out: Output, label: string, unit = ''): (done: number, total: number) => void {
  let bar: Progress | undefined;
  return (done, total) => {
    bar ??= out.progress(label, total, unit);
    bar.update(done);
    if (done >= total) bar.stop();
  };
}
