import { Command, CommanderError } from 'commander';
import { bench } from './commands/bench.js';
import { demo } from './commands/demo.js';
import { evaluate } from './commands/evaluate.js';
import { exportModel } from './commands/export.js';
import { generate } from './commands/generate.js';
import { info } from './commands/info.js';
import { predict } from './commands/predict.js';
import { train } from './commands/train.js';
import { transfer } from './commands/transfer.js';
import { mustExitExplicitly } from './lib/command.js';
import { EXIT } from './lib/exit-codes.js';
import { reportError } from './lib/handle-error.js';
import { CLI_VERSION } from './lib/version.js';

// `shapes ... | head` closes the pipe early: that is the reader's choice, not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const program = new Command('shapes')
  .description(
    'Transfer learning for images, end to end, on TensorFlow.js: generate shapes, train a CNN, transfer it to ' +
      'new shapes, evaluate it honestly (shapes it does not know should come back "unknown"), predict, and benchmark.',
  )
  .version(CLI_VERSION, '-v, --version')
  .showHelpAfterError('(add --help for usage)')
  .addHelpText(
    'after',
    `
Start here:
  $ shapes demo                      the whole story in about a minute
  $ shapes <command> --help          options and examples of one command

Exit codes: ${EXIT.ok} done, ${EXIT.usage} bad input (the message says the fix), ${EXIT.failure} the run failed, ${EXIT.interrupted} interrupted.
`,
  )
  .exitOverride();

for (const cmd of [demo, generate, train, transfer, evaluate, predict, exportModel, bench, info])
  program.addCommand(cmd.exitOverride());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has written its message already; help and version are not errors.
    const ok = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
    process.exitCode = ok ? EXIT.ok : EXIT.usage;
  } else {
    process.exitCode = reportError(error);
  }
}
// A run on webgpu (Dawn) ends here, not at a natural exit, where tearing its device down may crash.
if (mustExitExplicitly()) process.exit(process.exitCode ?? EXIT.ok);
