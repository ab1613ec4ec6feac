import { availableParallelism } from 'node:os';
import { PRESETS } from '@shapes/data';
import { loadModelFromDir } from '@shapes/models/node';
import type { BackendReport } from '@shapes/runtime';
import type { Command } from 'commander';
import { measureDrawing } from '../bench/data-bench.js';
import { formatRate, formatRatio } from '../bench/format.js';
import { measureInference, measureTraining } from '../bench/model-bench.js';
import { checkModelDir } from '../bench/model-dir.js';
import { BENCH_CLASSES, type BenchNet, createBenchNet, inputAndClasses } from '../bench/nets.js';
import { NO_DEFAULT_PRESET_PEER, runOpencvPeer } from '../bench/opencv-peer.js';
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
import { ratio } from '../bench/ratio.js';
import { PEER_THREADS, peerArchOfModel, runTorchPeer } from '../bench/torch-peer.js';
import { UsageError } from '../errors/usage-error.js';
import { type BackendOptions, newCommand, outputOf, startBackend } from '../lib/command.js';
import { renderTable } from '../lib/table.js';

const NO_PEER = 'not run (--no-peer)';
const DEFAULT_SECONDS = 3;

const ARCH_LABEL: Record<BenchArch, string> = {
  default: 'default CNN (64x64x1)',
  seed: "seed CNN (the original demo's, 256x256x3)",
  'bench-cnn': 'bench-cnn (64x64x1)',
};

interface PeerOption {
  /** False with `--no-peer`. */
  peer: boolean;
}

interface DataOptions extends BackendOptions, PeerOption {
  preset?: BenchPreset;
  perClass?: number;
  workers?: number;
}

interface TrainOptions extends BackendOptions, PeerOption {
  arch?: BenchArch;
  batch?: number;
  seconds?: number;
}

interface InferOptions extends TrainOptions {
  model?: string;
}

/** The backend's name and, on wasm, its SIMD and threads, as the JSON results give them. */
function backendFields(report: BackendReport) {
  return { backend: report.backend, simd: report.simd, threads: report.threads };
}

/** `tfjs wasm, SIMD on, 2 threads`, for the line above a table. */
function backendText(report: BackendReport): string {
  return report.backend === 'wasm'
    ? `tfjs wasm, SIMD ${report.simd ? 'on' : 'off'}, ${report.threads} thread${report.threads === 1 ? '' : 's'}`
    : `tfjs ${report.backend}`;
}

/** A peer line for the table's header, or the reason it is missing under the table. */
function peerNote(peer: { unavailable: string } | object): string {
  return 'unavailable' in peer ? `\npeer: ${peer.unavailable}` : '';
}

// ---------------------------------------------------------------------------------------------------------------

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
    const { size, channels } = PRESETS[preset];
    const images = perClass * 3;
    const geometry = `${size}x${size}x${channels}`;

    out.info(
      `${preset} preset (${geometry}): ${images} images on ${workers} worker${workers === 1 ? '' : 's'}, best of 3, into reused memory...`,
    );
    const imagesPerSec = await measureDrawing(preset, { perClass, workers, reuse: true });
    out.info('...and into fresh memory each run');
    const freshMemoryImagesPerSec = await measureDrawing(preset, { perClass, workers, reuse: false });

    let peer: ReturnType<typeof runOpencvPeer> | { unavailable: string };
    if (!o.peer) peer = { unavailable: NO_PEER };
    else if (preset !== 'seed') peer = { unavailable: NO_DEFAULT_PRESET_PEER };
    else {
      out.info("peer: the original demo's OpenCV generator, best of 3 runs...");
      peer = runOpencvPeer(perClass);
    }
    const result = {
      preset,
      size: geometry,
      images,
      workers,
      imagesPerSec,
      freshMemoryImagesPerSec,
      peer:
        'unavailable' in peer
          ? peer
          : {
              ...peer,
              ratio: ratio(imagesPerSec, peer.imagesPerSec),
              comparedAs:
                "ours into a reused buffer on every worker; the peer runs the original demo's create_dataset loop as written (without its torch conversion), which allocates every image afresh",
            },
    };
    out.result(result, () => {
      const p = result.peer;
      const has = !('unavailable' in p);
      const header = ['', 'ours', ...(has ? [p.name, 'ratio'] : [])];
      const rows = [
        [
          'images/s',
          formatRate(imagesPerSec),
          ...(has ? [formatRate(p.imagesPerSec), formatRatio(p.ratio)] : []),
        ],
        ['images/s, fresh memory', formatRate(freshMemoryImagesPerSec)],
      ];
      return `${preset} preset (${geometry}), ${images} images, ${workers} worker${workers === 1 ? '' : 's'}, best of 3\n\n${renderTable([header, ...rows])}${peerNote(p)}`;
    });
  });

// ---------------------------------------------------------------------------------------------------------------

const train = newCommand(
  'train',
  'Training and inference samples/s of a network on fixed random batches, beside the same network in PyTorch',
  {
    backend: true,
    examples: [
      'shapes bench train',
      'shapes bench train --arch bench-cnn --seconds 5 --json',
      'shapes bench train --arch seed --batch 4 --seconds 1',
      'shapes bench train --backend cpu --no-peer',
    ],
  },
)
  .option(
    '--arch <name>',
    "network: default, seed (the original demo's) or bench-cnn (default: default)",
    parseArch,
  )
  .option('--batch <n>', 'samples per step (default: 32, or 16 for seed)', parseBatch)
  .option(
    '--seconds <s>',
    `seconds per measurement, after warm-up steps (default: ${DEFAULT_SECONDS})`,
    parseSeconds,
  )
  .option('--no-peer', `skip the PyTorch peer (python3-torch, ${PEER_THREADS} threads)`)
  .exitOverride()
  .action(async (_options: TrainOptions, cmd: Command) => {
    const o = cmd.optsWithGlobals<TrainOptions>();
    const out = outputOf(o);
    const arch = o.arch ?? 'default';
    const batch = trainBatch(arch, o.batch);
    const seconds = o.seconds ?? DEFAULT_SECONDS;
    const report = await startBackend(o, out);

    const net = createBenchNet(arch);
    let trained: Awaited<ReturnType<typeof measureTraining>>;
    let inferred: Awaited<ReturnType<typeof measureInference>>;
    try {
      out.info(
        `training ${ARCH_LABEL[arch]} on a fixed random batch of ${batch}: warm-up, then ${seconds} s...`,
      );
      trained = await measureTraining(net, { batch, seconds });
      out.info(`inference, batch ${batch}: warm-up, then ${seconds} s...`);
      inferred = await measureInference(net, { batch, seconds });
    } finally {
      net.model.dispose();
    }

    let peer: ReturnType<typeof runTorchPeer>;
    if (!o.peer) peer = { unavailable: NO_PEER };
    else {
      out.info(`peer: the same network in PyTorch, ${PEER_THREADS} threads...`);
      peer = runTorchPeer(arch, {
        batch,
        seconds,
        classes: net.classes,
        trainSteps: trained.steps,
        inferSteps: inferred.steps,
      });
    }
    const trainSamplesPerSec = trained.samplesPerSec;
    const inferSamplesPerSec = inferred.samplesPerSec;
    const result = {
      ...backendFields(report),
      arch,
      batch,
      seconds,
      trainSamplesPerSec,
      inferSamplesPerSec,
      trainSteps: trained.steps,
      inferSteps: inferred.steps,
      peer:
        'unavailable' in peer
          ? peer
          : {
              ...peer,
              trainRatio: ratio(trainSamplesPerSec, peer.trainSamplesPerSec),
              inferRatio: ratio(inferSamplesPerSec, peer.inferSamplesPerSec),
            },
    };
    out.result(result, () => {
      const p = result.peer;
      const has = !('unavailable' in p);
      const header = [
        '',
        `ours (${report.backend})`,
        ...(has ? [`${p.name} (${PEER_THREADS} threads)`, 'ratio'] : []),
      ];
      const rows = [
        [
          'train samples/s',
          formatRate(trainSamplesPerSec),
          ...(has ? [formatRate(p.trainSamplesPerSec), formatRatio(p.trainRatio)] : []),
        ],
        [
          'infer samples/s',
          formatRate(inferSamplesPerSec),
          ...(has ? [formatRate(p.inferSamplesPerSec), formatRatio(p.inferRatio)] : []),
        ],
      ];
      return `${ARCH_LABEL[arch]}, batch ${batch}, ${seconds} s per measurement, ${backendText(report)}\n\n${renderTable([header, ...rows])}${peerNote(p)}`;
    });
  });

// ---------------------------------------------------------------------------------------------------------------

/** The saved model in `dir` (checked by {@link checkModelDir}), with what its inputs look like. */
async function loadBenchModel(dir: string): Promise<BenchNet & { architecture: string }> {
  const { model, metadata } = await loadModelFromDir(dir);
  try {
    return { model, architecture: metadata.architecture, ...inputAndClasses(model) };
  } catch (error) {
    model.dispose();
    throw new UsageError(`--model "${dir}": ${(error as Error).message}.`);
  }
}

const infer = newCommand(
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
)
  .option('--model <dir>', 'bench the model saved in this folder (its input size comes from the model)')
  .option(
    '--arch <name>',
    'without --model, the network: default, seed or bench-cnn (default: default)',
    parseArch,
  )
  .option('--batch <n>', 'samples per step (default: 64)', parseBatch)
  .option(
    '--seconds <s>',
    `seconds to measure, after warm-up steps (default: ${DEFAULT_SECONDS})`,
    parseSeconds,
  )
  .option('--no-peer', `skip the PyTorch peer (python3-torch, ${PEER_THREADS} threads)`)
  .exitOverride()
  .action(async (_options: InferOptions, cmd: Command) => {
    const o = cmd.optsWithGlobals<InferOptions>();
    checkModelOrArch(o.model, o.arch);
    if (o.model !== undefined) checkModelDir(o.model);
    const out = outputOf(o);
    const batch = inferBatch(o.batch);
    const seconds = o.seconds ?? DEFAULT_SECONDS;
    const report = await startBackend(o, out);

    let net: BenchNet;
    let arch: string;
    let peerArch: { arch: BenchArch } | { unavailable: string };
    if (o.model !== undefined) {
      const loaded = await loadBenchModel(o.model);
      net = loaded;
      arch = loaded.architecture;
      peerArch = peerArchOfModel(loaded.architecture, loaded.input);
      out.info(`model ${o.model}: ${arch}, ${loaded.input.join('x')} inputs, ${loaded.classes} classes`);
    } else {
      arch = o.arch ?? 'default';
      net = createBenchNet(o.arch ?? 'default');
      peerArch = { arch: o.arch ?? 'default' };
    }
    let inferred: Awaited<ReturnType<typeof measureInference>>;
    try {
      out.info(`inference, batch ${batch}: warm-up, then ${seconds} s...`);
      inferred = await measureInference(net, { batch, seconds });
    } finally {
      net.model.dispose();
    }

    let peer:
      | { name: string; inferSamplesPerSec: number; threads: number | null; python: string }
      | { unavailable: string };
    if (!o.peer) peer = { unavailable: NO_PEER };
    else if ('unavailable' in peerArch) peer = peerArch;
    else {
      out.info(`peer: the same network in PyTorch, ${PEER_THREADS} threads...`);
      const r = runTorchPeer(peerArch.arch, {
        batch,
        seconds,
        classes: peerArch.arch === 'bench-cnn' ? 5 : o.model ? net.classes : BENCH_CLASSES,
        trainSteps: 1,
        inferSteps: inferred.steps,
      });
      peer =
        'unavailable' in r
          ? r
          : { name: r.name, inferSamplesPerSec: r.inferSamplesPerSec, threads: r.threads, python: r.python };
    }
    const inferSamplesPerSec = inferred.samplesPerSec;
    const input = net.input.join('x');
    const result = {
      ...backendFields(report),
      arch,
      ...(o.model !== undefined ? { model: o.model } : {}),
      input,
      batch,
      seconds,
      inferSamplesPerSec,
      inferSteps: inferred.steps,
      peer:
        'unavailable' in peer ? peer : { ...peer, ratio: ratio(inferSamplesPerSec, peer.inferSamplesPerSec) },
    };
    out.result(result, () => {
      const p = result.peer;
      const has = !('unavailable' in p);
      const header = [
        '',
        `ours (${report.backend})`,
        ...(has ? [`${p.name} (${PEER_THREADS} threads)`, 'ratio'] : []),
      ];
      const row = [
        'infer samples/s',
        formatRate(inferSamplesPerSec),
        ...(has ? [formatRate(p.inferSamplesPerSec), formatRatio(p.ratio)] : []),
      ];
      const what = o.model !== undefined ? `${o.model} (${arch}, ${input})` : ARCH_LABEL[arch as BenchArch];
      return `${what}, batch ${batch}, ${seconds} s, ${backendText(report)}\n\n${renderTable([header, row])}${peerNote(p)}`;
    });
  });

// ---------------------------------------------------------------------------------------------------------------

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
