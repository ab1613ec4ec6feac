import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { EpochLogs } from '../types.js';
import type { BatchProgress, EpochTiming, TrainerCallback } from './callback.js';

/** The line formats of {@link trainingLog}: one JSON object a line, or comma-separated values under a header. */
export type TrainingLogFormat = 'jsonl' | 'csv';

/** A value of {@link TrainingLogOptions.fields}. */
export type TrainingLogField = string | number | boolean;

/** One row of {@link trainingLog}: a finished epoch, or (with `batches: true`) a finished batch. */
export interface TrainingLogRow {
  kind: 'epoch' | 'batch';
  /** 0-based epoch; a resumed run goes on from the epochs it already had. */
  epoch: number;
  /** 0-based batch within the epoch; batch rows only. */
  batch?: number;
  /** Epoch rows: the mean training loss over the epoch. Batch rows: the loss of that batch alone. */
  loss: number;
  /** Training accuracy, over the epoch or of the batch, like `loss`; absent when there was nothing labelled. */
  accuracy?: number;
  /** Epoch rows of a validated run only. */
  valLoss?: number;
  valAccuracy?: number;
  /** Learning rate: the epoch's, or the batch's (schedules change it within an epoch). */
  rate: number;
  /** Wall seconds of the epoch, validation included; epoch rows only. */
  seconds?: number;
  /** Training images per second: over the epoch, or over the epoch so far. */
  samplesPerSecond: number;
  /** When the row was made, as an ISO 8601 UTC timestamp. */
  time: string;
}

/** Options of {@link trainingLog}. */
export interface TrainingLogOptions {
  /** Default: `jsonl`. */
  format?: TrainingLogFormat;
  /**
   * Where each line goes, without its line break; the trainer awaits it, so lines arrive in order and a failing
   * write fails the run. Default: none, and the rows collect in {@link TrainingLog.rows}.
   */
  write?: (line: string) => void | Promise<void>;
  /** Also a row for every batch. Default: false (a row per epoch). */
  batches?: boolean;
  /**
   * Columns added, first, to every row, such as `{ run: 'lr 1e-3, seed 1' }`: runs appended to one log stay
   * apart. Their names may not be those of the row's own columns. Only written lines carry them, not `rows`.
   */
  fields?: Readonly<Record<string, TrainingLogField>>;
  /** CSV only: write the header line before the first row. Default: true. */
  header?: boolean;
}

/** The callback {@link trainingLog} returns. */
export interface TrainingLog extends TrainerCallback {
  /**
   * The rows so far, when no `write` was given. With a sink, the sink has them and this stays empty, so a long
   * run logging every batch does not also hold its log in memory.
   */
  readonly rows: readonly TrainingLogRow[];
}

/** The row's own columns, in the order CSV writes them (after the `fields`). */
export const TRAINING_LOG_COLUMNS: readonly (keyof TrainingLogRow)[] = [
  'kind',
  'epoch',
  'batch',
  'loss',
  'accuracy',
  'valLoss',
  'valAccuracy',
  'rate',
  'seconds',
  'samplesPerSecond',
  'time',
];

/**
 * Logs training as rows a program can read back: one per epoch (and, with `batches: true`, one per batch), as
 * JSON Lines or CSV. Each row is handed to `write` as one line the moment its epoch or batch ends, so a log cut
 * short by a crash holds every row before it; in Node, `trainingLogFile` of `@shapes/train/node` appends them to
 * a file. CSV writes its header once per logger, however many fits it watches, and quotes values where needed.
 *
 * Missing values (a batch row's validation loss, say) are left out of a JSON line and empty in CSV; a NaN is
 * `null` in JSON and `NaN` in CSV.
 *
 * @example
 * const log = trainingLog({ format: 'csv' });
 * await trainer.fit(train, { val, epochs: 10, callbacks: [log] });
 * console.table(log.rows);
 */
export function trainingLog(options: TrainingLogOptions = {}): TrainingLog {
  const { format = 'jsonl', write, batches = false, fields = {}, header = true } = options;
  checkOptions(options);
  const columns = columnsOf(fields);
  const rows: TrainingLogRow[] = [];
  let headerDone = !header || format === 'jsonl';

  const emit = async (row: TrainingLogRow) => {
    if (!write) {
      rows.push(row);
      return;
    }
    if (!headerDone) {
      await write(csvLine(columns));
      headerDone = true;
    }
    const values: Record<string, unknown> = { ...fields, ...row };
    await write(
      format === 'csv' ? csvLine(columns.map((c) => csvValue(values[c]))) : jsonLine(values, columns),
    );
  };

  return {
    get rows() {
      return rows;
    },
    async onBatchEnd(p: BatchProgress) {
      if (!batches) return;
      await emit({
        kind: 'batch',
        epoch: p.epoch,
        batch: p.batch,
        loss: p.batchLoss,
        ...(Number.isNaN(p.batchAccuracy) ? {} : { accuracy: p.batchAccuracy }),
        rate: p.rate,
        samplesPerSecond: p.samplesPerSecond,
        time: new Date().toISOString(),
      });
    },
    async onEpochEnd(logs: EpochLogs, _ctx, timing: EpochTiming) {
      await emit({
        kind: 'epoch',
        epoch: logs.epoch,
        loss: logs.loss,
        // The trainer reports NaN when the epoch had no labelled image (outliers only): nothing to log.
        ...(logs.accuracy === undefined || Number.isNaN(logs.accuracy) ? {} : { accuracy: logs.accuracy }),
        ...(logs.valLoss === undefined ? {} : { valLoss: logs.valLoss }),
        ...(logs.valAccuracy === undefined ? {} : { valAccuracy: logs.valAccuracy }),
        rate: logs.rate,
        seconds: timing.seconds,
        samplesPerSecond: timing.samplesPerSecond,
        time: new Date().toISOString(),
      });
    },
  };
}

/** Every column of a log with these `fields`, in order: the fields, then the row's own. */
export function columnsOf(fields: Readonly<Record<string, TrainingLogField>>): string[] {
  return [...Object.keys(fields), ...TRAINING_LOG_COLUMNS];
}

/** One CSV line of already formatted values (RFC 4180): quoted only where a comma, quote or line break needs it. */
export function csvLine(values: readonly string[]): string {
  return values.map((v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(',');
}

/** A value as CSV writes it: empty when missing, numbers in full (`NaN`, `Infinity` as JavaScript spells them). */
function csvValue(value: unknown): string {
  return value === undefined ? '' : String(value);
}

/** The row as one JSON line, keys in column order; JSON has no NaN or Infinity, so they become `null`. */
function jsonLine(values: Record<string, unknown>, columns: readonly string[]): string {
  const ordered: Record<string, unknown> = {};
  for (const c of columns) if (values[c] !== undefined) ordered[c] = values[c];
  return JSON.stringify(ordered);
}

function checkOptions(options: TrainingLogOptions): void {
  const { format, write, batches, fields, header } = options;
  if (format !== undefined && format !== 'jsonl' && format !== 'csv') {
    throw new InvalidArgumentError(
      `trainingLog: format must be 'jsonl' or 'csv', got ${JSON.stringify(format)}.`,
    );
  }
  if (write !== undefined && typeof write !== 'function') {
    throw new InvalidArgumentError(`trainingLog: write must be a function of one line, got ${typeof write}.`);
  }
  for (const [name, value] of [
    ['batches', batches],
    ['header', header],
  ] as const) {
    if (value !== undefined && typeof value !== 'boolean') {
      throw new InvalidArgumentError(
        `trainingLog: ${name} must be true or false, got ${JSON.stringify(value)}.`,
      );
    }
  }
  if (fields === undefined) return;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new InvalidArgumentError('trainingLog: fields must be an object of column names and values.');
  }
  for (const [name, value] of Object.entries(fields)) {
    if (name === '' || (TRAINING_LOG_COLUMNS as readonly string[]).includes(name)) {
      throw new InvalidArgumentError(
        `trainingLog: fields may not be named ${JSON.stringify(name)}; the row's own columns are ${TRAINING_LOG_COLUMNS.join(', ')}.`,
      );
    }
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new InvalidArgumentError(
        `trainingLog: field ${JSON.stringify(name)} must be a string, number or boolean, got ${value === null ? 'null' : typeof value}.`,
      );
    }
  }
}
