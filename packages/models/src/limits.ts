/**
 * The largest input side, in pixels, a model may take, in its metadata's `inputSize` and its topology's input
 * shape. @shapes models take 64 (256 for the original demo's network) and `shapes train --size` stops at 512; a
 * bigger number in a model file means it was edited or damaged, and every image resized to it would cost
 * gigabytes (20000 takes `shapes predict` past 12 GB).
 */
export const MAX_INPUT_SIZE = 512;

/**
 * The most values one image may take at any layer's output: 2^24, 64 MB as float32. The largest model @shapes
 * builds, the seed CNN at {@link MAX_INPUT_SIZE}, peaks at half of that (512 x 512 x 32 after its first
 * convolution); more is a file edited to make each prediction exhaust memory.
 */
export const MAX_VALUES_PER_IMAGE = 2 ** 24;
