import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { measureInference, measureTraining } from './model-bench.js';
import { createBenchNet } from './nets.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('measureTraining and measureInference', () => {
  it('time the default CNN and leave no tensors behind', async () => {
    const net = createBenchNet('default');
    const before = tf.memory().numTensors;
    const infer = await measureInference(net, { batch: 2, seconds: 0.01 });
    expect(infer.samplesPerSec).toBeGreaterThan(0);
    expect(infer.steps).toBeGreaterThanOrEqual(1);
    expect(tf.memory().numTensors).toBe(before);
    const train = await measureTraining(net, { batch: 2, seconds: 0.01 });
    expect(train.samplesPerSec).toBeGreaterThan(0);
    expect(train.warmupSteps).toBeGreaterThanOrEqual(1);
    net.model.dispose();
  });
});
