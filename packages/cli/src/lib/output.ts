import cliProgress from 'cli-progress';

/** The options every command takes, for output. */
export interface OutputOptions {
  json?: boolean;
  quiet?: boolean;
}

/** A running task's progress: a bar on a terminal, a plain line every few seconds elsewhere. */
export interface Progress {
  /** `done` units of `total`; `detail` is a short text after the numbers (e.g. the loss). */
  update(done: number, detail?: string): void;
  /** Ends the bar (or writes the last line). */
  stop(): void;
}

// Seconds between plain progress lines when stderr is a file or a pipe (CI logs, `2> log`).
const PLAIN_EVERY_MS = 5000;

/**
 * Where a command writes: results on stdout (one JSON document with `--json`, text otherwise) and everything
 * else (progress, notes, warnings) on stderr, so `--json` output can be piped as is. `--quiet` silences stderr
 * but for errors.
 */
export class Output {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly #stderr: NodeJS.WriteStream;
  readonly #stdout: NodeJS.WriteStream;

  constructor(options: OutputOptions = {}, streams = { stdout: process.stdout, stderr: process.stderr }) {
    this.json = options.json ?? false;
    this.quiet = options.quiet ?? false;
    this.#stdout = streams.stdout;
    this.#stderr = streams.stderr;
  }

  /** A note on stderr (silenced by `--quiet`). */
  info(line: string): void {
    if (!this.quiet) this.#stderr.write(`${line}\n`);
  }

  /** A warning on stderr, even with `--quiet`. */
  warn(line: string): void {
    this.#stderr.write(`warning: ${line}\n`);
  }

  /**
   * The command's result: `json` as one document with `--json`, else `text` (a line, a table) on stdout.
   */
  result(json: unknown, text: string | (() => string)): void {
    if (this.json) this.#stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    else this.#stdout.write(`${typeof text === 'string' ? text : text()}\n`);
  }

  /** Starts a progress display of `total` units named `label`. */
  progress(label: string, total: number, unit = ''): Progress {
    if (this.quiet) return { update() {}, stop() {} };
    if (this.#stderr.isTTY) {
      const bar = new cliProgress.SingleBar(
        {
          stream: this.#stderr,
          format: `${label.padEnd(12)} {bar} {percentage}% | {value}/{total}${unit} | {detail} | ETA {eta_formatted}`,
          hideCursor: true,
          clearOnComplete: false,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { detail: '' });
      return {
        update: (done, detail = '') => bar.update(done, { detail }),
        stop: () => bar.stop(),
      };
    }
    const started = performance.now();
    let last = started;
    let latest = { done: 0, detail: '' };
    const line = () => {
      const { done, detail } = latest;
      const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      return `${label} ${done}/${total}${unit} (${pct}%)${detail ? ` ${detail}` : ''} ${secs}s`;
    };
    return {
      update: (done, detail = '') => {
        latest = { done, detail };
        const now = performance.now();
        if (now - last >= PLAIN_EVERY_MS) {
          last = now;
          this.#stderr.write(`${line()}\n`);
        }
      },
      stop: () => this.#stderr.write(`${line()}\n`),
    };
  }
}
