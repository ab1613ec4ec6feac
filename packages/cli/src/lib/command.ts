import {
  type BackendReport,
  type BackendRoutes,
  backendOrder,
  describeBackend,
  type SelectBackendOptions,
  selectBackend,
} from '@shapes/runtime';
import { dawnWebgpu } from '@shapes/runtime/node';
import { Command, Option } from 'commander';
import { Output } from './output.js';

/** Options every command takes. */
export interface CommonOptions {
  json?: boolean;
  quiet?: boolean;
}

/** Options of commands that run a model. */
export interface BackendOptions extends CommonOptions {
  backend?: string;
}

// tfjs's WebGPU backend on Dawn (the optional `webgpu` package), probed in a child process first. It is tried only
// when named, so the automatic choice stays on the backends this repository trains on in its tests.
const DAWN_ROUTES: BackendRoutes = { webgpu: dawnWebgpu() };

/** What `--backend` takes, fastest first: Node's ladder with `webgpu` (on Dawn) between tfjs-node and wasm. */
export const BACKEND_CHOICES: readonly string[] = backendOrder('node', DAWN_ROUTES);

// tfjs-node and tfjs-node-gpu are looked for in this package's folder, where `npm install` beside it or
// `pnpm --filter @shapes/cli add` puts them and where `shapes info` reads their versions; @shapes/runtime's own
// folder cannot see them in a pnpm workspace. Through a variable, so the bundle leaves them alone.
const importHere = (specifier: string) => () => import(specifier);
const IMPORTS: SelectBackendOptions['imports'] = {
  'tfjs-node-gpu': importHere('@tensorflow/tfjs-node-gpu'),
  'tfjs-node': importHere('@tensorflow/tfjs-node'),
};

let ranOnDawn = false;

/**
 * `selectBackend`'s options for `--backend` (or `SHAPES_BACKEND`, which Commander reads into it): the Dawn route
 * only when `webgpu` is named, and the optional Node packages imported from this package's folder.
 */
export function backendSelection(backend: string | undefined): SelectBackendOptions {
  return {
    ...(backend ? { backend } : {}),
    ...(backend === 'webgpu' ? { routes: DAWN_ROUTES } : {}),
    imports: IMPORTS,
    optionName: '--backend',
  };
}

/**
 * Starts the backend `--backend` names (or the fastest) through {@link backendSelection}.
 *
 * @throws BackendUnavailableError when the backend named cannot run here; its message has the reason and the fix.
 */
export async function selectCliBackend(backend: string | undefined): Promise<BackendReport> {
  const report = await selectBackend(backendSelection(backend));
  if (report.backend === 'webgpu') ranOnDawn = true;
  return report;
}

/**
 * Whether the process must end with `process.exit`: Dawn may crash tearing its device down at a natural exit, so
 * a run that used the webgpu route ends explicitly, as `@shapes/runtime/node`'s `dawnWebgpu` asks.
 */
export function mustExitExplicitly(): boolean {
  return ranOnDawn;
}

/**
 * A subcommand with the options every command shares (`--json`, `--quiet`) and, with `backend`, `--backend`.
 * `examples` go at the end of `--help`, because people copy examples before they read option lists.
 */
export function newCommand(
  name: string,
  description: string,
  { examples = [], backend = false }: { examples?: string[]; backend?: boolean } = {},
): Command {
  const cmd = new Command(name).description(description);
  cmd.option('--json', 'print one JSON document on stdout (progress and notes go to stderr)');
  cmd.option('-q, --quiet', 'no progress or notes on stderr (errors are still shown)');
  if (backend) {
    cmd.addOption(
      new Option(
        '--backend <name>',
        'tfjs backend to run on (default: the fastest that loads; webgpu, on Dawn with the optional `webgpu` package, only when named)',
      )
        .choices(BACKEND_CHOICES)
        .env('SHAPES_BACKEND'),
    );
  }
  if (examples.length > 0) {
    cmd.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`);
  }
  return cmd;
}

/** The command's {@link Output} from its parsed options. */
export function outputOf(options: CommonOptions): Output {
  return new Output({ json: options.json, quiet: options.quiet });
}

/** Starts the backend the options ask for (or the fastest), and says which on stderr. */
export async function startBackend(options: BackendOptions, out: Output): Promise<BackendReport> {
  const report = await selectCliBackend(options.backend);
  out.info(describeBackend(report));
  return report;
}
