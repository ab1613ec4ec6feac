import type * as tf from '@tensorflow/tfjs';
import { ModelFileError } from './errors/model-file-error.js';
import { MAX_INPUT_SIZE, MAX_VALUES_PER_IMAGE } from './limits.js';

type Config = Record<string, unknown>;
/** A tensor's shape without its batch dimension. */
type Shape = number[];
/** What a layer makes of its input: its output shape, and the weights tfjs allocates when it builds it. */
type Step = { output: Shape; weights: number; detail?: string };
type Fail = (problem: string) => never;

const FIX = 'The file was edited or damaged, or is not a @shapes model; restore it or save the model again.';

/**
 * Checks a layers-model topology before tfjs builds it, so that a small, edited model.json cannot make loading
 * exhaust memory. tfjs's `deserialize` builds every layer and allocates its weights at the sizes the topology
 * declares, and only then compares them with the weights file; so the check comes first:
 * - each input is `[null, h, w, 1 or 3]` with `h` and `w` at most {@link MAX_INPUT_SIZE};
 * - the weights the layers would allocate, computed from their configs (units, filters, kernel_size...) and
 *   the shapes flowing into them, add up to no more values than the weights manifest lists, nor than
 *   `weightBytes` (the weight data's size, where the caller has it) could hold at one byte a value. A model whose
 *   layers need more can never load (tfjs's strict loading takes every weight from the file), so nothing
 *   loadable is refused, and loading allocates no more than the weights file, bounded by its own size limit,
 *   holds;
 * - no layer's output holds more than {@link MAX_VALUES_PER_IMAGE} values per image.
 * Only layer classes whose allocation can be computed this way are accepted: the ones @shapes models use, and a
 * few close relatives. Keys and values are read as tfjs reads them (snake_case or camelCase, the last one wins).
 *
 * @throws ModelFileError naming `where`, the layer and the field at fault.
 */
export function checkTopologyLimits(
  topology: unknown,
  weightSpecs: readonly tf.io.WeightsManifestEntry[] | undefined,
  where: string,
  weightBytes = Number.POSITIVE_INFINITY,
): void {
  const fail = (problem: string): never => {
    throw new ModelFileError(`${where}: ${problem}. ${FIX}`, where);
  };
  // A value takes at least one byte of the file (uint8 quantization), so the data's size bounds them too.
  const budget = Math.min(manifestValues(weightSpecs ?? [], fail), weightBytes);
  let used = 0;
  const walk: Walk = {
    fail,
    output(layer, shape) {
      const values = shape.reduce((a, b) => a * b, 1);
      if (values > MAX_VALUES_PER_IMAGE) {
        fail(
          `layer ${layer} would output [${shape.join(', ')}], ${values} values per image, over the limit of ` +
            `${MAX_VALUES_PER_IMAGE}`,
        );
      }
    },
    weights(layer, step) {
      used += step.weights;
      if (used > budget) {
        fail(
          `layer ${layer} would allocate ${step.weights} weights (${step.detail}), ${used} with the layers ` +
            `before it, but the weights file holds only ${budget} values; tfjs allocates them before it reads ` +
            'the weights, and a model takes every one of them from that file',
        );
      }
    },
  };
  const root = isObject(topology) && isObject(topology.model_config) ? topology.model_config : topology;
  const kind = read(root, 'className');
  const config = read(root, 'config');
  if (kind === 'Sequential') walkSequential(config, walk);
  else if (kind === 'Model' || kind === 'Functional') walkFunctional(config, walk);
  else fail(`modelTopology's class_name is ${JSON.stringify(kind)}, expected "Sequential" or "Model"`);
}

/** What the walks report to: each layer's output shape and weights, and the way to refuse. */
interface Walk {
  fail(problem: string): never;
  output(layer: string, shape: Shape): void;
  weights(layer: string, step: Step): void;
}

function walkSequential(config: unknown, walk: Walk): void {
  const layers = Array.isArray(config) ? config : read(config, 'layers');
  if (!Array.isArray(layers) || layers.length === 0) walk.fail('the Sequential model has no layers');
  let shape: Shape = [];
  (layers as unknown[]).forEach((entry, i) => {
    const className = String(read(entry, 'className'));
    const c = asConfig(read(entry, 'config'));
    const layer = `"${String(read(c, 'name') ?? `#${i}`)}" (${className})`;
    // tfjs starts a Sequential model from its first layer's declared input and ignores any later one.
    if (i === 0) shape = inputShape(layer, className, c, walk.fail);
    if (i === 0 && className === 'InputLayer') return;
    const step = layerStep(layer, className, c, shape, walk.fail);
    walk.weights(layer, step);
    walk.output(layer, step.output);
    shape = step.output;
  });
}

function walkFunctional(config: unknown, walk: Walk): void {
  const layers = read(config, 'layers');
  if (!Array.isArray(layers) || layers.length === 0) walk.fail('the model has no layers');
  // Output shapes by "<layer>:<node>:<tensor>", the references inbound nodes use.
  const outputs = new Map<string, Shape>();
  const names = new Set<string>();
  for (const entry of layers as unknown[]) {
    const className = String(read(entry, 'className'));
    const c = asConfig(read(entry, 'config'));
    const name = read(entry, 'name');
    const layer = `"${String(name)}" (${className})`;
    // tfjs files layers and their calls under both names; one unique name keeps its graph the one checked here.
    if (typeof name !== 'string' || name === '' || read(c, 'name') !== name || names.has(name)) {
      walk.fail(`layer ${layer} needs one name of its own, the same in the layer and its config`);
    }
    names.add(name as string);
    if (className === 'InputLayer') {
      outputs.set(`${name}:0:0`, inputShape(layer, className, c, walk.fail));
      continue;
    }
    const nodes = read(entry, 'inboundNodes') ?? [];
    if (!Array.isArray(nodes)) walk.fail(`layer ${layer} has malformed inbound_nodes`);
    const steps = (nodes as unknown[]).map((node, n) => {
      const from = Array.isArray(node) && node.length === 1 ? node[0] : undefined;
      const input = Array.isArray(from) ? outputs.get(`${from[0]}:${from[1]}:${from[2]}`) : undefined;
      if (input === undefined) {
        walk.fail(`layer ${layer} takes an input that is not one output of a layer listed before it`);
      }
      const step = layerStep(layer, className, c, input!, walk.fail);
      outputs.set(`${name}:${n}:0`, step.output);
      return step;
    });
    // A layer called more than once is built once, for one of its inputs: the largest bounds it.
    const built = steps.reduce((a, b) => (b.weights > a.weights ? b : a), { output: [], weights: 0 });
    walk.weights(layer, built);
    for (const step of steps) walk.output(layer, step.output);
  }
}

/** The input shape a layer declares (as tfjs reads it), checked against the limits of @shapes images. */
function inputShape(layer: string, className: string, c: Config, fail: Fail): Shape {
  const batch = read(c, 'batchInputShape');
  const input = read(c, 'inputShape');
  const [shape, field] =
    batch != null
      ? [batch, 'batch_input_shape']
      : input != null
        ? [Array.isArray(input) ? [null, ...input] : input, 'input_shape']
        : className === 'Dense' && read(c, 'inputDim') != null
          ? [[null, read(c, 'inputDim')], 'input_dim']
          : [undefined, 'batch_input_shape'];
  if (shape === undefined) return fail(`the first layer ${layer} declares no input shape (${field})`);
  const dims = Array.isArray(shape) ? shape.slice(1) : [];
  const [h, w, channels] = dims;
  const fits = (d: unknown) =>
    Number.isSafeInteger(d) && (d as number) >= 1 && (d as number) <= MAX_INPUT_SIZE;
  if (dims.length !== 3 || !fits(h) || !fits(w) || (channels !== 1 && channels !== 3)) {
    fail(
      `layer ${layer} declares the input shape ${JSON.stringify(shape)} (${field}); @shapes models take ` +
        `[null, size, size, 1 or 3] with a size of at most ${MAX_INPUT_SIZE} pixels`,
    );
  }
  return dims as Shape;
}

const LAYERS = [
  'Dense',
  'Conv2D',
  'MaxPooling2D',
  'AveragePooling2D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  'BatchNormalization',
  'Flatten',
  'Dropout',
  'Activation',
  'Rescaling',
];

/** Output shape and weight count of one layer, as tfjs would build it for `input`. */
function layerStep(layer: string, className: string, c: Config, input: Shape, fail: Fail): Step {
  const bad = (problem: string): never => fail(`layer ${layer} ${problem}`);
  const int = (key: string, field: string, fallback?: number): number => {
    const v = read(c, key) ?? fallback;
    return Number.isSafeInteger(v) && (v as number) >= 1
      ? (v as number)
      : bad(`has ${field} ${JSON.stringify(v)}, expected a positive integer`);
  };
  const pair = (key: string, field: string, fallback?: number | number[]): [number, number] => {
    const v = read(c, key) ?? fallback;
    const ok = (d: unknown) => Number.isSafeInteger(d) && (d as number) >= 1;
    if (ok(v)) return [v as number, v as number];
    if (Array.isArray(v) && v.length === 2 && v.every(ok)) return v as [number, number];
    return bad(`has ${field} ${JSON.stringify(v)}, expected a positive integer or two`);
  };
  const image = (): [number, number, number] => {
    const format = read(c, 'dataFormat');
    if (format != null && camel(String(format)) !== 'channelsLast') {
      bad(`has data_format ${JSON.stringify(format)}; only "channels_last" is supported`);
    }
    if (input.length !== 3) bad(`takes [${input.join(', ')}]; expected an image (height, width, channels)`);
    return input as [number, number, number];
  };
  const padding = () => {
    const p = read(c, 'padding') ?? 'valid';
    return p === 'valid' || p === 'same'
      ? p
      : bad(`has padding ${JSON.stringify(p)}, expected "valid" or "same"`);
  };
  // tfjs's convOutputLength: what is left of `size` after a window of `window` moved by `stride`.
  const length = (
    size: number,
    window: number,
    stride: number,
    dilation: number,
    pad: string,
    field: string,
  ) => {
    const span = window + (window - 1) * (dilation - 1);
    const out = Math.floor(((pad === 'same' ? size : size - span + 1) + stride - 1) / stride);
    return out >= 1 ? out : bad(`has a ${field} of ${window} that does not fit its ${size}-pixel input`);
  };
  const bias = () => (read(c, 'useBias') === false ? 0 : 1);

  switch (className) {
    case 'Dense': {
      const units = int('units', 'units');
      const last = input.at(-1)!;
      return {
        output: [...input.slice(0, -1), units],
        weights: last * units + bias() * units,
        detail: `units ${units} on ${last} inputs`,
      };
    }
    case 'Conv2D': {
      const [h, w, channels] = image();
      const filters = int('filters', 'filters');
      const [kh, kw] = pair('kernelSize', 'kernel_size');
      const [sh, sw] = pair('strides', 'strides', 1);
      const [dh, dw] = pair('dilationRate', 'dilation_rate', 1);
      const pad = padding();
      return {
        output: [
          length(h, kh, sh, dh, pad, 'kernel_size'),
          length(w, kw, sw, dw, pad, 'kernel_size'),
          filters,
        ],
        weights: kh * kw * channels * filters + bias() * filters,
        detail: `kernel_size ${kh}x${kw}, filters ${filters} on ${channels} channels`,
      };
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const [h, w, channels] = image();
      const pool = pair('poolSize', 'pool_size', 2);
      const [sh, sw] = pair('strides', 'strides', pool);
      const pad = padding();
      return {
        output: [
          length(h, pool[0], sh, 1, pad, 'pool_size'),
          length(w, pool[1], sw, 1, pad, 'pool_size'),
          channels,
        ],
        weights: 0,
      };
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D':
      return { output: [image()[2]], weights: 0 };
    case 'BatchNormalization': {
      const axis = read(c, 'axis') ?? -1;
      // tfjs counts the axis with the batch dimension.
      const dim = Number.isSafeInteger(axis)
        ? input.at((axis as number) < 0 ? (axis as number) : (axis as number) - 1)
        : undefined;
      if (dim === undefined || axis === 0)
        bad(`has axis ${JSON.stringify(axis)}, outside its input [${input.join(', ')}]`);
      const perValue = 2 + (read(c, 'scale') === false ? 0 : 1) + (read(c, 'center') === false ? 0 : 1);
      return { output: input, weights: perValue * dim!, detail: `${perValue} vectors of ${dim}` };
    }
    case 'Flatten':
      return { output: [input.reduce((a, b) => a * b, 1)], weights: 0 };
    case 'Dropout':
    case 'Activation':
    case 'Rescaling':
      return { output: input, weights: 0 };
    default:
      return fail(
        `layer ${layer}: this loader cannot tell how much memory a ${className} layer takes before tfjs ` +
          `builds it, so it loads only models made of ${LAYERS.join(', ')} layers`,
      );
  }
}

/** Values in the manifest's model weights: all that strict loading lets the layers have. */
function manifestValues(specs: readonly tf.io.WeightsManifestEntry[], fail: Fail): number {
  let total = 0;
  for (const spec of specs) {
    if (spec.group === 'optimizer') continue;
    const shape: unknown = spec.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`weight "${spec.name}" in weightsManifest has an invalid shape ${JSON.stringify(shape)}`);
    }
    total += (shape as number[]).reduce((a, b) => a * b, 1);
  }
  return total;
}

const isObject = (v: unknown): v is Config => typeof v === 'object' && v !== null && !Array.isArray(v);
const asConfig = (v: unknown): Config => (isObject(v) ? v : {});

// tfjs's toCamelCase: tfjs turns every snake_case key of model.json into camelCase before reading it.
const camel = (s: string) =>
  s.length <= 1 || !s.includes('_') ? s : s.replace(/[_]+(\w|$)/g, (_, c: string) => c.toUpperCase());

/**
 * `obj[key]` as tfjs reads it: the value of the last key whose camelCase is `key` (`batch_input_shape` and
 * `batchInputShape` are the same field, and a later one overrides an earlier one), with string values
 * camelCased too, as tfjs does.
 */
function read(obj: unknown, key: string): unknown {
  if (!isObject(obj)) return undefined;
  let value: unknown;
  for (const k of Object.keys(obj)) {
    if (camel(k) !== key) continue;
    const v = obj[k];
    value = typeof v === 'string' && k !== 'name' ? camel(v) : v;
  }
  return value;
}
