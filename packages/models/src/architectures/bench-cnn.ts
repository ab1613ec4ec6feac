import * as tfl from '@tensorflow/tfjs-layers';
import { convBlock, denseHead, EMBEDDING_LAYER, poolBlock } from './options.js';

/** Classes of `bench-cnn`: fixed, so that every measurement of it times the same network. */
export const BENCH_CNN_CLASSES = 5;

/**
 * `bench-cnn`, the network the speed goals against PyTorch are set on: input 64x64x1; conv 16, 32, 64 (3x3 same,
 * relu) with 2x2 max pools between; global average pooling; dense 64 relu; dense 5 softmax. Its first layers run
 * at full resolution, so it weighs on the convolution kernels more than the default CNN does. Uncompiled, like
 * the other architectures; `seed` seeds its initializers.
 */
export function createBenchCnn(options: { seed?: number } = {}): tfl.Sequential {
  const { seed } = options;
  return tfl.sequential({
    name: 'bench_cnn',
    layers: [
      convBlock(1, 16, seed, { inputShape: [64, 64, 1] }),
      poolBlock(1),
      convBlock(2, 32, seed),
      poolBlock(2),
      convBlock(3, 64, seed),
      tfl.layers.globalAveragePooling2d({ name: EMBEDDING_LAYER }),
      ...denseHead(BENCH_CNN_CLASSES, seed, 4),
    ],
  });
}
