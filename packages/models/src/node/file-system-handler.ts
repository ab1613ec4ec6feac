import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { InvalidModelError } from '../errors/invalid-model-error.js';
import { ModelExistsError } from '../errors/model-exists-error.js';
import { ModelFileError } from '../errors/model-file-error.js';
import { checkTopologyLimits } from '../topology-limits.js';

/** The file names tfjs-node's `file://` handler uses, so either can read what the other wrote. */
export const MODEL_JSON_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

/** Default of {@link FileSystemHandlerOptions.maxModelJsonBytes}: 64 MiB. */
export const DEFAULT_MAX_MODEL_JSON_BYTES = 64 * 1024 * 1024;
/**
 * Default of {@link FileSystemHandlerOptions.maxWeightsBytes}: 1 GiB. Kept this high because the largest model
 * @shapes builds, the seed CNN at `shapes train --size 512`, holds 537 MB of weights. A file this big is a real
 * model, not a small crafted one, and the topology check keeps a small model.json from allocating more than its
 * weights file holds.
 */
export const DEFAULT_MAX_WEIGHTS_BYTES = 1024 * 1024 * 1024;

/** Options of {@link fileSystemHandler}. */
export interface FileSystemHandlerOptions {
  /** Let `save` replace a model already in the folder. Default false. */
  overwrite?: boolean;
  /** `load` refuses a bigger model.json. Default {@link DEFAULT_MAX_MODEL_JSON_BYTES}. */
  maxModelJsonBytes?: number;
  /** `load` refuses weights files bigger than this in all. Default {@link DEFAULT_MAX_WEIGHTS_BYTES}. */
  maxWeightsBytes?: number;
  /**
   * The file in `dir` that `load` reads as model.json, such as the `shapes-model.json` a browser download names
   * (its weights are found through its manifest, `./shapes-model.weights.bin`). Default {@link MODEL_JSON_FILE};
   * `save` always writes model.json.
   */
  modelJson?: string;
}

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };
const QUANTIZED_BYTES: Record<string, number> = { uint8: 1, uint16: 2, float16: 2 };
// Filesystems where link() cannot work; they get a check-then-rename instead, the best they allow.
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * A tfjs IOHandler that saves and loads a layers model as `dir/model.json` + `dir/weights.bin`, the layout
 * tfjs-node's `file://` handler writes, without needing tfjs-node. Use it with `model.save`,
 * `tf.loadLayersModel`, or {@link saveModel}/{@link loadModel}.
 *
 * Saving writes each file under a temporary name in `dir` and renames it into place, weights.bin before
 * model.json, so a reader never finds a model.json whose weights are missing or half written; an existing model
 * is only replaced with `overwrite: true`. Loading refuses, with a {@link ModelFileError} naming the file and the
 * fix: a missing, non-JSON or non-layers model.json, weights whose size disagrees with the manifest, files over
 * the size limits, any weights path that could leave `dir` (absolute, `..`, URL scheme, backslash, or a
 * symbolic link out), and a topology over the limits that keep an edited model.json from exhausting memory
 * (see `checkTopologyLimits`), checked before a weight is read.
 *
 * Loading and saving first clear what a save killed midway left in `dir`: the temporary files of processes no
 * longer running, and, where such a save had taken model.json away, they put back the model.json that matches
 * the weights.bin it left.
 */
export function fileSystemHandler(dir: string, options: FileSystemHandlerOptions = {}): tf.io.IOHandler {
  const overwrite = options.overwrite ?? false;
  const maxModelJsonBytes = checkLimit(
    options.maxModelJsonBytes,
    DEFAULT_MAX_MODEL_JSON_BYTES,
    'maxModelJsonBytes',
  );
  const maxWeightsBytes = checkLimit(options.maxWeightsBytes, DEFAULT_MAX_WEIGHTS_BYTES, 'maxWeightsBytes');
  const modelJson = checkJsonName(options.modelJson ?? MODEL_JSON_FILE);
  return {
    save: (artifacts) => saveToDir(dir, artifacts, overwrite),
    load: () => loadFromDir(dir, maxModelJsonBytes, maxWeightsBytes, modelJson),
  };
}

// A name, not a path: the folder is `dir`, and a path could reach out of it.
function checkJsonName(name: string): string {
  if (typeof name !== 'string' || !name.endsWith('.json') || /[/\\\0]/.test(name) || name.startsWith('.')) {
    throw new InvalidModelError(
      `modelJson must be the name of a .json file in the model's folder, such as "shapes-model.json" (got ` +
        `${JSON.stringify(name)}).`,
    );
  }
  return name;
}

function checkLimit(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidModelError(`${name} must be a positive integer of bytes (got ${value}).`);
  }
  return value;
}

const errorCode = (error: unknown): string | undefined =>
  (error as NodeJS.ErrnoException | undefined)?.code ?? undefined;

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------- saving

async function saveToDir(
  dir: string,
  artifacts: tf.io.ModelArtifacts,
  overwrite: boolean,
): Promise<tf.io.SaveResult> {
  const jsonPath = path.join(dir, MODEL_JSON_FILE);
  const weightsPath = path.join(dir, WEIGHTS_FILE);
  const topology = artifacts.modelTopology;
  if (topology == null || topology instanceof ArrayBuffer) {
    throw new ModelFileError(
      `Cannot save to "${jsonPath}": only layers models with a JSON topology can be saved here.`,
      jsonPath,
    );
  }
  const specs = artifacts.weightSpecs ?? [];
  const weights =
    artifacts.weightData == null
      ? new Uint8Array(0)
      : new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  // A mismatch here is a bug upstream; writing it would produce a model nobody can load.
  const needed = specsByteLength(specs, jsonPath);
  if (weights.byteLength !== needed) {
    throw new ModelFileError(
      `Cannot save to "${jsonPath}": the weight data has ${weights.byteLength} bytes but its specs need ${needed}.`,
      jsonPath,
    );
  }
  // Field order and content as tfjs-node's file:// handler writes them.
  const modelJson: tf.io.ModelJSON = {
    modelTopology: topology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: specs }],
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
  };
  if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
  if (artifacts.userDefinedMetadata != null) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
  const json = JSON.stringify(modelJson);

  await makeDir(dir);
  await cleanLeftovers(dir);
  if (!overwrite) {
    for (const file of [jsonPath, weightsPath]) if (await exists(file)) throw existsError(dir, file);
  }
  const temps: string[] = [];
  try {
    const tmpWeights = await writeTemp(dir, WEIGHTS_FILE, weights, temps);
    const tmpJson = await writeTemp(dir, MODEL_JSON_FILE, json, temps);
    if (overwrite) await replace(dir, tmpWeights, tmpJson, temps);
    else {
      await placeNew(dir, tmpWeights, weightsPath);
      try {
        await placeNew(dir, tmpJson, jsonPath);
      } catch (error) {
        // The weights.bin just placed is ours and now belongs to no model.json.
        await fs.rm(weightsPath, { force: true });
        throw error;
      }
    }
    await syncDir(dir);
  } finally {
    await Promise.all(temps.map((file) => fs.rm(file, { force: true })));
    for (const file of temps) ownTemps.delete(path.basename(file));
  }
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
}

async function makeDir(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new ModelFileError(
        `Cannot save a model to "${dir}": it (or a folder above it) is a file. Choose a folder path.`,
        dir,
        { cause: error },
      );
    }
    throw error;
  }
}

function existsError(dir: string, file: string): ModelExistsError {
  return new ModelExistsError(
    `A model already exists in "${dir}" ("${file}" is there). Pass { overwrite: true } to replace it, or ` +
      'save to another folder.',
    file,
  );
}

// Temporary files live in the model's own folder so that rename() stays on one filesystem and is atomic. The
// pid in the name tells a later cleanLeftovers whether their writer is still running.
function tempName(dir: string, name: string, suffix: 'tmp' | 'old'): string {
  return path.join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.${suffix}`);
}

/** Lists `file` among this save's temporary files, before it exists, so no cleanup takes it meanwhile. */
function track(file: string, temps: string[]): string {
  temps.push(file);
  ownTemps.add(path.basename(file));
  return file;
}

async function writeTemp(dir: string, name: string, data: Uint8Array | string, temps: string[]) {
  const file = track(tempName(dir, name, 'tmp'), temps);
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(data);
    // On disk before the rename makes it visible, or a crash could leave a complete-looking empty file.
    await handle.sync();
  } finally {
    await handle.close();
  }
  return file;
}

// link() fails if the target exists, which closes the race between our existence check and the rename.
async function placeNew(dir: string, tmp: string, target: string): Promise<void> {
  try {
    await fs.link(tmp, target);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') throw existsError(dir, target);
    if (!code || !NO_HARD_LINKS.has(code)) throw error;
    if (await exists(target)) throw existsError(dir, target);
    await fs.rename(tmp, target);
  }
}

// The old model.json goes aside first: readers then see no model for a moment, never the old model.json with
// the new weights. If the weights cannot be placed, the old model.json comes back and the old model is whole.
async function replace(dir: string, tmpWeights: string, tmpJson: string, temps: string[]): Promise<void> {
  const jsonPath = path.join(dir, MODEL_JSON_FILE);
  const weightsPath = path.join(dir, WEIGHTS_FILE);
  const aside = track(tempName(dir, MODEL_JSON_FILE, 'old'), temps);
  let movedAside = false;
  try {
    await fs.rename(jsonPath, aside);
    movedAside = true;
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  try {
    await fs.rename(tmpWeights, weightsPath);
  } catch (error) {
    if (movedAside) await fs.rename(aside, jsonPath);
    throw new ModelFileError(
      `Cannot write "${weightsPath}": ${(error as Error).message}. The model in "${dir}" was left as it was.`,
      weightsPath,
      { cause: error },
    );
  }
  try {
    await fs.rename(tmpJson, jsonPath);
  } catch (error) {
    throw new ModelFileError(
      `Cannot write "${jsonPath}": ${(error as Error).message}. The old model's weights were already replaced, ` +
        `so "${dir}" holds no model now; save again.`,
      jsonPath,
      { cause: error },
    );
  }
}

async function syncDir(dir: string): Promise<void> {
  // Makes the renames durable; some platforms (Windows) cannot open a folder, and the save stands without it.
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {}
}

// ------------------------------------------------------------------------------------------------ leftovers

// Base names of the temporary files that saves in this process are writing now: our pid is alive, but a
// cleanup must still tell these from what an earlier process with the same pid left behind.
const ownTemps = new Set<string>();

// The names tempName() gives.
const LEFTOVER = /^\.(model\.json|weights\.bin)\.(\d+)\.[0-9a-f]{12}\.(tmp|old)$/;

interface Leftover {
  name: string;
  file: string;
  pid: number;
  kind: 'tmp' | 'old';
}

function parseLeftover(name: string): Leftover | undefined {
  const [, file, pid, kind] = LEFTOVER.exec(name) ?? [];
  // Only model.json is ever moved aside; any other name is not ours to remove.
  if (file === undefined || (file === WEIGHTS_FILE && kind === 'old')) return undefined;
  return { name, file, pid: Number(pid), kind: kind as Leftover['kind'] };
}

// Signal 0 only asks whether the process exists: ESRCH says it does not, EPERM that it runs as another user.
// Anything else (a pid out of range) counts as alive, so that a doubt never deletes a file.
function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid < 1) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) !== 'ESRCH';
  }
}

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [x, y] = await Promise.all([fs.stat(a), fs.stat(b)]);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/**
 * Clears what saves that were killed midway left in `dir`: the temporary files of writers no longer running
 * (the pid in their names), and ours that no save of this process is writing. A live writer's files are never
 * touched. On a folder shared between machines a pid says nothing about the other machines' processes: a save
 * running there at that moment may lose its temporary files and fail.
 *
 * When model.json is missing and one dead writer's files are all that is left of a save, that save is finished
 * one way or the other, so the folder holds a consistent model again (see replace() for the order of its steps):
 * - its new weights.bin is in place (its temporary weights file is gone, renamed, or is weights.bin itself,
 *   linked): its model.json, written in full before any rename, goes in beside them;
 * - otherwise, if it had moved the old model.json aside, the old weights.bin is still in place: that model.json
 *   comes back.
 * In any other case nothing is guessed: the leftovers go, and loading says model.json is missing.
 * Best effort: a folder we cannot write (a read-only copy) loads as it is.
 */
async function cleanLeftovers(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  const leftovers = names.map(parseLeftover).filter((l): l is Leftover => l !== undefined);
  const stale = leftovers.filter((l) => (l.pid === process.pid ? !ownTemps.has(l.name) : !isRunning(l.pid)));
  if (stale.length === 0) return;
  // With a save running now, model.json may be missing only for a moment; the folder is that save's to fix.
  if (stale.length === leftovers.length) await recoverModelJson(dir, stale).catch(() => {});
  await Promise.all(stale.map((l) => fs.rm(path.join(dir, l.name), { force: true }).catch(() => {})));
}

// A last guard before a model.json goes in: it must parse and its manifest must need exactly weights.bin's size.
async function fitsWeights(jsonFile: string, weightsPath: string): Promise<boolean> {
  try {
    // Its messages are never shown: any problem only means this file does not go in.
    const bytes = await readFileLimited(jsonFile, {
      limit: DEFAULT_MAX_MODEL_JSON_BYTES,
      why: '',
      what: 'model.json',
      fix: '',
    });
    const json = parseModelJson(bytes, jsonFile);
    const needed = json.weightsManifest.reduce((sum, g) => sum + specsByteLength(g.weights, jsonFile), 0);
    const single = json.weightsManifest.length === 1 && json.weightsManifest[0]!.paths[0] === WEIGHTS_FILE;
    return single && (await fs.stat(weightsPath)).size === needed;
  } catch {
    return false;
  }
}

async function recoverModelJson(dir: string, stale: Leftover[]): Promise<void> {
  const jsonPath = path.join(dir, MODEL_JSON_FILE);
  if (await exists(jsonPath)) return;
  // Several writers died here: which one came last cannot be told.
  if (new Set(stale.map((l) => l.pid)).size !== 1) return;
  const only = (file: string, kind: Leftover['kind']) => {
    const found = stale.filter((l) => l.file === file && l.kind === kind);
    return found.length === 1 ? path.join(dir, found[0]!.name) : found.length === 0 ? null : undefined;
  };
  const tmpWeights = only(WEIGHTS_FILE, 'tmp');
  const tmpJson = only(MODEL_JSON_FILE, 'tmp');
  const aside = only(MODEL_JSON_FILE, 'old');
  if (tmpWeights === undefined || tmpJson === undefined || aside === undefined) return;
  const weightsPath = path.join(dir, WEIGHTS_FILE);
  const newWeightsPlaced =
    tmpWeights === null ? await exists(weightsPath) : await sameFile(tmpWeights, weightsPath);
  const source = newWeightsPlaced ? tmpJson : aside;
  if (source === null || !(await fitsWeights(source, weightsPath))) return;
  await placeNew(dir, source, jsonPath);
  await syncDir(dir);
}

// --------------------------------------------------------------------------------------------------- loading

async function loadFromDir(
  dir: string,
  maxModelJsonBytes: number,
  maxWeightsBytes: number,
  modelJsonFile: string,
): Promise<tf.io.ModelArtifacts> {
  const jsonPath = path.join(dir, modelJsonFile);
  await checkDir(dir);
  await cleanLeftovers(dir);
  const bytes = await readFileLimited(jsonPath, {
    limit: maxModelJsonBytes,
    why:
      'The limit keeps a damaged or hostile model.json from exhausting memory while it is parsed' +
      (maxModelJsonBytes >= DEFAULT_MAX_MODEL_JSON_BYTES
        ? ', and this file is far larger than the model.json of any model @shapes saves'
        : '') +
      ". (loadModelFromDir's maxModelJsonBytes option raises it.)",
    what: 'model.json',
    fix: 'Check the path; save a model there with saveModelToDir().',
  });
  const modelJson = parseModelJson(bytes, jsonPath);
  const realDir = await fs.realpath(dir);
  const groups = modelJson.weightsManifest;
  // Every path and size is known from the manifest, so check them all before reading a single weight.
  const files = groups.map((group) => ({
    specs: group.weights,
    paths: group.paths.map((p) => checkWeightsPath(p, jsonPath)),
    needed: specsByteLength(group.weights, jsonPath),
  }));
  checkTopologyLimits(
    modelJson.modelTopology,
    groups.flatMap((group) => group.weights),
    jsonPath,
  );
  const buffers: Uint8Array[] = [];
  let total = 0;
  for (const group of files) {
    const [first] = group.paths;
    let groupBytes = 0;
    for (const relative of group.paths) {
      const file = await containedPath(dir, realDir, relative, jsonPath);
      const data = await readFileLimited(file, {
        limit: maxWeightsBytes - total,
        why:
          'The limit keeps a damaged or hostile model from exhausting memory while it loads; the largest ' +
          "model @shapes builds holds 537 MB. (loadModelFromDir's maxWeightsBytes option raises it.)",
        alreadyRead: total,
        what: `a weights file listed in "${jsonPath}"`,
        fix: 'Copy the weights file beside model.json, or save the model again.',
        shownAs: path.join(dir, relative),
        // `file` is already free of links; one appearing now is a swap under our feet.
        noFollow: true,
      });
      total += data.byteLength;
      groupBytes += data.byteLength;
      buffers.push(data);
    }
    if (groupBytes !== group.needed) {
      const named =
        group.paths.length === 1
          ? `"${path.join(dir, first!)}" has ${groupBytes} bytes`
          : `The weights files ${group.paths.map((p) => `"${path.join(dir, p)}"`).join(', ')} have ${groupBytes} bytes together`;
      const problem =
        groupBytes < group.needed
          ? 'it was cut short (an interrupted copy, download or save?)'
          : 'it holds more than this model has, so it belongs to another model or was appended to';
      throw new ModelFileError(
        `${named} but the weightsManifest in "${jsonPath}" needs exactly ${group.needed}: ${problem}. ` +
          'Copy or save the model again, model.json and weights together.',
        path.join(dir, first!),
      );
    }
  }
  const weightData = joinBuffers(buffers, total);
  return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => [
    tf.io.getWeightSpecs(manifest),
    weightData,
  ]);
}

async function checkDir(dir: string): Promise<void> {
  let stats: Awaited<ReturnType<typeof fs.stat>>;
  try {
    stats = await fs.stat(dir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      throw new ModelFileError(
        `No model at "${dir}": the folder does not exist. Check the path; a saved model is a folder holding ` +
          `${MODEL_JSON_FILE} and ${WEIGHTS_FILE}.`,
        dir,
        { cause: error },
      );
    }
    throw error;
  }
  if (!stats.isDirectory()) {
    throw new ModelFileError(
      `"${dir}" is a file; pass the folder that holds ${MODEL_JSON_FILE} (e.g. "${path.dirname(dir)}").`,
      dir,
    );
  }
}

interface ReadOptions {
  limit: number;
  /** What `limit` protects against and how to raise it, for the message. */
  why: string;
  /** Bytes of earlier files counted against the same limit. */
  alreadyRead?: number;
  what: string;
  fix: string;
  shownAs?: string;
  noFollow?: boolean;
}

// Reads through one open handle, so the size checked is the size read even if the file is being replaced.
async function readFileLimited(file: string, o: ReadOptions): Promise<Uint8Array> {
  const { limit, why, alreadyRead = 0, what, fix, shownAs = file } = o;
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | (o.noFollow ? (constants.O_NOFOLLOW ?? 0) : 0));
  } catch (error) {
    const code = errorCode(error);
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'cannot be read (permission denied)'
          : code === 'ELOOP'
            ? 'became a symbolic link while loading'
            : `cannot be opened (${code ?? (error as Error).message})`;
    throw new ModelFileError(`"${shownAs}" (${what}) ${reason}. ${fix}`, shownAs, { cause: error });
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new ModelFileError(`"${shownAs}" (${what}) is not a regular file.`, shownAs);
    }
    if (stats.size > limit) {
      const size =
        alreadyRead > 0
          ? `${alreadyRead + stats.size} bytes with the files before it`
          : `${stats.size} bytes`;
      throw new ModelFileError(
        `"${shownAs}" (${what}) is too big: ${size}, over the limit of ${limit + alreadyRead} bytes. ${why}`,
        shownAs,
      );
    }
    const data = new Uint8Array(stats.size);
    let offset = 0;
    while (offset < data.byteLength) {
      const { bytesRead } = await handle.read(data, offset, data.byteLength - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    const { bytesRead: extra } = await handle.read(new Uint8Array(1), 0, 1, offset);
    if (offset !== data.byteLength || extra !== 0) {
      throw new ModelFileError(
        `"${shownAs}" (${what}) changed size while it was read; load it again once it is fully written.`,
        shownAs,
      );
    }
    return data;
  } finally {
    await handle.close();
  }
}

function parseModelJson(bytes: Uint8Array, jsonPath: string): tf.io.ModelJSON {
  const broken = (problem: string, cause?: unknown): never => {
    throw new ModelFileError(
      `"${jsonPath}" ${problem}. It is damaged or not a tfjs layers model; save the model again.`,
      jsonPath,
      cause === undefined ? undefined : { cause },
    );
  };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    return broken(`is not valid JSON (${(error as Error).message})`, error);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return broken('is not a JSON object');
  const m = json as Record<string, unknown>;
  if (m.format === 'graph-model') {
    throw new ModelFileError(
      `"${jsonPath}" is a tfjs graph model; this loads layers models only (use tf.loadGraphModel for graphs).`,
      jsonPath,
    );
  }
  if (m.format !== undefined && m.format !== 'layers-model') {
    return broken(`has format ${JSON.stringify(m.format)}, expected "layers-model"`);
  }
  const topology = m.modelTopology as Record<string, unknown> | undefined;
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const config = isObject(topology?.model_config)
    ? (topology!.model_config as Record<string, unknown>)
    : topology;
  if (!isObject(topology) || typeof config?.class_name !== 'string') {
    return broken('has no layers-model topology (modelTopology with a class_name)');
  }
  if (!Array.isArray(m.weightsManifest) || m.weightsManifest.length === 0) {
    return broken('has no weightsManifest, so there are no weights to load');
  }
  m.weightsManifest.forEach((group: unknown, g) => {
    const entry = group as Record<string, unknown> | null;
    if (!isObject(entry) || !Array.isArray(entry!.paths) || !Array.isArray(entry!.weights)) {
      broken(`has a malformed weightsManifest[${g}] (expected { paths: [...], weights: [...] })`);
    }
    if ((entry!.paths as unknown[]).some((p) => typeof p !== 'string')) {
      broken(`has a non-string path in weightsManifest[${g}].paths`);
    }
    if ((entry!.paths as unknown[]).length === 0 && (entry!.weights as unknown[]).length > 0) {
      broken(`lists weights but no files in weightsManifest[${g}]`);
    }
  });
  if (m.userDefinedMetadata !== undefined && !isObject(m.userDefinedMetadata)) {
    return broken('has a userDefinedMetadata that is not an object');
  }
  return m as unknown as tf.io.ModelJSON;
}

// Sizes from the specs alone, as tfjs's decodeWeights reads them, so a truncated or padded file is caught here
// with its name instead of as a misaligned tensor deep inside tfjs.
function specsByteLength(specs: tf.io.WeightsManifestEntry[], jsonPath: string): number {
  let total = 0;
  for (const spec of specs) {
    const s = spec as unknown as Record<string, unknown>;
    const shape = s.shape;
    const name = typeof s.name === 'string' ? s.name : '?';
    const fail = (problem: string): never => {
      throw new ModelFileError(
        `"${jsonPath}": weight "${name}" ${problem}. The file is damaged or was not written by tfjs; save the ` +
          'model again.',
        jsonPath,
      );
    };
    if (typeof s.name !== 'string') fail('has no name');
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`has an invalid shape ${JSON.stringify(shape)}`);
    }
    const quantization = s.quantization as { dtype?: unknown } | undefined;
    const bytes =
      quantization != null ? QUANTIZED_BYTES[String(quantization.dtype)] : BYTES_PER_VALUE[String(s.dtype)];
    if (bytes === undefined) {
      fail(
        quantization != null
          ? `has an unknown quantization dtype ${JSON.stringify(quantization.dtype)}`
          : `has dtype ${JSON.stringify(s.dtype)}, which this loader cannot size (float32, int32, bool, complex64)`,
      );
    }
    total += (shape as number[]).reduce((a, b) => a * b, 1) * bytes!;
  }
  return total;
}

/**
 * Refuses any weights path that could name a file outside the model's folder, here or when a browser resolves
 * it against model.json's URL: absolute paths, URL schemes (and drive letters), backslashes, `..`, and
 * percent-escapes, queries or fragments, which a URL resolver would decode into something else.
 */
function checkWeightsPath(relative: string, jsonPath: string): string {
  const segments = relative.split('/');
  const checks: [boolean, string][] = [
    [relative === '', 'is empty'],
    [relative.includes('\0'), 'contains a NUL character'],
    [relative.includes('\\'), 'contains a backslash'],
    [relative.startsWith('/') || path.isAbsolute(relative), 'is absolute'],
    [/^[a-z][a-z0-9+.-]*:/i.test(relative), 'has a URL scheme or drive letter'],
    [/[%?#]/.test(relative), 'contains "%", "?" or "#", which a browser would decode or cut off'],
    [segments.includes('..'), 'has a ".." segment'],
    [
      segments.some((s, i) => s === '' || (s === '.' && (i > 0 || segments.length === 1))),
      'is not a plain file path',
    ],
  ];
  const problem = checks.find(([bad]) => bad)?.[1];
  if (problem !== undefined) {
    throw new ModelFileError(
      `"${jsonPath}" lists the weights path ${JSON.stringify(relative)}, which ${problem}: weights must be files ` +
        `inside the model's folder, named by plain relative paths such as "${WEIGHTS_FILE}". The model.json is ` +
        'damaged or unsafe; do not load it, or fix its weightsManifest paths.',
      jsonPath,
    );
  }
  return relative;
}

// realpath() resolves every symbolic link, so a link inside the folder that points out of it is caught too.
async function containedPath(
  dir: string,
  realDir: string,
  relative: string,
  jsonPath: string,
): Promise<string> {
  const shown = path.join(dir, relative);
  let real: string;
  try {
    real = await fs.realpath(path.join(realDir, ...relative.split('/')));
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      throw new ModelFileError(
        `"${shown}", a weights file listed in "${jsonPath}", does not exist. Copy it beside model.json, or ` +
          'save the model again.',
        shown,
        { cause: error },
      );
    }
    throw error;
  }
  if (!real.startsWith(realDir + path.sep)) {
    throw new ModelFileError(
      `"${shown}", a weights file listed in "${jsonPath}", resolves to "${real}", outside the model's folder ` +
        `"${realDir}" (through a symbolic link). Weights must be inside the folder: copy the file in instead of ` +
        'linking it.',
      shown,
    );
  }
  return real;
}

function joinBuffers(buffers: Uint8Array[], total: number): ArrayBuffer {
  if (buffers.length === 1 && buffers[0]!.byteLength === buffers[0]!.buffer.byteLength) {
    return buffers[0]!.buffer as ArrayBuffer;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(b, offset);
    offset += b.byteLength;
  }
  return out.buffer;
}
