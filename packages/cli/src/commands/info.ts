import { createRequire } from 'node:module';
import { availableParallelism, cpus } from 'node:os';
import { adapterName, BACKEND_ORDER, currentPlatform } from '@shapes/runtime';
import { type BackendOptions, newCommand, outputOf, selectCliBackend } from '../lib/command.js';
import { CLI_VERSION } from '../lib/version.js';

const require = createRequire(import.meta.url);

function versionOf(pkg: string): string | null {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return null;
  }
}

/** `shapes info`: what runs here and why, for bug reports and for choosing a backend. */
export const info = newCommand('info', 'Show versions, the tfjs backend that runs here, and why', {
  backend: true,
  examples: ['shapes info', 'shapes info --json', 'SHAPES_BACKEND=cpu shapes info'],
}).action(async (options: BackendOptions) => {
  const out = outputOf(options);
  // The report is the result here, so it is not also written as a note.
  const report = await selectCliBackend(options.backend);
  const packages = Object.fromEntries(
    [
      '@shapes/data',
      '@shapes/runtime',
      '@shapes/models',
      '@shapes/train',
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-layers',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-node',
      '@tensorflow/tfjs-node-gpu',
    ].map((p) => [p, versionOf(p)]),
  );
  const machine = {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
  };
  const order = BACKEND_ORDER[currentPlatform()];
  out.result(
    {
      cli: CLI_VERSION,
      packages: { '@shapes/cli': CLI_VERSION, ...packages },
      machine,
      backend: report,
      order,
    },
    () =>
      [
        `shapes ${CLI_VERSION}`,
        '',
        ...Object.entries(packages).map(([p, v]) => `  ${p.padEnd(30)} ${v ?? 'not installed'}`),
        '',
        `  node ${machine.node} on ${machine.platform}, ${machine.cores} cores (${machine.cpu})`,
        `  tfjs backend: ${report.backend}${report.backend === 'wasm' ? ` (SIMD ${report.simd ? 'on' : 'off'}, ${report.threads} threads)` : ''}${report.adapter ? ` on Dawn (${adapterName(report.adapter)})` : ''}`,
        `  chosen by:    ${report.chosenBy} (order tried: ${order.join(', ')})`,
        ...report.skipped.map((s) => `  skipped:      ${s.backend}: ${s.reason}`),
        `  tf.getBackend() = ${report.tfBackend}`,
      ].join('\n'),
  );
});
