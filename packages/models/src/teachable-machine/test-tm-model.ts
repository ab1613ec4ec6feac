import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { TeachableMachineMetadata } from './tm-metadata.js';

/**
 * A small model laid out as Teachable Machine's image models are (see `@teachablemachine/image`'s
 * `loadTruncatedMobileNet` and a real export's model.json): a Sequential holding a Sequential of a functional
 * MobileNet V2-like network (zero padding, convolutions, batch normalization, ReLU6, a depthwise convolution and
 * a residual `Add`) and a global average pooling, then a Sequential head `dense_Dense1` (relu) and
 * `dense_Dense2` (softmax, no bias). Random weights: tests compare it with what is made of it.
 */
export function teachableMachineLike(
  classes: number,
  imageSize: number,
  channels: 1 | 3 = 3,
): tfl.Sequential {
  const input = tfl.input({ shape: [imageSize, imageSize, channels], name: 'input_1' });
  const pad = tfl.layers
    .zeroPadding2d({
      name: 'Conv1_pad',
      padding: [
        [0, 1],
        [0, 1],
      ],
    })
    .apply(input);
  let x = tfl.layers
    .conv2d({ name: 'Conv1', filters: 8, kernelSize: 3, strides: 2, useBias: false })
    .apply(pad) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ name: 'bn_Conv1' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.reLU({ name: 'Conv1_relu', maxValue: 6 }).apply(x) as tfl.SymbolicTensor;
  const skip = x;
  x = tfl.layers
    .depthwiseConv2d({ name: 'block_1_depthwise', kernelSize: 3, padding: 'same', useBias: false })
    .apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ name: 'block_1_depthwise_BN' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.reLU({ name: 'block_1_depthwise_relu', maxValue: 6 }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers
    .conv2d({ name: 'block_1_project', filters: 8, kernelSize: 1, useBias: false })
    .apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.add({ name: 'block_1_add' }).apply([skip, x]) as tfl.SymbolicTensor;
  x = tfl.layers.reLU({ name: 'out_relu', maxValue: 6 }).apply(x) as tfl.SymbolicTensor;
  const mobilenet = tfl.model({ name: 'model1', inputs: input, outputs: x });
  const truncated = tfl.sequential({ name: 'sequential_1' });
  truncated.add(mobilenet);
  truncated.add(
    tfl.layers.globalAveragePooling2d({ name: 'global_average_pooling2d_GlobalAveragePooling2D1' }),
  );
  const head = tfl.sequential({
    name: 'sequential_3',
    layers: [
      tfl.layers.dense({ name: 'dense_Dense1', inputShape: [8], units: 12, activation: 'relu' }),
      tfl.layers.dense({ name: 'dense_Dense2', units: classes, activation: 'softmax', useBias: false }),
    ],
  });
  const model = tfl.sequential({ name: 'sequential_4' });
  model.add(truncated);
  model.add(head);
  // Batch normalization that is not the identity, as in a trained network.
  for (const name of ['bn_Conv1', 'block_1_depthwise_BN']) {
    const bn = mobilenet.getLayer(name);
    bn.setWeights(bn.getWeights().map((w, i) => tf.abs(tf.add(w, 0.1 * (i + 1)))));
  }
  return model;
}

/** A metadata.json as Teachable Machine's export writes it. */
export function teachableMachineMetadata(labels: string[], imageSize: number): TeachableMachineMetadata {
  return {
    tfjsVersion: '1.3.1',
    tmVersion: '2.4.7',
    packageVersion: '0.8.4-alpha2',
    packageName: '@teachablemachine/image',
    timeStamp: '2024-03-01T10:00:00.000Z',
    userMetadata: {},
    modelName: 'tm-my-image-model',
    labels,
    imageSize,
  };
}
