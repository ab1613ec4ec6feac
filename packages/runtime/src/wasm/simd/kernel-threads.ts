import type { KernelBackend } from '@tensorflow/tfjs-core';
import { type SimdKernels, simdInstance } from './simd-kernels.js';

/**
 * Helper threads for our SIMD kernels. XNNPACK's thread pool serves only XNNPACK's own operators, so a kernel of
 * ours would run on one core of the threaded build; these helpers instantiate our SIMD module on the same shared
 * heap and run a kernel's units beside the calling thread. They sleep in `Atomics.wait` between kernels.
 *
 * Units are taken a grain at a time from a shared counter rather than split in fixed shares: a helper that
 * wakes late (a virtual CPU left idle can take a millisecond) or finds its core taken (XNNPACK's pool threads
 * spin for about a millisecond after each of XNNPACK's operators) then takes fewer, and the calling thread more,
 * instead of the calling thread waiting for it.
 */

/** The kernels a helper can run, by their index in the control block. */
const NAMES = [
  'filterGrad',
  'biasAdd',
  'winograd3x3',
  'relu',
  'reluGrad',
  'meanGrad',
  'directConv',
  'maxPool2x2',
  'channelSums',
  'imageMeans',
  'winogradFilterGrad',
] as const;
type ParallelKernel = (typeof NAMES)[number];

// Control block (Int32Array on a SharedArrayBuffer). SEQ: the generation the helpers wait on. STATE: -1 while
// the calling thread writes a kernel's fields, else how many helpers are inside one. Then the kernel, its fields
// (heap bytes), how many units and how many to take at once, the next unit to take, whether a helper failed,
// and how many helpers started.
const SEQ = 0;
const STATE = 1;
const KERNEL = 2;
const ARGS = 3;
const TOTAL = 4;
const GRAIN = 5;
const NEXT = 6;
const FAILED = 7;
const READY = 8;
const SLOTS = 9;

interface Helpers {
  ctrl: Int32Array;
  count: number;
}

const byMemory = new WeakMap<WebAssembly.Memory, Helpers>();

/**
 * The script a helper runs (a Node worker from source, or a browser worker from a Blob): it gets the module, the
 * shared memory, the control block and its index, instantiates the module, then joins each kernel the calling
 * thread starts and takes its units until none are left.
 */
export const HELPER_SCRIPT = `'use strict';
const names = ${JSON.stringify(NAMES)};
function start({ module, memory, ctrl, index }, ready) {
  const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
  Atomics.add(ctrl, ${READY}, 1);
  ready();
  let seen = Atomics.load(ctrl, ${SEQ});
  for (;;) {
    Atomics.wait(ctrl, ${SEQ}, seen);
    // Join: not while the calling thread writes the fields, which then stay as they are until every helper left.
    for (;;) {
      const state = Atomics.load(ctrl, ${STATE});
      if (state < 0) Atomics.wait(ctrl, ${STATE}, state);
      else if (Atomics.compareExchange(ctrl, ${STATE}, state, state + 1) === state) break;
    }
    seen = Atomics.load(ctrl, ${SEQ});
    const f = k[names[ctrl[${KERNEL}]]];
    const args = ctrl[${ARGS}];
    const total = ctrl[${TOTAL}];
    const grain = ctrl[${GRAIN}];
    try {
      for (let u = Atomics.add(ctrl, ${NEXT}, grain); u < total; u = Atomics.add(ctrl, ${NEXT}, grain)) {
        f(args, u, Math.min(u + grain, total), index + 1, (u / grain) | 0);
      }
    } catch (e) {
      Atomics.store(ctrl, ${FAILED}, 1);
      Atomics.store(ctrl, ${NEXT}, total);
    }
    Atomics.sub(ctrl, ${STATE}, 1);
    Atomics.notify(ctrl, ${STATE});
  }
}
if (typeof require === 'function') {
  const { workerData, parentPort } = require('node:worker_threads');
  start(workerData, () => parentPort.postMessage('ready'));
} else {
  self.onmessage = (e) => start(e.data, () => self.postMessage('ready'));
}
`;

/** Makes `count` started helpers (controlled through `ctrl`) serve kernels on `memory`. */
export function attachHelpers(memory: WebAssembly.Memory, ctrl: Int32Array, count: number): void {
  byMemory.set(memory, { ctrl, count });
}

/**
 * How many threads may run a kernel on `memory` at once: 1, or 1 + its helpers once they have all started. Kernels
 * that keep scratch per thread make this many; thread i of a call gets index i (0 is the calling thread).
 */
export function kernelThreads(memory: WebAssembly.Memory | undefined): number {
  const h = memory && byMemory.get(memory);
  return h && Atomics.load(h.ctrl, READY) === h.count ? h.count + 1 : 1;
}

let canWait: boolean | undefined;

/**
 * Runs units [0, `total`) of kernel `name` with its fields at `args` (heap bytes), `grain` units per call, taken
 * in turn by this thread and the helpers, `threads` threads in all (what the caller sized any scratch per thread
 * for; 1 runs them here alone); returns when all are done. Each call also gets its thread's index (0 here, i on
 * helper i - 1) and its grain's (`from / grain`). A kernel that sums over units adds each grain into a sum of the
 * grain's own, which the caller adds up in order: with a grain that does not depend on `threads`, its results are
 * then the same bit for bit whichever thread took which grain, and on any number of threads.
 */
export function runShared(
  kernels: SimdKernels,
  memory: WebAssembly.Memory | undefined,
  name: ParallelKernel,
  args: number,
  total: number,
  threads: number,
  grain = Math.max(1, Math.ceil(total / (threads * 8))),
): void {
  const h = memory && byMemory.get(memory);
  const run = kernels[name];
  if (!h || threads < 2 || total <= grain) {
    for (let u = 0; u < total; u += grain) run(args, u, Math.min(u + grain, total), 0, (u / grain) | 0);
    return;
  }
  const { ctrl } = h;
  canWait ??= waitAllowed(ctrl);
  // Hold the fields: wait for helpers still leaving the last kernel, then keep them out while writing.
  for (let state = Atomics.compareExchange(ctrl, STATE, 0, -1); state !== 0; ) {
    waitWhile(ctrl, STATE, state);
    state = Atomics.compareExchange(ctrl, STATE, 0, -1);
  }
  ctrl[KERNEL] = NAMES.indexOf(name);
  ctrl[ARGS] = args;
  ctrl[TOTAL] = total;
  ctrl[GRAIN] = grain;
  Atomics.store(ctrl, NEXT, 0);
  Atomics.store(ctrl, STATE, 0);
  Atomics.notify(ctrl, STATE);
  Atomics.add(ctrl, SEQ, 1);
  Atomics.notify(ctrl, SEQ);
  try {
    for (let u = Atomics.add(ctrl, NEXT, grain); u < total; u = Atomics.add(ctrl, NEXT, grain)) {
      run(args, u, Math.min(u + grain, total), 0, (u / grain) | 0);
    }
  } finally {
    // Units a helper took may still be running, on memory the caller frees next: wait for every helper to leave
    // (after a failure here, once they have finished the units they hold).
    Atomics.store(ctrl, NEXT, total);
    for (let state = Atomics.load(ctrl, STATE); state !== 0; state = Atomics.load(ctrl, STATE)) {
      waitWhile(ctrl, STATE, state);
    }
  }
  if (Atomics.exchange(ctrl, FAILED, 0)) throw new Error(`A helper thread failed in the ${name} kernel.`);
}

// Waits while ctrl[i] holds `value`, the value the caller saw (waiting on a fresh read could miss the change and
// sleep through). A browser's main thread may not block: it spins, briefly, since helpers hold units of one kernel
// only.
function waitWhile(ctrl: Int32Array, i: number, value: number): void {
  if (canWait) Atomics.wait(ctrl, i, value);
}

function waitAllowed(ctrl: Int32Array): boolean {
  try {
    Atomics.wait(ctrl, FAILED, -1, 0);
    return true;
  } catch {
    return false;
  }
}

/** Below this many values a kernel runs on the calling thread alone: waking the helpers costs more than they save. */
const SHARED_MIN = 1 << 15;

/** The threads to run a kernel over `values` values on: every one, or this one alone for small data. */
export function threadsFor(memory: WebAssembly.Memory | undefined, values: number): number {
  return values >= SHARED_MIN ? kernelThreads(memory) : 1;
}

/** A started helper: how it says it is ready. */
export interface HelperWorker {
  once(event: 'ready', listener: () => void): void;
}

/** What a helper gets to start with. */
export interface HelperData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  ctrl: Int32Array;
  index: number;
}

/**
 * Starts `count` helpers for the kernels on `memory` through `spawn` (a Node worker or a browser worker running
 * {@link HELPER_SCRIPT} with its data) and resolves once they have all started, or after `timeoutMs` (they then
 * join as soon as they have all started; kernels run on the calling thread alone until then).
 */
export async function startHelpers(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  count: number,
  spawn: (data: HelperData) => HelperWorker | Promise<HelperWorker>,
  timeoutMs = 10_000,
): Promise<void> {
  if (count < 1 || byMemory.has(memory)) return;
  const ctrl = new Int32Array(new SharedArrayBuffer(4 * SLOTS));
  const started = Array.from({ length: count }, async (_, index) => {
    const worker = await spawn({ module, memory, ctrl, index });
    await new Promise<void>((resolve) => worker.once('ready', resolve));
  });
  attachHelpers(memory, ctrl, count);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([Promise.all(started), late]);
  clearTimeout(timer);
}

/** A browser worker running {@link HELPER_SCRIPT} (from a Blob URL) with `data`. */
export function browserHelper(data: HelperData): HelperWorker {
  const url = URL.createObjectURL(new Blob([HELPER_SCRIPT], { type: 'text/javascript' }));
  const worker = new Worker(url);
  worker.postMessage(data);
  return {
    once: (_event, listener) =>
      worker.addEventListener(
        'message',
        () => {
          URL.revokeObjectURL(url);
          listener();
        },
        { once: true },
      ),
  };
}

/**
 * Starts `count` helpers through `spawn` for our kernels on `backend`'s heap, where it is shared memory (tfjs's
 * threaded build); nothing otherwise.
 */
export async function startKernelHelpers(
  backend: KernelBackend,
  count: number,
  spawn: (data: HelperData) => HelperWorker | Promise<HelperWorker>,
): Promise<void> {
  const simd = simdInstance(backend);
  if (!simd || typeof SharedArrayBuffer === 'undefined') return;
  if (!(simd.memory.buffer instanceof SharedArrayBuffer)) return;
  await startHelpers(simd.module, simd.memory, count, spawn);
}
