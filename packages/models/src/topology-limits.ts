import type * as tf from '@tensorflow/tfjs-core';
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
  if (typeof kind !== 'string' || !MODELS.includes(kind)) {
    fail(`modelTopology's class_name is ${JSON.stringify(kind)}, expected "Sequential" or "Model"`);
  }
  walkModel(kind as string, read(root, 'config'), walk, undefined, 0);
}

/** What the walks report to: each layer's output shape and weights, and the way to refuse. */
interface Walk {
  fail(problem: string): never;
  output(layer: string, shape: Shape): void;
  weights(layer: string, step: Step): void;
}

/** Class names of models, which may also stand as one layer inside another model (as Teachable Machine's do). */
const MODELS = ['Sequential', 'Model', 'Functional'];
/** How deep models may sit inside models: Teachable Machine's are two deep; the bound keeps recursion shallow. */
const MAX_NESTING = 8;

/**
 * Walks a model's layers and returns its output shape. `input` is the shape flowing in when the model is a layer
 * of another one; the model's own declared input must then agree with it. At the top (`input` undefined), the
 * declared input is the image the model takes, checked against the limits of @shapes images.
 */
function walkModel(
  kind: string,
  config: unknown,
  walk: Walk,
  input: Shape | undefined,
  depth: number,
): Shape {
  if (depth > MAX_NESTING) walk.fail(`models are nested more than ${MAX_NESTING} deep`);
  return kind === 'Sequential'
    ? walkSequential(config, walk, input, depth)
    : walkFunctional(config, walk, input, depth);
}

function walkSequential(config: unknown, walk: Walk, input: Shape | undefined, depth: number): Shape {
  const layers = Array.isArray(config) ? config : read(config, 'layers');
  if (!Array.isArray(layers) || layers.length === 0) walk.fail('the Sequential model has no layers');
  let shape: Shape = input ?? [];
  (layers as unknown[]).forEach((entry, i) => {
    const className = String(read(entry, 'className'));
    const c = asConfig(read(entry, 'config'));
    const layer = `"${String(read(c, 'name') ?? `#${i}`)}" (${className})`;
    // tfjs starts a Sequential model from its first layer's declared input and ignores any later one.
    if (i === 0) shape = startShape(layer, declaredInput(entry, walk.fail), input, walk.fail);
    if (i === 0 && className === 'InputLayer') return;
    if (MODELS.includes(className)) {
      shape = walkModel(className, c, walk, shape, depth + 1);
      return;
    }
    const step = layerStep(layer, className, c, [shape], walk.fail);
    walk.weights(layer, step);
    walk.output(layer, step.output);
    shape = step.output;
  });
  return shape;
}

function walkFunctional(config: unknown, walk: Walk, input: Shape | undefined, depth: number): Shape {
  const layers = read(config, 'layers');
  if (!Array.isArray(layers) || layers.length === 0) walk.fail('the model has no layers');
  // Output shapes by "<layer>:<node>:<tensor>", the references inbound nodes use.
  const outputs = new Map<string, Shape>();
  const names = new Set<string>();
  let inputs = 0;
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
      // A model inside another takes the one tensor flowing into it.
      if (input !== undefined && ++inputs > 1)
        walk.fail(`the inner model with layer ${layer} takes several inputs`);
      outputs.set(`${name}:0:0`, startShape(layer, declaredInput(entry, walk.fail), input, walk.fail));
      continue;
    }
    const nodes = read(entry, 'inboundNodes') ?? [];
    if (!Array.isArray(nodes)) walk.fail(`layer ${layer} has malformed inbound_nodes`);
    if (MODELS.includes(className) && (nodes as unknown[]).length > 1) {
      walk.fail(`the inner model ${layer} is called more than once, which this loader does not check`);
    }
    const steps = (nodes as unknown[]).map((node, n) => {
      const from = Array.isArray(node) && node.length > 0 ? (node as unknown[]) : [undefined];
      const shapes = from.map((ref) => {
        const shape = Array.isArray(ref) ? outputs.get(`${ref[0]}:${ref[1]}:${ref[2]}`) : undefined;
        if (shape === undefined) {
          walk.fail(`layer ${layer} takes an input that is not one output of a layer listed before it`);
        }
        return shape!;
      });
      let step: Step;
      if (MODELS.includes(className)) {
        if (shapes.length !== 1)
          walk.fail(`the inner model ${layer} takes ${shapes.length} inputs; expected one`);
        step = { output: walkModel(className, c, walk, shapes[0], depth + 1), weights: 0 };
      } else step = layerStep(layer, className, c, shapes, walk.fail);
      outputs.set(`${name}:${n}:0`, step.output);
      return step;
    });
    // A layer called more than once is built once, for one of its inputs: the largest bounds it.
    const built = steps.reduce((a, b) => (b.weights > a.weights ? b : a), { output: [], weights: 0 });
    walk.weights(layer, built);
    for (const step of steps) walk.output(layer, step.output);
  }
  const out = read(config, 'outputLayers');
  const first = Array.isArray(out) ? (out[0] as unknown) : undefined;
  const shape = Array.isArray(first) ? outputs.get(`${first[0]}:${first[1]}:${first[2]}`) : undefined;
  if (shape === undefined || (out as unknown[]).length !== 1) {
    walk.fail('the model does not name one output that is the output of a layer listed in it');
  }
  return shape!;
}

/**
 * The input a layer entry declares as tfjs reads it, looking through a model standing as a layer to its first
 * layer (Sequential) or its input layer; undefined when it declares none.
 */
function declaredInput(entry: unknown, fail: Fail): { shape: unknown; field: string } | undefined {
  const className = String(read(entry, 'className'));
  const c = asConfig(read(entry, 'config'));
  if (MODELS.includes(className)) {
    const layers = Array.isArray(c) ? c : read(c, 'layers');
    if (!Array.isArray(layers) || layers.length === 0) return undefined;
    const first =
      className === 'Sequential' ? layers[0] : layers.find((l) => read(l, 'className') === 'InputLayer');
    return first === undefined ? undefined : declaredInput(first, fail);
  }
  const batch = read(c, 'batchInputShape');
  const input = read(c, 'inputShape');
  if (batch != null) return { shape: batch, field: 'batch_input_shape' };
  if (input != null) return { shape: Array.isArray(input) ? [null, ...input] : input, field: 'input_shape' };
  if (className === 'Dense' && read(c, 'inputDim') != null) {
    return { shape: [null, read(c, 'inputDim')], field: 'input_dim' };
  }
  return undefined;
}

/**
 * The shape a model starts from. At the top, the image it declares, checked against the limits of @shapes
 * images; inside another model, the shape flowing in, which what it declares (tfjs builds it for that) must
 * equal.
 */
function startShape(
  layer: string,
  declared: { shape: unknown; field: string } | undefined,
  input: Shape | undefined,
  fail: Fail,
): Shape {
  if (input === undefined) return imageShape(layer, declared, fail);
  if (declared === undefined) return input;
  const dims = Array.isArray(declared.shape) ? declared.shape.slice(1) : undefined;
  if (dims?.length !== input.length || dims.some((d, i) => d !== null && d !== input[i])) {
    fail(
      `layer ${layer} declares the input shape ${JSON.stringify(declared.shape)} (${declared.field}) but takes ` +
        `[${input.join(', ')}] from the layer before it`,
    );
  }
  return input;
}

/** The image a model takes, as its first layer declares it, checked against the limits of @shapes images. */
function imageShape(
  layer: string,
  declared: { shape: unknown; field: string } | undefined,
  fail: Fail,
): Shape {
  if (declared === undefined)
    return fail(`the first layer ${layer} declares no input shape (batch_input_shape)`);
  const { shape, field } = declared;
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

// Layers of several inputs: element-wise ones (equal shapes in, that shape out), Concatenate and Dot.
const MERGES = ['Add', 'Average', 'Multiply', 'Maximum', 'Minimum', 'Concatenate', 'Dot'];

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
  'DepthwiseConv2D',
  'ZeroPadding2D',
  'UpSampling2D',
  'ReLU',
  'Softmax',
  'Reshape',
  ...MERGES,
];

/** Output shape and weight count of one layer, as tfjs would build it for `inputs`. */
function layerStep(layer: string, className: string, c: Config, inputs: Shape[], fail: Fail): Step {
  const bad = (problem: string): never => fail(`layer ${layer} ${problem}`);
  if (!LAYERS.includes(className)) {
    return fail(
      `layer ${layer}: this loader cannot tell how much memory a ${className} layer takes before tfjs ` +
        `builds it, so it loads only models made of ${LAYERS.join(', ')} layers`,
    );
  }
  if (MERGES.includes(className)) return mergeStep(className, c, inputs, bad);
  if (inputs.length !== 1) bad(`takes ${inputs.length} inputs; expected one`);
  const input = inputs[0]!;
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
  // A convolution's kernel, and the height and width it leaves of an h x w input (Conv2D and DepthwiseConv2D alike).
  const kernelWindow = (h: number, w: number): [number, number, number, number] => {
    const [kh, kw] = pair('kernelSize', 'kernel_size');
    const [sh, sw] = pair('strides', 'strides', 1);
    const [dh, dw] = pair('dilationRate', 'dilation_rate', 1);
    const pad = padding();
    return [kh, kw, length(h, kh, sh, dh, pad, 'kernel_size'), length(w, kw, sw, dw, pad, 'kernel_size')];
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
      const [kh, kw, oh, ow] = kernelWindow(h, w);
      return {
        output: [oh, ow, filters],
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
    case 'DepthwiseConv2D': {
      const [h, w, channels] = image();
      const multiplier = int('depthMultiplier', 'depth_multiplier', 1);
      const [kh, kw, oh, ow] = kernelWindow(h, w);
      return {
        output: [oh, ow, channels * multiplier],
        weights: kh * kw * channels * multiplier + bias() * channels * multiplier,
        detail: `kernel_size ${kh}x${kw}, depth_multiplier ${multiplier} on ${channels} channels`,
      };
    }
    case 'ZeroPadding2D': {
      const [h, w, channels] = image();
      const [[top, bottom], [left, right]] = paddings(read(c, 'padding'), bad);
      return { output: [h + top + bottom, w + left + right, channels], weights: 0 };
    }
    case 'UpSampling2D': {
      const [h, w, channels] = image();
      const [a, b] = pair('size', 'size', 2);
      return { output: [h * a, w * b, channels], weights: 0 };
    }
    case 'Reshape':
      return { output: reshaped(read(c, 'targetShape'), input, bad), weights: 0 };
    default:
      // Dropout, Activation, Rescaling, ReLU, Softmax: the shape they take, and no weights.
      return { output: input, weights: 0 };
  }
}

/** ZeroPadding2D's `padding` as tfjs reads it: one number, one per axis, or [[top, bottom], [left, right]]. */
function paddings(v: unknown, bad: (problem: string) => never): [[number, number], [number, number]] {
  const ok = (d: unknown): d is number => Number.isSafeInteger(d) && (d as number) >= 0;
  const pair = (p: unknown): [number, number] | undefined =>
    ok(p) ? [p, p] : Array.isArray(p) && p.length === 2 && p.every(ok) ? (p as [number, number]) : undefined;
  if (v == null)
    return [
      [1, 1],
      [1, 1],
    ];
  if (ok(v))
    return [
      [v, v],
      [v, v],
    ];
  if (Array.isArray(v) && v.length === 2) {
    const [a, b] = v;
    if (ok(a) && ok(b))
      return [
        [a, a],
        [b, b],
      ];
    const [x, y] = [pair(a), pair(b)];
    if (!ok(a) && !ok(b) && x && y) return [x, y];
  }
  return bad(`has padding ${JSON.stringify(v)}, expected a number, two, or [[top, bottom], [left, right]]`);
}

/** Reshape's output: `target` with its one -1 worked out, holding as many values as `input`. */
function reshaped(target: unknown, input: Shape, bad: (problem: string) => never): Shape {
  const values = input.reduce((a, b) => a * b, 1);
  const dims = Array.isArray(target) ? (target as unknown[]) : [];
  const unknowns = dims.filter((d) => d === -1).length;
  const known = dims.filter((d) => d !== -1);
  const product = known.reduce<number>((a, b) => a * (b as number), 1);
  if (
    dims.length === 0 ||
    unknowns > 1 ||
    !known.every((d) => Number.isSafeInteger(d) && (d as number) >= 1) ||
    (unknowns === 0 ? product !== values : values % product !== 0)
  ) {
    bad(`has target_shape ${JSON.stringify(target)}, which cannot hold its input [${input.join(', ')}]`);
  }
  return dims.map((d) => (d === -1 ? values / product : (d as number)));
}

/** Output shape of a layer merging `inputs` (see MERGES), as tfjs computes it; merges have no weights. */
function mergeStep(className: string, c: Config, inputs: Shape[], bad: (problem: string) => never): Step {
  const shown = inputs.map((s) => `[${s.join(', ')}]`).join(' and ');
  if (inputs.length < 2) bad(`takes ${inputs.length} input; a ${className} layer merges two or more`);
  const [first, second] = inputs as [Shape, Shape];
  if (className === 'Dot') {
    if (inputs.length !== 2) bad(`takes ${inputs.length} inputs; a Dot layer takes two`);
    // tfjs counts axes with the batch dimension and refuses more than two others.
    if (first.length > 2 || second.length > 2) bad(`takes ${shown}; tfjs's Dot takes at most two axes each`);
    const axis = (v: unknown, rank: number) =>
      Number.isSafeInteger(v) ? ((v as number) < 0 ? (v as number) + rank + 1 : (v as number)) - 1 : -1;
    const raw = read(c, 'axes');
    const [a, b] = Array.isArray(raw) ? raw : [raw, raw];
    const [i, j] = [axis(a, first.length), axis(b, second.length)];
    if (!(i >= 0 && i < first.length && j >= 0 && j < second.length) || first[i] !== second[j]) {
      bad(`has axes ${JSON.stringify(raw)}, which do not pair equal axes of ${shown}`);
    }
    const output = [...first.filter((_, k) => k !== i), ...second.filter((_, k) => k !== j)];
    return { output: output.length > 0 ? output : [1], weights: 0 };
  }
  if (className === 'Concatenate') {
    const raw = read(c, 'axis') ?? -1;
    const rank = first.length;
    const k = Number.isSafeInteger(raw)
      ? (raw as number) < 0
        ? (raw as number) + rank
        : (raw as number) - 1
      : -1;
    const fits = (s: Shape) => s.length === rank && s.every((d, n) => n === k || d === first[n]);
    if (k < 0 || k >= rank || !inputs.every(fits))
      bad(`has axis ${JSON.stringify(raw)}, which cannot join ${shown}`);
    return {
      output: first.map((d, n) => (n === k ? inputs.reduce((sum, s) => sum + s[k]!, 0) : d)),
      weights: 0,
    };
  }
  if (!inputs.every((s) => s.length === first.length && s.every((d, n) => d === first[n]))) {
    bad(`takes ${shown}; a ${className} layer takes inputs of one shape`);
  }
  return { output: first, weights: 0 };
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
