import { progressLog, type TrainerCallback } from '@shapes/train';

/** Progress lines on stderr, each stamped with the seconds since the run started. */
export interface Progress {
  /** Writes `[ 12.3 s] message`. */
  line(message: string): void;
  /** Seconds since the run started. */
  elapsed(): number;
  /**
   * `@shapes/train`'s `progressLog` for one `fit`, its lines stamped and labelled: a batch line at most every
   * few seconds, a line per epoch for fits of a few epochs, one closing line for fits of many short ones.
   */
  training(label: string): TrainerCallback;
}

// More epochs than this are a small set repeated: a line each would be hundreds of lines.
const EPOCH_LINES_UP_TO = 10;

/** Makes the run's {@link Progress}; the clock starts now. */
export function createProgress(write: (text: string) => void, now = () => performance.now()): Progress {
  const started = now();
  const elapsed = () => (now() - started) / 1000;
  const line = (message: string) => write(`[${elapsed().toFixed(1).padStart(6)} s] ${message}\n`);
  return {
    line,
    elapsed,
    training: (label) =>
      progressLog({ write: (text) => line(`${label}: ${text}`), epochLinesUpTo: EPOCH_LINES_UP_TO }),
  };
}
