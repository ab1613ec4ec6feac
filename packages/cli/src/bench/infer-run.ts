import { loadModelFromDir } from '@shapes/models/node';
import type { BackendReport } from '@shapes/runtime';
import { UsageError } from '../errors/usage-error.js';
import {
  ARCH_LABEL,
  type BackendFields,
  backendFields,
  backendText,
  comparisonTable,
  NO_PEER,
  type Unavailable,
} from './bench-text.js';
import { measureInference } from './model-bench.js';
import { type BenchNet, createBenchNet, inputAndClasses } from './nets.js';
import type { BenchArch } from './options.js';
import { ratio } from './ratio.js';
import { PEER_THREADS, peerArchOfModel, runTorchPeer, type TorchPeerRun } from './torch-peer.js';

/** What `shapes bench infer` measures: a saved model (`model`), or else the `arch` network. */
export interface InferBenchOptions {
  model?: string;
  arch?: BenchArch;
  batch: number;
  seconds: number;
  /** False with `--no-peer`. */
  peer: boolean;
}

/** The PyTorch peer's inference figures. */
export interface InferPeer {
  name: string;
  inferSamplesPerSec: number;
  threads: number | null;
  python: string;
}

/** `shapes bench infer`'s JSON result. */
export interface InferBenchResult extends BackendFields {
  arch: string;
  model?: string;
  input: string;
  batch: number;
  seconds: number;
  inferSamplesPerSec: number;
  inferSteps: number;
  peer: (InferPeer & { ratio: number | null }) | Unavailable;
}

/** The network to time: the saved model in `dir` (checked beforehand), or the `arch` network. */
async function loadNet(
  o: InferBenchOptions,
): Promise<{ net: BenchNet; arch: string; peerArch: BenchArch | Unavailable }> {
  if (o.model === undefined) {
    const arch = o.arch ?? 'default';
    return { net: createBenchNet(arch), arch, peerArch: arch };
  }
  const { model, metadata } = await loadModelFromDir(o.model);
  try {
    const net = { model, ...inputAndClasses(model) };
    const peer = peerArchOfModel(metadata.architecture, net.input);
    return { net, arch: metadata.architecture, peerArch: 'unavailable' in peer ? peer : peer.arch };
  } catch (error) {
    model.dispose();
    throw new UsageError(`--model "${o.model}": ${(error as Error).message}.`);
  }
}

/** The inference figures of a PyTorch peer's run. */
function inferPeer(r: TorchPeerRun | Unavailable): InferPeer | Unavailable {
  if ('unavailable' in r) return r;
  return { name: r.name, inferSamplesPerSec: r.inferSamplesPerSec, threads: r.threads, python: r.python };
}

/**
 * Inference samples/s of a saved model or an `--arch` network on a fixed random batch, on the backend running
 * now (`report`), then the same network in PyTorch where there is a copy of it. `info` gets a line before each
 * step.
 */
export async function runInferBench(
  o: InferBenchOptions,
  report: BackendReport,
  info: (line: string) => void,
): Promise<InferBenchResult> {
  const { batch, seconds } = o;
  const { net, arch, peerArch } = await loadNet(o);
  if (o.model !== undefined) {
    info(`model ${o.model}: ${arch}, ${net.input.join('x')} inputs, ${net.classes} classes`);
  }
  let inferred: Awaited<ReturnType<typeof measureInference>>;
  try {
    info(`inference, batch ${batch}: warm-up, then ${seconds} s...`);
    inferred = await measureInference(net, { batch, seconds });
  } finally {
    net.model.dispose();
  }
  let peer: InferPeer | Unavailable = { unavailable: NO_PEER };
  if (o.peer && typeof peerArch !== 'string') peer = peerArch;
  else if (o.peer && typeof peerArch === 'string') {
    info(`peer: the same network in PyTorch, ${PEER_THREADS} threads...`);
    const steps = { trainSteps: 1, inferSteps: inferred.steps };
    peer = inferPeer(runTorchPeer(peerArch, { batch, seconds, classes: net.classes, ...steps }));
  }
  const inferSamplesPerSec = inferred.samplesPerSec;
  return {
    ...backendFields(report),
    arch,
    ...(o.model !== undefined ? { model: o.model } : {}),
    input: net.input.join('x'),
    batch,
    seconds,
    inferSamplesPerSec,
    inferSteps: inferred.steps,
    peer:
      'unavailable' in peer ? peer : { ...peer, ratio: ratio(inferSamplesPerSec, peer.inferSamplesPerSec) },
  };
}

/** `shapes bench infer`'s result for people: a line, then ours beside the peer. */
export function inferBenchText(r: InferBenchResult): string {
  const p = r.peer;
  const has = !('unavailable' in p);
  const table = comparisonTable(`ours (${r.backend})`, has ? `${p.name} (${PEER_THREADS} threads)` : p, [
    ['infer samples/s', r.inferSamplesPerSec, ...(has ? ([p.inferSamplesPerSec, p.ratio] as const) : [])],
  ]);
  const what = r.model !== undefined ? `${r.model} (${r.arch}, ${r.input})` : ARCH_LABEL[r.arch as BenchArch];
  return `${what}, batch ${r.batch}, ${r.seconds} s, ${backendText(r)}\n\n${table}`;
}
