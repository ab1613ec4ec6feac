import type { EpochLogs } from '../types.js';
import type { BatchProgress, EpochTiming, TrainerCallback } from './callback.js';

/** Options of {@link progressLog}. */
export interface ProgressLogOptions {
  /** Where lines go. Default: `console.log`. */
  write?: (line: string) => void;
  /** Seconds between batch lines; 0 writes every batch. Default: 5. */
  everySeconds?: number;
  /**
   * A fit of more epochs than this writes one closing line (epochs, samples, seconds, samples/s) instead of a line
   * per epoch: a few examples shown again and again would fill hundreds of lines. Default: a line every epoch.
   */
  epochLinesUpTo?: number;
}

/**
 * Writes progress as plain lines (fit for a terminal, a log file or a browser console): a batch line at most
 * every `everySeconds` with throughput and time left, and one line per epoch with its losses and accuracies (or,
 * past `epochLinesUpTo` epochs, one closing line for the whole fit).
 *
 * @example callbacks: [progressLog({ write: (line) => process.stderr.write(`${line}\n`) })]
 */
export function progressLog(options: ProgressLogOptions = {}): TrainerCallback {
  const write = options.write ?? ((line: string) => console.log(line));
  const every = (options.everySeconds ?? 5) * 1000;
  const upTo = options.epochLinesUpTo ?? Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let samples = 0;
  let seconds = 0;
  return {
    onTrainBegin() {
      samples = 0;
      seconds = 0;
    },
    onBatchEnd(p: BatchProgress) {
      const now = performance.now();
      const lastOfEpoch = p.batch === p.batches - 1 && p.epochs <= upTo;
      if (now - last < every && !lastOfEpoch) return;
      last = now;
      write(formatBatch(p));
    },
    onEpochEnd(logs: EpochLogs, ctx, timing: EpochTiming) {
      samples += timing.samplesPerSecond * timing.seconds;
      seconds += timing.seconds;
      if (ctx.epochs <= upTo) write(formatEpoch(logs, ctx.epochs, timing));
    },
    onTrainEnd(end, ctx) {
      if (ctx.epochs <= upTo || end.error !== undefined || seconds === 0) return;
      write(
        `${end.history.length} epochs, ${Math.round(samples)} samples in ${seconds.toFixed(1)} s, ${Math.round(samples / seconds)} samples/s`,
      );
    },
  };
}

/** `epoch 2/10 batch 14/20 loss 0.4321 | 312 samples/s, 1m05s left` */
export function formatBatch(p: BatchProgress): string {
  return (
    `epoch ${p.epoch + 1}/${p.epochs} batch ${p.batch + 1}/${p.batches} loss ${p.loss.toFixed(4)} | ` +
    `${Math.round(p.samplesPerSecond)} samples/s, ${formatSeconds(p.etaSeconds)} left`
  );
}

/** `epoch 2/10 loss 0.4321 acc 0.8700 val_loss 0.5000 val_acc 0.8200 rate 0.001 | 12.3 s, 312 samples/s` */
export function formatEpoch(logs: EpochLogs, epochs: number, timing: EpochTiming): string {
  const parts = [`epoch ${logs.epoch + 1}/${epochs}`, `loss ${logs.loss.toFixed(4)}`];
  if (logs.accuracy !== undefined) parts.push(`acc ${logs.accuracy.toFixed(4)}`);
  if (logs.valLoss !== undefined) parts.push(`val_loss ${logs.valLoss.toFixed(4)}`);
  if (logs.valAccuracy !== undefined) parts.push(`val_acc ${logs.valAccuracy.toFixed(4)}`);
  parts.push(`rate ${logs.rate.toPrecision(3)}`);
  return `${parts.join(' ')} | ${timing.seconds.toFixed(1)} s, ${Math.round(timing.samplesPerSecond)} samples/s`;
}

/** `42s`, `3m05s`, `1h02m`; `?` when unknown. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
