import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { dataBenchText, runDataBench } from '../bench/data-run.js';
import { inferBenchText, runInferBench } from '../bench/infer-run.js';
import { checkModelDir } from '../bench/model-dir.js';
import {
  type BenchArch,
  type BenchPreset,
  checkModelOrArch,
  DEFAULT_PER_CLASS,
  inferBatch,
  parseArch,
  parseBatch,
  parsePerClass,
  parsePreset,
  parseSeconds,
  parseWorkers,
  trainBatch,
} from '../bench/options.js';
import { PEER_THREADS } from '../bench/torch-peer.js';
import { runTrainBench, trainBenchText } from '../bench/train-run.js';
import { type BackendOptions, newCommand, outputOf, startBackend } from '../lib/command.js';

const DEFAULT_SECONDS = 3;

interface PeerOption {
  /** False with `--no-peer`. */
  peer: boolean;
}

interface DataOptions extends BackendOptions, PeerOption {
  preset?: BenchPreset;
  perClass?: number;
  workers?: number;
}

interface NetOptions extends BackendOptions, PeerOption {
  arch?: BenchArch;
  batch?: number;
  seconds?: number;
}

interface InferOptions extends NetOptions {
  model?: string;
}

/** The options `train` and `infer` share: the network, its batch, the seconds to measure, and the peer. */
function withNetOptions(cmd: Command, help: { arch: string; batch: string; seconds: string }): Command {
  return cmd
    .option('--arch <name>', help.arch, parseArch)
    .option('--batch <n>', help.batch, parseBatch)
    .option('--seconds <s>', `${help.seconds} (default: ${DEFAULT_SECONDS})`, parseSeconds)
    .option('--no-peer', `skip the PyTorch peer (python3-torch, ${PEER_THREADS} threads)`)
    .exitOverride();
}

const data = newCommand(
  'data',
  "Images/s of the dataset generator, beside the original demo's OpenCV generator (seed preset)",
  {
    examples: [
      'shapes bench data',
      'shapes bench data --preset seed --per-class 1000',
      'shapes bench data --workers 1 --json',
    ],
  },
)
  .option(
    '--preset <name>',
    "images to draw: default (64x64 gray, varied) or seed (the demo's 256x256 RGB)",
    parsePreset,
  )
  .option(
    '--per-class <n>',
    `images per class of circle, square and triangle (default: ${DEFAULT_PER_CLASS.default} for default, ${DEFAULT_PER_CLASS.seed} for seed)`,
    parsePerClass,
  )
  .option('--workers <n>', 'worker threads (default: one per core)', parseWorkers)
  .option('--no-peer', 'skip the OpenCV peer (seed preset)')
  .exitOverride()
  .action(async (_options: DataOptions, cmd: Command) => {
    const o = cmd.optsWithGlobals<DataOptions>();
    const out = outputOf(o);
    const preset = o.preset ?? 'default';
    const perClass = o.perClass ?? DEFAULT_PER_CLASS[preset];
    const workers = o.workers ?? availableParallelism();
    const result = await runDataBench({ preset, perClass, workers, peer: o.peer }, (l) => out.info(l));
    out.result(result, () => dataBenchText(result));
  });

const train = withNetOptions(
  newCommand(
    'train',
    'Training and inference samples/s of a network on fixed random batches, beside the same network in PyTorch',
    {
      backend: true,
      examples: [
        'shapes bench train',
        'shapes bench train --arch bench-cnn --seconds 5 --json',
        'shapes bench train --arch seed --batch 4 --seconds 1',
        'shapes bench train --backend cpu --no-peer',
        'shapes bench train --backend webgpu --no-peer   (Dawn: the optional webgpu package and a GPU)',
      ],
    },
  ),
  {
    arch: "network: default, seed (the original demo's) or bench-cnn (default: default)",
    batch: 'samples per step (default: 32, or 16 for seed)',
    seconds: 'seconds per measurement, after warm-up steps',
  },
).action(async (_options: NetOptions, cmd: Command) => {
  const o = cmd.optsWithGlobals<NetOptions>();
  const out = outputOf(o);
  const arch = o.arch ?? 'default';
  const options = {
    arch,
    batch: trainBatch(arch, o.batch),
    seconds: o.seconds ?? DEFAULT_SECONDS,
    peer: o.peer,
  };
  const result = await runTrainBench(options, await startBackend(o, out), (l) => out.info(l));
  out.result(result, () => trainBenchText(result));
});

const infer = withNetOptions(
  newCommand(
    'infer',
    'Inference samples/s of a network or a saved model on a fixed random batch, beside the same network in PyTorch',
    {
      backend: true,
      examples: [
        'shapes bench infer',
        'shapes bench infer --model models/base --batch 1',
        'shapes bench infer --arch seed --batch 8 --seconds 2 --json',
      ],
    },
  ).option('--model <dir>', 'bench the model saved in this folder (its input size comes from the model)'),
  {
    arch: 'without --model, the network: default, seed or bench-cnn (default: default)',
    batch: 'samples per step (default: 64)',
    seconds: 'seconds to measure, after warm-up steps',
  },
).action(async (_options: InferOptions, cmd: Command) => {
  const o = cmd.optsWithGlobals<InferOptions>();
  checkModelOrArch(o.model, o.arch);
  if (o.model !== undefined) checkModelDir(o.model);
  const out = outputOf(o);
  const options = { ...o, batch: inferBatch(o.batch), seconds: o.seconds ?? DEFAULT_SECONDS };
  const result = await runInferBench(options, await startBackend(o, out), (l) => out.info(l));
  out.result(result, () => inferBenchText(result));
});

/**
 * `shapes bench data|train|infer`: how fast the generator, training and inference run here, each beside its
 * peer (the original demo's OpenCV generator, the same network in PyTorch) when python3 has it.
 */
export const bench = newCommand(
  'bench',
  "Measure the data generator, training and inference here, beside the original demo's OpenCV and PyTorch",
  {
    examples: [
      'shapes bench data --preset seed',
      'shapes bench train --arch bench-cnn --json',
      'shapes bench infer --model models/base',
    ],
  },
)
  // Options after the subcommand's name are the subcommand's (`shapes bench data --json`); the subcommands also
  // read `--json`/`--quiet` given before it (`shapes bench --json data`).
  .enablePositionalOptions()
  .addCommand(data)
  .addCommand(train)
  .addCommand(infer);
