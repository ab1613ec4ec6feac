import type { BackendReport } from '@shapes/runtime';
import type { BatchProgress, TrainerCallback } from '@shapes/train';

/**
 * Samples/s of a whole training run, training steps only: every epoch's images over the seconds its batches took
 * (the trainer's own timing, so generating the images before and validating or calibrating after do not count).
 * The page's yields between batches do count: they are part of training in this page.
 */
export class TrainingSpeed {
  // Per epoch, its latest batch: images trained so far and the seconds they took.
  readonly #epochs = new Map<number, { seen: number; seconds: number }>();

  /** The callback to pass to the trainer; it only reads the progress each batch reports. */
  readonly callback: TrainerCallback = {
    onBatchEnd: (p: BatchProgress) => {
      if (p.samplesPerSecond > 0) {
        this.#epochs.set(p.epoch, { seen: p.seen, seconds: p.seen / p.samplesPerSecond });
      }
    },
  };

  /** Images trained so far, over every epoch. */
  get samples(): number {
    let n = 0;
    for (const e of this.#epochs.values()) n += e.seen;
    return n;
  }

  /** Training samples/s over every epoch so far (0 before the first batch). */
  get samplesPerSecond(): number {
    let seconds = 0;
    for (const e of this.#epochs.values()) seconds += e.seconds;
    return seconds > 0 ? this.samples / seconds : 0;
  }
}

/** `wasm (SIMD on, 2 threads)`, `webgl`: the backend as the training line names it. */
export function backendLabel(report: Pick<BackendReport, 'backend' | 'simd' | 'threads'>): string {
  if (report.backend !== 'wasm') return report.backend;
  const threads = report.threads ?? 1;
  return `wasm (SIMD ${report.simd ? 'on' : 'off'}, ${threads} thread${threads === 1 ? '' : 's'})`;
}

/** `training on wasm (SIMD on, 2 threads): 450 samples/s`, the line the page shows and the e2e prints. */
export function trainingSpeedText(
  samplesPerSecond: number,
  report: Pick<BackendReport, 'backend' | 'simd' | 'threads'>,
): string {
  return `training on ${backendLabel(report)}: ${Math.round(samplesPerSecond)} samples/s`;
}
