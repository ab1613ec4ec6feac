import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { saveModelToDir } from '@shapes/models/node';
import { describeBackend } from '@shapes/runtime';
import { writeReport } from '@shapes/train/node';
import * as tf from '@tensorflow/tfjs-core';
import { startBackend } from './backend.js';
import { parseOptions } from './cli.js';
import { exitCodeOf } from './errors.js';
import { runExperiment } from './experiment.js';
import { claimOutput, writeFolderAtomic } from './output-dir.js';
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
  // Before any work: nobody should wait through a training to learn that the folder is taken.
  claimOutput(options.out, options.force);
  const progress = createProgress((s) => process.stderr.write(s));
  const backend = await startBackend(options.backend);
  const backendStartSeconds = progress.elapsed();
  const description = describeBackend(backend);
  progress.line(description);
  const command = commandLine(argv);
  const { sizes, seed } = options;
  const notes = `@shapes/node-app on the ${backend.backend} backend: ${command}`;
  const run = await runExperiment({ sizes, seed, progress, notes });
  const results = buildResults({
    run,
    backend,
    description,
    ranOn: tf.getBackend(),
    sizes,
    seed,
    command,
    totalSeconds: progress.elapsed(),
    backendStartSeconds,
  });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const out = await writeFolderAtomic(options.out, options.force, async (dir) => {
    const at = (file: string) => path.join(dir, file);
    await saveModelToDir(run.base.model, path.dirname(at(OUTPUT_FILES.base)), run.base.metadata);
    await saveModelToDir(run.transfer.model, path.dirname(at(OUTPUT_FILES.transfer)), run.transfer.metadata);
    await writeReport(at(OUTPUT_FILES.report), buildReport(run, results));
    await writeFile(at(OUTPUT_FILES.results), json);
  });
  progress.line(`wrote ${out}`);
  process.stdout.write(options.json ? json : `${formatSummary(results, out)}\n`);
  return 0;
}

// `... | head` closes the pipe early: the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
process.once('SIGINT', () => {
  process.stderr.write('\ninterrupted: --out was left as it was\n');
  // 128 + SIGINT, as shells report a Ctrl-C.
  process.exit(130);
});

const code = await main(process.argv.slice(2)).catch((error: unknown) => exitCodeOf(error));
// Exit explicitly rather than when the event loop empties: the wasm backend's worker threads and Dawn's native
// objects (the webgpu route) would otherwise keep the process alive, and Dawn may crash tearing a device down
// at a natural exit. Written output is flushed first.
process.stdout.write('', () => process.exit(code));
