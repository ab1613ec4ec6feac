import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../dist/index.js';

await selectBackend({ backend: 'wasm', threads: Number(process.argv[2] ?? 2) });
async function p(name, f, make) {
  const ts = [];
  for (let r = 0; r < 7; r++) {
    const inp = make();
    const prof = await tf.profile(() => f(inp));
    let tot = 0;
    for (const k of prof.kernels) tot += k.kernelTimeMs;
    ts.push(tot);
    tf.dispose(inp);
  }
  ts.sort((a, b) => a - b);
  console.log(name.padEnd(34), ts[3].toFixed(1));
}
for (const [h, ci, co] of [
  [64, 1, 16],
  [32, 16, 32],
  [16, 32, 64],
]) {
  const K = 32 * h * h,
    P = 9 * ci;
  const L = `${h}x${ci}->${co}`;
  await p(
    `${L} dW fresh`,
    ([x, dy]) =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropFilter',
          { x, dy },
          { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, ci, co] },
        ),
    () => [tf.randomUniform([32, h, h, ci]), tf.randomUniform([32, h, h, co])],
  );
  await p(
    `${L} matmul fresh`,
    ([a, b]) => tf.matMul(a, b),
    () => [tf.randomUniform([P, K]), tf.randomUniform([K, co])],
  );
  await p(
    `${L} matmul fresh swapped`,
    ([a, b]) => tf.matMul(a, b),
    () => [tf.randomUniform([co, K]), tf.randomUniform([K, P])],
  );
  await p(
    `${L} fwd conv fresh w`,
    ([x, w]) => tf.conv2d(x, w, 1, 'same'),
    () => [tf.randomUniform([32, h, h, ci]), tf.randomUniform([3, 3, ci, co])],
  );
}
