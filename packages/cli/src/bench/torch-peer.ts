import type { BenchArch } from './options.js';
import { numberField, stringField } from './peer-output.js';
import { peerScript, runPythonPeer, type Spawn } from './python-peer.js';

/** Threads the PyTorch peers run with: the two cores the speed goals were set on. */
export const PEER_THREADS = 2;

/** Why there is no PyTorch peer when python3 or its torch module is missing. */
export const TORCH_MISSING = 'python3 with torch not found: apt-get install python3-torch';

/** Which script runs the PyTorch copy of a net, from which installed package, with which arguments. */
export interface TorchPeerPlan {
  pkg: string;
  file: string;
  args: string[];
}

/**
 * The PyTorch peer of `arch`, asked to time like ours: `seconds` per measurement for the time-boxed scripts
 * (bench-cnn, default), and the same warm-up step and counts of timed steps for the seed CNN's script, which
 * counts steps instead (`trainSteps`, `inferSteps`).
 */
export function torchPeerPlan(
  arch: BenchArch,
  o: { batch: number; seconds: number; classes: number; trainSteps: number; inferSteps: number },
): TorchPeerPlan {
  const common = ['--threads', String(PEER_THREADS), '--batch', String(o.batch)];
  switch (arch) {
    case 'bench-cnn':
      return {
        pkg: '@shapes/runtime',
        file: 'peer_torch.py',
        args: [...common, '--seconds', String(o.seconds)],
      };
    case 'default':
      return {
        pkg: '@shapes/cli',
        file: 'peer_default_torch.py',
        args: [...common, '--seconds', String(o.seconds), '--classes', String(o.classes)],
      };
    case 'seed':
      return {
        pkg: '@shapes/train',
        file: 'peer_seed_torch.py',
        args: [
          ...common,
          '--classes',
          String(o.classes),
          '--warmup',
          '1',
          '--steps',
          String(Math.max(1, o.trainSteps)),
          '--infer-steps',
          String(Math.max(1, o.inferSteps)),
        ],
      };
  }
}

/** A PyTorch peer's numbers, whichever of the scripts printed them. */
export interface TorchNumbers {
  name: string;
  trainSamplesPerSec: number;
  inferSamplesPerSec: number;
  threads: number | null;
}

/**
 * Reads a PyTorch peer's JSON line. The scripts spell the rates two ways (`trainSamplesPerSec`, and
 * `trainSamplesPerSecond` in the seed CNN's); `null` when a rate is missing.
 */
export function readTorchPeer(json: Record<string, unknown>): TorchNumbers | null {
  const train = numberField(json, 'trainSamplesPerSec', 'trainSamplesPerSecond');
  const infer = numberField(json, 'inferSamplesPerSec', 'inferSamplesPerSecond');
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
 * Runs the PyTorch copy of `arch` (see {@link torchPeerPlan}), or says why it cannot: the script is not
 * installed, python3 or torch is missing, or the script failed.
 */
export function runTorchPeer(
  arch: BenchArch,
  o: Parameters<typeof torchPeerPlan>[1],
  spawn?: Spawn,
): TorchPeerRun | { unavailable: string } {
  const plan = torchPeerPlan(arch, o);
  const script = peerScript(plan.pkg, plan.file);
  if (!script) return { unavailable: `${plan.pkg} has no bench/${plan.file}: reinstall ${plan.pkg}` };
  const r = runPythonPeer(script, plan.args, TORCH_MISSING, spawn);
  if (!r.ok) return { unavailable: r.reason };
  const numbers = readTorchPeer(r.json);
  if (!numbers) return { unavailable: `${plan.file} printed no training and inference rates` };
  return { ...numbers, python: r.python };
}
