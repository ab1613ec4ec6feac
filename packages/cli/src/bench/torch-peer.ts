import type { BenchArch } from './options.js';
import { numberField, stringField } from './peer-output.js';
import { peerScript, runPythonPeer, type Spawn } from './python-peer.js';

/** Threads the PyTorch peers run with: the two cores the speed goals were set on. */
export const PEER_THREADS = 2;

/** Why there is no PyTorch peer when python3 or its torch module is missing. */
export const TORCH_MISSING = 'python3 with torch not found: apt-get install python3-torch';

/** The PyTorch peer script (every net, `--arch`), in the `peers` folder the CLI ships. */
export const TORCH_PEER = 'torch_peer.py';

/**
 * The arguments of {@link TORCH_PEER} for `arch`, asked to time like ours: `seconds` per measurement for the
 * time-boxed nets (bench-cnn, default), and the same warm-up step and counts of timed steps for the seed CNN,
 * whose steps take seconds (`trainSteps`, `inferSteps`).
 */
export function torchPeerArgs(
  arch: BenchArch,
  o: { batch: number; seconds: number; classes: number; trainSteps: number; inferSteps: number },
): string[] {
  const common = ['--arch', arch, '--threads', String(PEER_THREADS), '--batch', String(o.batch)];
  const net = [...common, '--classes', String(o.classes)];
  if (arch !== 'seed') return [...net, '--seconds', String(o.seconds)];
  const train = String(Math.max(1, o.trainSteps));
  const infer = String(Math.max(1, o.inferSteps));
  return [...net, '--warmup', '1', '--steps', train, '--infer-steps', infer];
}

/** A PyTorch peer's numbers. */
export interface TorchNumbers {
  name: string;
  trainSamplesPerSec: number;
  inferSamplesPerSec: number;
  threads: number | null;
}

/** Reads the PyTorch peer's JSON line; `null` when a rate is missing. */
export function readTorchPeer(json: Record<string, unknown>): TorchNumbers | null {
  const train = numberField(json, 'trainSamplesPerSec');
  const infer = numberField(json, 'inferSamplesPerSec');
  if (train === null || infer === null) return null;
  const version = stringField(json, 'torchVersion');
  return {
    name: version ? `PyTorch ${version}` : 'PyTorch',
    trainSamplesPerSec: train,
    inferSamplesPerSec: infer,
    threads: numberField(json, 'threads'),
  };
}

/**
 * The `--arch` whose PyTorch copy matches a saved model, from its metadata's architecture and its input size,
 * or why there is none. A transferred model (`default_cnn_transfer`) keeps its base's features and a head of
 * the same kind, so it matches its base.
 */
export function peerArchOfModel(
  architecture: string,
  input: readonly [number, number, number],
): { arch: BenchArch } | { unavailable: string } {
  const [h, w, c] = input;
  // tfjs names the models `default_cnn` and `seed_cnn`; `shapes train` records the `--arch` word instead.
  const base = architecture.replace(/(_transfer)+$/, '').replace(/_cnn$/, '');
  if (base === 'default' && h === 64 && w === 64 && c === 1) return { arch: 'default' };
  if (base === 'seed' && h === 256 && w === 256 && c === 3) return { arch: 'seed' };
  if (base === 'bench' && h === 64 && w === 64 && c === 1) return { arch: 'bench-cnn' };
  return {
    unavailable: `no PyTorch copy of a "${architecture}" model with ${h}x${w}x${c} inputs (there are copies of the default CNN at 64x64x1 and the seed CNN at 256x256x3)`,
  };
}

/** A PyTorch peer that ran: its numbers and the python that ran it. */
export type TorchPeerRun = TorchNumbers & { python: string };

/**
 * Runs the PyTorch copy of `arch` (see {@link torchPeerArgs}), or says why it cannot: the script is not
 * installed, python3 or torch is missing, or the script failed.
 */
export function runTorchPeer(
  arch: BenchArch,
  o: Parameters<typeof torchPeerArgs>[1],
  spawn?: Spawn,
): TorchPeerRun | { unavailable: string } {
  const script = peerScript(TORCH_PEER);
  if (!script) return { unavailable: `@shapes/cli has no peers/${TORCH_PEER}: reinstall @shapes/cli` };
  const r = runPythonPeer(script, torchPeerArgs(arch, o), TORCH_MISSING, spawn);
  if (!r.ok) return { unavailable: r.reason };
  const numbers = readTorchPeer(r.json);
  if (!numbers) return { unavailable: `${TORCH_PEER} printed no training and inference rates` };
  return { ...numbers, python: r.python };
}
