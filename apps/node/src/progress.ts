import type { TrainerCallback } from '@shapes/train';

/** Progress lines on stderr, each stamped with the seconds since the run started. */
export interface Progress {
  /** Writes `[ 12.3 s] message`. */
  line(message: string): void;
  /** Seconds since the run started. */
  elapsed(): number;
  /**
   * A trainer callback for one `fit`: a batch line at most every few seconds with throughput, a line per epoch
   * for runs of a few epochs, and one closing line for runs of many short epochs (a few examples shown again
   * and again), so the log says how fast each step trained without burying the rest.
   */
  training(label: string): TrainerCallback;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  write: (text: string) => void;
  /** Milliseconds, monotonic. Default: `performance.now`. */
  now?: () => number;
  /** Least seconds between two batch lines. Default: 5. */
  everySeconds?: number;
}

// More epochs than this are a small set repeated: a line each would be hundreds of lines.
const EPOCH_LINES_UP_TO = 10;

/** Makes the run's {@link Progress}; the clock starts now. */
export function createProgress({
  write,
  now = () => performance.now(),
  everySeconds = 5,
}: ProgressOptions): Progress {
  const started = now();
  const elapsed = () => (now() - started) / 1000;
  const line = (message: string) => write(`[${elapsed().toFixed(1).padStart(6)} s] ${message}\n`);
  return {
    line,
    elapsed,
    training(label) {
      let lastLine = now();
      let samples = 0;
      let seconds = 0;
      return {
        onTrainBegin() {
          lastLine = now();
          samples = 0;
          seconds = 0;
        },
        onBatchEnd(p) {
          if ((now() - lastLine) / 1000 < everySeconds) return;
          lastLine = now();
          line(
            `${label}: epoch ${p.epoch + 1}/${p.epochs} batch ${p.batch + 1}/${p.batches}, loss ${p.loss.toFixed(4)}, ${Math.round(p.samplesPerSecond)} samples/s`,
          );
        },
        onEpochEnd(logs, ctx, timing) {
          samples += timing.samplesPerSecond * timing.seconds;
          seconds += timing.seconds;
          if (ctx.epochs > EPOCH_LINES_UP_TO) return;
          lastLine = now();
          const accuracy =
            logs.accuracy !== undefined ? `, accuracy ${(logs.accuracy * 100).toFixed(1)}%` : '';
          line(
            `${label}: epoch ${logs.epoch + 1}/${ctx.epochs} done in ${timing.seconds.toFixed(1)} s, loss ${logs.loss.toFixed(4)}${accuracy}, ${Math.round(timing.samplesPerSecond)} samples/s`,
          );
        },
        onTrainEnd(end, ctx) {
          if (ctx.epochs <= EPOCH_LINES_UP_TO || end.error !== undefined || seconds === 0) return;
          line(
            `${label}: ${end.history.length} epochs, ${Math.round(samples)} samples in ${seconds.toFixed(1)} s, ${Math.round(samples / seconds)} samples/s`,
          );
        },
      };
    },
  };
}
