import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError } from './errors/checkpoint-error.js';

/** A tensor with a name, as tfjs optimizers' `getWeights` and `setWeights` use them. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** Prefix of the entries that hold an optimizer's private variables (see {@link captureOptimizerState}). */
const HIDDEN = 'hidden:';

/**
 * Sets the rate the next steps use. tfjs optimizers read their `learningRate` field at every step, except SGD
 * and momentum, which cache it as a tensor and so must go through `setLearningRate`.
 */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (rate: number) => void };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(rate);
  else o.learningRate = rate;
}

/**
 * Everything an optimizer needs to continue exactly where it stopped: `getWeights()` (iteration count and slot
 * variables), plus the private variables it does not return. Adam's running powers of beta are such variables;
 * `setWeights` recomputes them with `pow`, which can differ in the last bit from the product the uninterrupted
 * run accumulated, so they are saved as they are. Tensors are copies the caller owns (dispose them).
 */
export async function captureOptimizerState(optimizer: tf.Optimizer): Promise<NamedTensor[]> {
  let weights: NamedTensor[];
  try {
    weights = await optimizer.getWeights();
  } catch (cause) {
    throw new CheckpointError(
      `The ${optimizer.getClassName()} optimizer cannot report its state (getWeights), so it cannot be checkpointed; use adam, sgd, momentum, rmsprop, adagrad, adadelta or adamax.`,
      { cause },
    );
  }
  // getWeights returns the slot variables themselves (and a fresh iteration scalar); clone so the caller's
  // copies outlive the next step, which replaces the variables' values.
  const state = weights.map(({ name, tensor }, i) => ({ name, tensor: i === 0 ? tensor : tensor.clone() }));
  for (const [key, value] of hiddenVariables(optimizer))
    state.push({ name: HIDDEN + key, tensor: value.clone() });
  return state;
}

/**
 * Restores a state from {@link captureOptimizerState} into a fresh optimizer of the same class. Call it before
 * the first step: tfjs optimizers create their slots on the first step unless `setWeights` has made them. The
 * slots are matched to variables by position, as tfjs does, so the model's trainable weights must be the same,
 * in the same order. The given tensors stay the caller's.
 */
export async function restoreOptimizerState(
  optimizer: tf.Optimizer,
  state: readonly NamedTensor[],
  variables: readonly tf.Variable[],
): Promise<void> {
  const hidden = state.filter((w) => w.name.startsWith(HIDDEN));
  const weights = state.filter((w) => !w.name.startsWith(HIDDEN));
  const slots = weights.length - 1;
  if (weights.length === 0 || (slots > 0 && slots % variables.length !== 0)) {
    throw new CheckpointError(
      `The optimizer state holds ${slots} slot variables, which does not fit the model's ${variables.length} trainable weights; was it saved with other frozen layers or another model?`,
    );
  }
  for (let s = 0; s < slots; s++) {
    const slot = weights[s + 1] as NamedTensor;
    const variable = variables[s % variables.length] as tf.Variable;
    if (!tf.util.arraysEqual(slot.tensor.shape, variable.shape)) {
      throw new CheckpointError(
        `Optimizer slot "${slot.name}" has shape [${slot.tensor.shape}] but trainable weight ${s % variables.length} ("${variable.name}") has [${variable.shape}]; the checkpoint belongs to another model or other frozen layers.`,
      );
    }
  }
  await optimizer.setWeights([...weights]);
  const own = new Map(hiddenVariables(optimizer));
  for (const { name, tensor } of hidden) {
    const target = own.get(name.slice(HIDDEN.length));
    if (!target) {
      throw new CheckpointError(
        `The optimizer state has "${name}", which a ${optimizer.getClassName()} optimizer does not have; was it saved from another optimizer?`,
      );
    }
    target.assign(tensor);
  }
}

/** The optimizer's own `tf.Variable` fields, by field name, in a stable order. */
function hiddenVariables(optimizer: tf.Optimizer): [string, tf.Variable][] {
  return Object.entries(optimizer)
    .filter((entry): entry is [string, tf.Variable] => entry[1] instanceof tf.Variable)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
