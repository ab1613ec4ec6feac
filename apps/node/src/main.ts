import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { writeReport } from '@shapes/cli/report';
import { saveModelToDir } from '@shapes/models/node';
import * as tf from '@tensorflow/tfjs-core';
import { describeAppBackend, startBestBackend } from './backend.js';
import { HELP_SHOWN, parseOptions } from './cli.js';
import { BackendStartError, EXIT, UsageError } from './errors.js';
import { runExperiment } from './experiment.js';
import { assertFreeOutput, writeFolderAtomic } from './output-dir.js';
import { createProgress } from './progress.js';
import { buildReport } from './report.js';
import { buildResults, OUTPUT_FILES } from './results.js';
import { formatSummary } from './summary.js';

/** The command line as typed, for provenance and the report. */
function commandLine(argv: readonly string[]): string {
  const script = path.relative(process.cwd(), process.argv[1] ?? 'dist/main.js');
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return ['node', script, ...argv].map(quote).join(' ');
}

/** Runs the app; resolves to the exit code. */
async function main(argv: readonly string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options === HELP_SHOWN) return EXIT.ok;
  // Before any work: nobody should wait through a training to learn that the folder is taken.
  assertFreeOutput(options.out, options.force);
  const progress = createProgress({ write: (s) => process.stderr.write(s) });
  const backend = await startBestBackend({ backend: options.backend });
  const backendStartSeconds = progress.elapsed();
  const description = describeAppBackend(backend);
  progress.line(description);
  const command = commandLine(argv);
  const run = await runExperiment({
    sizes: options.sizes,
    seed: options.seed,
    progress,
    notes: `@shapes/node-app on the ${backend.backend} backend: ${command}`,
  });
  const results = buildResults({
    run,
    backend,
    description,
    ranOn: tf.getBackend(),
    sizes: options.sizes,
    seed: options.seed,
    command,
    totalSeconds: progress.elapsed(),
    backendStartSeconds,
  });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const out = await writeFolderAtomic(options.out, options.force, async (dir) => {
    await saveModelToDir(run.base.model, path.join(dir, path.dirname(OUTPUT_FILES.base)), run.base.metadata);
    await saveModelToDir(
      run.transfer.model,
      path.join(dir, path.dirname(OUTPUT_FILES.transfer)),
      run.transfer.metadata,
    );
    await writeReport(path.join(dir, OUTPUT_FILES.report), buildReport(run, results));
    await writeFile(path.join(dir, OUTPUT_FILES.results), json);
  });
  progress.line(`wrote ${out}`);
  process.stdout.write(options.json ? json : `${formatSummary(results, out)}\n`);
  return EXIT.ok;
}

/** `error: <message>` and the exit code; the stack only with SHAPES_DEBUG=1, since bad input is not a bug. */
function report(error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  if (error instanceof UsageError) return EXIT.usage;
  if (!(error instanceof BackendStartError)) {
    if (process.env.SHAPES_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    else process.stderr.write('(SHAPES_DEBUG=1 shows where it failed)\n');
  }
  return EXIT.failure;
}

// `... | head` closes the pipe early: the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    throw error;
  });
}
process.once('SIGINT', () => {
  process.stderr.write('\ninterrupted: --out was left as it was\n');
  process.exit(EXIT.interrupted);
});

const code = await main(process.argv.slice(2)).catch(report);
// Exit explicitly rather than when the event loop empties: the wasm backend's worker threads and Dawn's native
// objects (the webgpu route) would otherwise keep the process alive, and Dawn may crash tearing a device down
// at a natural exit. Written output is flushed first.
process.stdout.write('', () => process.exit(code));
