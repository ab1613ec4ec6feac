import { appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import * as path from 'node:path';
import type { TrainContext, TrainEnd } from '../callbacks/callback.js';
import {
  columnsOf,
  csvLine,
  type TrainingLog,
  type TrainingLogFormat,
  type TrainingLogOptions,
  trainingLog,
} from '../callbacks/training-log.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** Options of {@link trainingLogFile}: those of `trainingLog`, less the sink and the header, which it handles. */
export interface TrainingLogFileOptions extends Omit<TrainingLogOptions, 'write' | 'header'> {
  /** Default: from the file's extension, `.jsonl` (or `.ndjson`) or `.csv`. */
  format?: TrainingLogFormat;
}

const EXTENSIONS: Record<string, TrainingLogFormat> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
};

/**
 * `trainingLog` into a file: appends a line per epoch (and per batch, with `batches: true`), creating the file
 * and its folder at the start of `fit`. Appending is the point: a resumed run, or another run tagged by
 * `fields`, goes on in the same file, and a CSV gets its header only while the file is empty (an existing CSV
 * with other columns is refused rather than mixed).
 *
 * Each line goes to the operating system in one write before training goes on, so a run killed at any moment
 * leaves whole lines, every one before the kill (it does not wait for the disk: a power cut can lose the last
 * ones). An epoch logged just before a kill, but not yet checkpointed, appears again when the resumed run
 * retrains it; the later row is the one that counts.
 *
 * @example
 * const log = trainingLogFile('out/train.jsonl', { batches: true });
 * await trainer.fit(train, { val, epochs: 10, callbacks: [log] });
 */
export function trainingLogFile(file: string, options: TrainingLogFileOptions = {}): TrainingLog {
  if (typeof file !== 'string' || file === '') {
    throw new InvalidArgumentError(`trainingLogFile: file must be a path, got ${JSON.stringify(file)}.`);
  }
  const target = path.resolve(file);
  const format = formatOf(target, options.format);
  // The other options, and a CSV already there, are checked now rather than once fit has begun.
  trainingLog({ ...options, format });
  const header = format === 'csv' ? csvLine(columnsOf(options.fields ?? {})) : undefined;
  if (header !== undefined && existsSync(target))
    withFile(target, 'r', (handle) => checkHeader(handle, target, header));
  let fd: number | undefined;
  let log: TrainingLog | undefined;

  const open = () => {
    mkdirSync(path.dirname(target), { recursive: true });
    const handle = openSync(target, 'a+');
    try {
      const size = fstatSync(handle).size;
      if (header !== undefined) checkHeader(handle, target, header);
      // A line cut off by another writer would swallow our first row: end it first.
      if (size > 0 && readAt(handle, size - 1, 1) !== '\n') appendFileSync(handle, '\n');
      return { handle, empty: size === 0 };
    } catch (error) {
      closeSync(handle);
      throw error;
    }
  };

  return {
    get rows() {
      return [];
    },
    onTrainBegin(ctx: TrainContext) {
      const opened = open();
      fd = opened.handle;
      const handle = opened.handle;
      log = trainingLog({
        ...options,
        format,
        header: opened.empty,
        // Synchronous and unbuffered: the line is the kernel's before the next batch, whatever happens next.
        write: (line) => appendFileSync(handle, `${line}\n`),
      });
      return log.onTrainBegin?.(ctx);
    },
    onEpochBegin: (epoch, ctx) => log?.onEpochBegin?.(epoch, ctx),
    onBatchBegin: (start, ctx) => log?.onBatchBegin?.(start, ctx),
    onBatchEnd: (progress, ctx) => log?.onBatchEnd?.(progress, ctx),
    onEpochEnd: (logs, ctx, timing) => log?.onEpochEnd?.(logs, ctx, timing),
    async onTrainEnd(end: TrainEnd, ctx: TrainContext) {
      try {
        await log?.onTrainEnd?.(end, ctx);
      } finally {
        if (fd !== undefined) closeSync(fd);
        fd = undefined;
        log = undefined;
      }
    },
  };
}

/** The format `options` name or, failing that, the file's extension names; a contradiction is an error. */
function formatOf(file: string, format: TrainingLogFormat | undefined): TrainingLogFormat {
  const extension = path.extname(file).toLowerCase();
  const implied = EXTENSIONS[extension];
  if (format === undefined) {
    if (implied) return implied;
    throw new InvalidArgumentError(
      `trainingLogFile: cannot tell the format of "${file}" from its extension; name it .jsonl or .csv, or pass format.`,
    );
  }
  if (implied && implied !== format) {
    throw new InvalidArgumentError(
      `trainingLogFile: "${file}" ends in ${extension}, but format is '${format}'; make them agree.`,
    );
  }
  return format;
}

/** Refuses a non-empty CSV whose first line is not `header`: rows of other columns would not line up under it. */
function checkHeader(handle: number, file: string, header: string): void {
  const first = readAt(handle, 0, Buffer.byteLength(header) + 2).split(/\r?\n/)[0];
  if (first !== '' && first !== header) {
    throw new InvalidArgumentError(
      `trainingLogFile: "${file}" has other columns (${JSON.stringify(first)}), not ${JSON.stringify(header)}; log to another file.`,
    );
  }
}

function withFile<T>(file: string, flags: string, use: (handle: number) => T): T {
  const handle = openSync(file, flags);
  try {
    return use(handle);
  } finally {
    closeSync(handle);
  }
}

function readAt(handle: number, position: number, length: number): string {
  const buffer = Buffer.alloc(length);
  const read = readSync(handle, buffer, 0, length, position);
  return buffer.subarray(0, read).toString('utf8');
}
