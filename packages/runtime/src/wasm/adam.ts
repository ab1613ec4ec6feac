import {
  AdamOptimizer,
  engine,
  getBackend,
  getKernel,
  type KernelConfig,
  type NamedTensorMap,
  type Tensor,
  type TensorInfo,
  tidy,
  util,
  type Variable,
  zerosLike,
} from '@tensorflow/tfjs-core';
import { type KernelArgs, wasmKernel } from './kernel-call.js';
import { jobFields, simdKernels } from './simd/simd-kernels.js';
import type { WasmHeapBackend } from './wasm-heap.js';

/** The kernel of one Adam step over all weights at once, on wasm. */
export const ADAM = 'ShapesAdam';

interface AdamAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  count: number;
}

/**
 * {@link ADAM} for the wasm backend. Inputs `value{i}`, `gradient{i}`, `m{i}`, `v{i}` for i < `count`, and the
 * scalars `accBeta1`, `accBeta2`; outputs each weight's new value, m and v, then the new accBeta1 and accBeta2.
 */
export const adamConfig: KernelConfig = wasmKernel(
  ADAM,
  ({ inputs, backend, attrs }: KernelArgs<Record<string, TensorInfo>, AdamAttrs>) => {
    const heap = backend as WasmHeapBackend;
    const simd = simdKernels(backend) as NonNullable<ReturnType<typeof simdKernels>>;
    const { beta1, beta2, epsilon, learningRate, count } = attrs;
    const at = (t: TensorInfo) => heap.typedArrayFromHeap(t);
    const acc1 = at(inputs.accBeta1 as TensorInfo)[0] as number;
    const acc2 = at(inputs.accBeta2 as TensorInfo)[0] as number;
    const f = Math.fround;
    const outs: TensorInfo[] = [];
    for (let i = 0; i < count; i++) {
      const value = inputs[`value${i}`] as TensorInfo;
      const made = [0, 1, 2].map(() => heap.makeOutput(value.shape, 'float32'));
      outs.push(...made);
      // Addresses after the allocations: they may grow (and so replace) the heap.
      const tensors = [
        value,
        inputs[`gradient${i}`],
        inputs[`m${i}`],
        inputs[`v${i}`],
        ...made,
      ] as TensorInfo[];
      const fields = jobFields(
        heap,
        tensors.map((t) => at(t).byteOffset),
      );
      // The scalars as tfjs makes them: float32 tensors of these numbers (1 - accBeta is a float32 subtraction).
      simd.adam(
        fields,
        util.sizeFromShape(value.shape),
        f(beta1),
        f(1 - beta1),
        f(beta2),
        f(1 - beta2),
        f(1 - acc1),
        f(1 - acc2),
        f(epsilon),
        f(-learningRate),
      );
    }
    for (const [acc, beta] of [
      [acc1, beta1],
      [acc2, beta2],
    ] as const) {
      const out = heap.makeOutput([], 'float32');
      at(out)[0] = f(acc * f(beta));
      outs.push(out);
    }
    return outs;
  },
);

// The fields of tfjs's AdamOptimizer that one step reads and writes.
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: Variable;
  accBeta2: Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: Variable } | undefined)[];
  incrementIterations(): void;
}

type Gradients = NamedTensorMap | { name: string; tensor: Tensor }[];

let original: ((this: AdamOptimizer, gradients: Gradients) => void) | undefined;

/**
 * Makes tfjs's `AdamOptimizer` (what `tf.train.adam` and `compile({ optimizer: 'adam' })` make) take one step of
 * all weights with one {@link ADAM} kernel where the backend is wasm: tfjs's own step runs 13 kernels and makes 5
 * scalar tensors per weight, about 200 small kernels a step for bench-cnn, each costing more in tfjs's dispatch
 * than its arithmetic. Same moments, same names, same float32 results; other backends and non-float32 weights
 * keep tfjs's step. Safe to call more than once.
 */
export function fuseAdamOnWasm(): void {
  if (original) return;
  const stock = AdamOptimizer.prototype.applyGradients as (this: AdamOptimizer, g: Gradients) => void;
  original = stock;
  AdamOptimizer.prototype.applyGradients = function applyGradients(
    this: AdamOptimizer,
    gradients: Gradients,
  ) {
    if (
      getBackend() !== 'wasm' ||
      !getKernel(ADAM, 'wasm') ||
      !fusedStep(this as unknown as AdamState, gradients)
    )
      stock.call(this, gradients);
  };
}

// One step with our kernel, as AdamOptimizer.applyGradients does it; false (nothing done) where it does not apply.
function fusedStep(opt: AdamState, gradients: Gradients): boolean {
  const names = Array.isArray(gradients) ? gradients.map((g) => g.name) : Object.keys(gradients);
  const gradientOf = (name: string, i: number) =>
    Array.isArray(gradients) ? gradients[i]?.tensor : (gradients as NamedTensorMap)[name];
  const variables = engine().registeredVariables;
  for (let i = 0; i < names.length; i++) {
    const g = gradientOf(names[i] as string, i);
    if (g && (g.dtype !== 'float32' || variables[names[i] as string]?.dtype !== 'float32')) return false;
  }
  tidy(() => {
    const inputs: NamedTensorMap = { accBeta1: opt.accBeta1, accBeta2: opt.accBeta2 };
    const targets: Variable[] = [];
    names.forEach((name, i) => {
      const value = variables[name] as Variable;
      opt.accumulatedFirstMoment[i] ??= {
        originalName: `${name}/m`,
        variable: tidy(() => zerosLike(value).variable(false)),
      };
      opt.accumulatedSecondMoment[i] ??= {
        originalName: `${name}/v`,
        variable: tidy(() => zerosLike(value).variable(false)),
      };
      const gradient = gradientOf(name, i);
      if (gradient == null) return;
      const k = targets.length / 3;
      const m = (opt.accumulatedFirstMoment[i] as { variable: Variable }).variable;
      const v = (opt.accumulatedSecondMoment[i] as { variable: Variable }).variable;
      Object.assign(inputs, { [`value${k}`]: value, [`gradient${k}`]: gradient, [`m${k}`]: m, [`v${k}`]: v });
      targets.push(value, m, v);
    });
    const attrs = {
      beta1: opt.beta1,
      beta2: opt.beta2,
      epsilon: opt.epsilon,
      learningRate: opt.learningRate,
      count: targets.length / 3,
    };
    const outs = engine().runKernel(ADAM, inputs, attrs as never) as unknown as Tensor[];
    targets.forEach((t, j) => {
      t.assign(outs[j] as Tensor);
    });
    opt.accBeta1.assign(outs[targets.length] as Tensor);
    opt.accBeta2.assign(outs[targets.length + 1] as Tensor);
  });
  opt.incrementIterations();
  return true;
}
