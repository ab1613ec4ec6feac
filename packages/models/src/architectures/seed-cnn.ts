import * as tfl from '@tensorflow/tfjs-layers';
import {
  type ArchitectureOptions,
  checkArchitectureOptions,
  EMBEDDING_LAYER,
  seededKernel,
} from './options.js';

/**
 * The original demo's CNN, layer for layer, so its results can be reproduced: 256x256x3 input; conv 32 3x3 same,
 * relu, maxpool 2; conv 64 3x3 same, relu, maxpool 2; dropout 0.25; flatten; dense 128 relu; dropout 0.25; dense
 * N. The demo ends in logits for a cross-entropy loss; here the last layer is a softmax, which is the same model
 * trained with the same loss. At 256x256 the first dense layer alone holds 33.5 million weights.
 */
export function createSeedCnn(options: ArchitectureOptions): tfl.Sequential {
  const { classes, inputSize, channels } = checkArchitectureOptions(options, {
    inputSize: 256,
    channels: 3,
    minSize: 4,
  });
  return tfl.sequential({
    name: 'seed_cnn',
    layers: [
      tfl.layers.conv2d({
        name: 'block1_conv',
        ...seededKernel(options.seed, 0),
        inputShape: [inputSize, inputSize, channels],
        filters: 32,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
      }),
      tfl.layers.maxPooling2d({ name: 'block1_pool', poolSize: 2 }),
      tfl.layers.conv2d({
        name: 'block2_conv',
        ...seededKernel(options.seed, 1),
        filters: 64,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
      }),
      tfl.layers.maxPooling2d({ name: 'block2_pool', poolSize: 2 }),
      tfl.layers.dropout({ name: 'block2_dropout', rate: 0.25 }),
      tfl.layers.flatten({ name: EMBEDDING_LAYER }),
      tfl.layers.dense({
        name: 'head_dense',
        ...seededKernel(options.seed, 2),
        units: 128,
        activation: 'relu',
      }),
      tfl.layers.dropout({ name: 'head_dropout', rate: 0.25 }),
      tfl.layers.dense({
        name: 'head_output',
        ...seededKernel(options.seed, 3),
        units: classes,
        activation: 'softmax',
      }),
    ],
  });
}
