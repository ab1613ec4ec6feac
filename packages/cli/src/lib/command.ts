import { type BackendReport, describeBackend, selectBackend } from '@shapes/runtime';
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
      new Option('--backend <name>', 'tfjs backend to run on (default: the fastest that loads)')
        .choices(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'])
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
  const report = await selectBackend(options.backend ? { backend: options.backend } : {});
  out.info(describeBackend(report));
  return report;
}
