import type { BackendReport } from '@shapes/runtime';
import {
  ARCH_LABEL,
  type BackendFields,
  backendFields,
  backendText,
  comparisonTable,
  NO_PEER,
  type Unavailable,
} from './bench-text.js';
import { measureInference, measureTraining } from './model-bench.js';
import { createBenchNet } from './nets.js';
import type { BenchArch } from './options.js';
import { ratio } from './ratio.js';
import { PEER_THREADS, runTorchPeer, type TorchPeerRun } from './torch-peer.js';

/** What `shapes bench train` measures. */
export interface TrainBenchOptions {
  arch: BenchArch;
  batch: number;
  seconds: number;
  /** False with `--no-peer`. */
  peer: boolean;
}

/** `shapes bench train`'s JSON result. */
export interface TrainBenchResult extends BackendFields {
  arch: BenchArch;
  batch: number;
  seconds: number;
  trainSamplesPerSec: number;
  inferSamplesPerSec: number;
  trainSteps: number;
  inferSteps: number;
  peer: (TorchPeerRun & { trainRatio: number | null; inferRatio: number | null }) | Unavailable;
}

/**
 * Training, then inference samples/s of the `--arch` network on a fixed random batch, on the backend running
 * now (`report`), then the same network in PyTorch timed the same way. `info` gets a line before each step.
 */
export async function runTrainBench(
  o: TrainBenchOptions,
  report: BackendReport,
  info: (line: string) => void,
): Promise<TrainBenchResult> {
  const { arch, batch, seconds } = o;
  const net = createBenchNet(arch);
  let trained: Awaited<ReturnType<typeof measureTraining>>;
  let inferred: Awaited<ReturnType<typeof measureInference>>;
  try {
    info(`training ${ARCH_LABEL[arch]} on a fixed random batch of ${batch}: warm-up, then ${seconds} s...`);
    trained = await measureTraining(net, { batch, seconds });
    info(`inference, batch ${batch}: warm-up, then ${seconds} s...`);
    inferred = await measureInference(net, { batch, seconds });
  } finally {
    net.model.dispose();
  }
  let peer: TorchPeerRun | Unavailable = { unavailable: NO_PEER };
  if (o.peer) {
    info(`peer: the same network in PyTorch, ${PEER_THREADS} threads...`);
    const steps = { trainSteps: trained.steps, inferSteps: inferred.steps };
    peer = runTorchPeer(arch, { batch, seconds, classes: net.classes, ...steps });
  }
  const train = trained.samplesPerSec;
  const infer = inferred.samplesPerSec;
  return {
    ...backendFields(report),
    arch,
    batch,
    seconds,
    trainSamplesPerSec: train,
    inferSamplesPerSec: infer,
    trainSteps: trained.steps,
    inferSteps: inferred.steps,
    peer:
      'unavailable' in peer
        ? peer
        : {
            ...peer,
            trainRatio: ratio(train, peer.trainSamplesPerSec),
            inferRatio: ratio(infer, peer.inferSamplesPerSec),
          },
  };
}

/** `shapes bench train`'s result for people: a line, then ours beside the peer. */
export function trainBenchText(r: TrainBenchResult): string {
  const p = r.peer;
  const has = !('unavailable' in p);
  const table = comparisonTable(`ours (${r.backend})`, has ? `${p.name} (${PEER_THREADS} threads)` : p, [
    [
      'train samples/s',
      r.trainSamplesPerSec,
      ...(has ? ([p.trainSamplesPerSec, p.trainRatio] as const) : []),
    ],
    [
      'infer samples/s',
      r.inferSamplesPerSec,
      ...(has ? ([p.inferSamplesPerSec, p.inferRatio] as const) : []),
    ],
  ]);
  return `${ARCH_LABEL[r.arch]}, batch ${r.batch}, ${r.seconds} s per measurement, ${backendText(r)}\n\n${table}`;
}
