import * as tf from '@tensorflow/tfjs-core';
import { type BenchNet, randomBatch } from './nets.js';
import { type Timing, timed } from './timing.js';

/**
 * Training samples/s of `net` (compiled) on one fixed random batch, `trainOnBatch` after warm-up steps, for at
 * least `seconds`. Each step's loss is read back.
 */
export async function measureTraining(net: BenchNet, o: { batch: number; seconds: number }): Promise<Timing> {
  const { x, y } = randomBatch(net, o.batch);
  try {
    return await timed(() => net.model.trainOnBatch(x, y), o);
  } finally {
    tf.dispose([x, y]);
  }
}

/** Inference samples/s of `net` on one fixed random batch: `predict`, then the scores read back. */
export async function measureInference(
  net: Pick<BenchNet, 'model' | 'input' | 'classes'>,
  o: { batch: number; seconds: number },
): Promise<Timing> {
  const { x, y } = randomBatch(net, o.batch);
  try {
    return await timed(async () => {
      const p = net.model.predict(x) as tf.Tensor;
      await p.data();
      p.dispose();
    }, o);
  } finally {
    tf.dispose([x, y]);
  }
}
