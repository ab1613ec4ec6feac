import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDefaultCnn } from '../architectures/default-cnn.js';
import { InvalidModelError } from '../errors/invalid-model-error.js';
import { ModelExistsError } from '../errors/model-exists-error.js';
import { ModelFileError } from '../errors/model-file-error.js';
import { DEFAULT_MAX_MODEL_JSON_BYTES, fileSystemHandler } from './file-system-handler.js';

// Lets a test make one rename fail, as a full disk or a yanked drive would, to check what a failed save leaves.
const failRename = vi.hoisted(() => ({ to: undefined as string | undefined }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const rename: typeof actual.rename = async (from, to) => {
    if (failRename.to !== undefined && String(to).endsWith(`/${failRename.to}`)) {
      throw Object.assign(new Error(`EIO: simulated i/o error, rename -> '${String(to)}'`), { code: 'EIO' });
    }
    return actual.rename(from, to);
  };
  return { ...actual, rename, default: { ...actual, rename } };
});

let root: string;
let dir: string;
let model: tfl.Sequential;
let other: tfl.Sequential;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'shapes-fs-handler-'));
  model = createDefaultCnn({ classes: 3, inputSize: 16 });
  other = createDefaultCnn({ classes: 3, inputSize: 16 });
});

afterAll(async () => {
  model.dispose();
  other.dispose();
  await fs.rm(root, { recursive: true, force: true });
});

let n = 0;
beforeEach(() => {
  dir = path.join(root, `m${n++}`);
});

afterEach(() => {
  failRename.to = undefined;
});

const jsonPath = () => path.join(dir, 'model.json');
const weightsPath = () => path.join(dir, 'weights.bin');
const save = (m: tfl.LayersModel, overwrite = false) => m.save(fileSystemHandler(dir, { overwrite }));
const load = (options = {}) => tfl.loadLayersModel(fileSystemHandler(dir, options));
const readJson = async () => JSON.parse(await fs.readFile(jsonPath(), 'utf8'));
const writeJson = (json: unknown) => fs.writeFile(jsonPath(), JSON.stringify(json));
const values = (m: tfl.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
const snapshot = async () => ({
  json: await fs.readFile(jsonPath()),
  weights: await fs.readFile(weightsPath()),
});

async function loadError(options = {}): Promise<ModelFileError> {
  const error = await fileSystemHandler(dir, options).load!().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelFileError);
  return error as ModelFileError;
}

describe('fileSystemHandler: saving', () => {
  it("writes exactly tfjs-node's layout, which plain tf.io.fromMemory loads", async () => {
    await save(model);
    expect((await fs.readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    const json = await readJson();
    expect(Object.keys(json)).toEqual([
      'modelTopology',
      'weightsManifest',
      'format',
      'generatedBy',
      'convertedBy',
    ]);
    expect(json.format).toBe('layers-model');
    expect(json.convertedBy).toBeNull();
    expect(json.generatedBy).toMatch(/^TensorFlow\.js tfjs-layers v4\./);
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const specs: tf.io.WeightsManifestEntry[] = json.weightsManifest[0].weights;
    const bytes = await fs.readFile(weightsPath());
    const count = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1), 0);
    expect(bytes.byteLength).toBe(count * 4);

    const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const plain = await tfl.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }),
    );
    expect(values(plain)).toEqual(values(model));
    plain.dispose();
  });

  it('refuses to replace a model without overwrite, leaving the old files untouched', async () => {
    await save(model);
    const before = await snapshot();
    const error = await save(other).catch((e) => e);
    expect(error).toBeInstanceOf(ModelExistsError);
    expect(error.name).toBe('ModelExistsError');
    expect(error.message).toContain(dir);
    expect(error.message).toContain('{ overwrite: true }');
    expect(await snapshot()).toEqual(before);
    expect((await fs.readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);

    await save(other, true);
    const loaded = await load();
    expect(values(loaded)).toEqual(values(other));
    loaded.dispose();
  });

  it('counts a lone weights.bin as a model in the way', async () => {
    await fs.mkdir(dir);
    await fs.writeFile(weightsPath(), 'not mine');
    await expect(save(model)).rejects.toThrow(ModelExistsError);
    expect(await fs.readFile(weightsPath(), 'utf8')).toBe('not mine');
  });

  it('leaves no model.json and no temporary files when the weights cannot be written', async () => {
    await fs.mkdir(weightsPath(), { recursive: true }); // rename() cannot put a file over a folder
    await expect(save(model, true)).rejects.toThrow(/Cannot write ".*weights\.bin"/);
    expect(await fs.readdir(dir)).toEqual(['weights.bin']);
  });

  it('keeps the old model whole when placing the new weights fails', async () => {
    await save(model);
    const before = await snapshot();
    failRename.to = 'weights.bin';
    await expect(save(other, true)).rejects.toThrow(/simulated .* was left as it was/);
    failRename.to = undefined;
    expect(await snapshot()).toEqual(before);
    expect((await fs.readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    const loaded = await load();
    expect(values(loaded)).toEqual(values(model));
    loaded.dispose();
  });

  it('never leaves the old model.json beside new weights when placing model.json fails', async () => {
    await save(model);
    failRename.to = 'model.json';
    await expect(save(other, true)).rejects.toThrow(/holds no model now; save again/);
    failRename.to = undefined;
    expect(await fs.readdir(dir)).toEqual(['weights.bin']);
    expect((await loadError()).message).toMatch(/model\.json.* does not exist/);
  });

  it('refuses a folder path that is a file', async () => {
    await fs.mkdir(root, { recursive: true });
    const file = path.join(root, `file${n}`);
    await fs.writeFile(file, '');
    await expect(model.save(fileSystemHandler(file))).rejects.toThrow(/is a file/);
  });
});

describe('fileSystemHandler: loading refuses, naming the file', () => {
  beforeEach(async () => {
    await save(model);
  });

  it('loads what it saved, also through a symbolic link to the folder or to a file inside it', async () => {
    await fs.rename(weightsPath(), path.join(dir, 'real.bin'));
    await fs.symlink('real.bin', weightsPath());
    const link = `${dir}-link`;
    await fs.symlink(dir, link);
    const loaded = await tfl.loadLayersModel(fileSystemHandler(link));
    expect(values(loaded)).toEqual(values(model));
    loaded.dispose();
  });

  it('a missing folder, model.json or weights file', async () => {
    await fs.rm(weightsPath());
    let error = await loadError();
    expect(error.path).toBe(weightsPath());
    expect(error.message).toMatch(
      /^".*weights\.bin", a weights file listed in ".*model\.json", does not exist/,
    );
    await fs.rm(jsonPath());
    error = await loadError();
    expect(error.path).toBe(jsonPath());
    expect(error.message).toMatch(/model\.json" \(model\.json\) does not exist/);
    await fs.rm(dir, { recursive: true });
    error = await loadError();
    expect(error.message).toMatch(/^No model at ".*": the folder does not exist/);
  });

  it('a model.json that is not JSON, or not a layers model', async () => {
    await fs.writeFile(jsonPath(), '{"modelTopology": ');
    const error = await loadError();
    expect(error.path).toBe(jsonPath());
    expect(error.message).toMatch(/model\.json" is not valid JSON .* save the model again/);
    await writeJson({ hello: 'world' });
    expect((await loadError()).message).toMatch(/has no layers-model topology/);
    await writeJson({ format: 'graph-model', modelTopology: { node: [] }, weightsManifest: [] });
    expect((await loadError()).message).toMatch(/is a tfjs graph model; .* tf\.loadGraphModel/);
    await writeJson([1, 2]);
    expect((await loadError()).message).toMatch(/is not a JSON object/);
  });

  it('a truncated weights.bin', async () => {
    const bytes = await fs.readFile(weightsPath());
    await fs.writeFile(weightsPath(), bytes.subarray(0, bytes.byteLength - 4));
    const error = await loadError();
    expect(error.path).toBe(weightsPath());
    expect(error.message).toMatch(
      new RegExp(
        `weights\\.bin" has ${bytes.byteLength - 4} bytes but .* needs exactly ${bytes.byteLength}: it was cut short`,
      ),
    );
  });

  it('a weights.bin longer than the manifest needs', async () => {
    await fs.appendFile(weightsPath(), Buffer.alloc(8));
    expect((await loadError()).message).toMatch(/holds more than this model has/);
  });

  it('files over the size limits, saying what the limit is for and which loader option raises it', async () => {
    let error = await loadError({ maxModelJsonBytes: 100 });
    expect(error.path).toBe(jsonPath());
    expect(error.message).toMatch(
      /model\.json" \(model\.json\) is too big: \d+ bytes, over the limit of 100 bytes\. The limit keeps a damaged or hostile model\.json from exhausting memory while it is parsed\. \(loadModelFromDir's maxModelJsonBytes option raises it\.\)$/,
    );
    error = await loadError({ maxWeightsBytes: 1000 });
    expect(error.path).toBe(weightsPath());
    expect(error.message).toMatch(
      /weights\.bin" .* is too big: .* limit of 1000 bytes\. The limit keeps .* from exhausting memory .*\(loadModelFromDir's maxWeightsBytes option raises it\.\)$/,
    );
    expect(() => fileSystemHandler(dir, { maxWeightsBytes: -1 })).toThrow(InvalidModelError);
  });

  it('a model.json over the default limit, which no model @shapes saves comes near', async () => {
    await fs.truncate(jsonPath(), DEFAULT_MAX_MODEL_JSON_BYTES + 1); // sparse: nothing is written or read
    const error = await loadError();
    expect(error.message).toContain(
      `is too big: ${DEFAULT_MAX_MODEL_JSON_BYTES + 1} bytes, over the limit of ${DEFAULT_MAX_MODEL_JSON_BYTES} ` +
        'bytes. The limit keeps a damaged or hostile model.json from exhausting memory while it is parsed, and ' +
        "this file is far larger than the model.json of any model @shapes saves. (loadModelFromDir's " +
        'maxModelJsonBytes option raises it.)',
    );
    expect(error.message).not.toMatch(/If you trust|raise the option/);
  });

  it('a topology over the limits, before reading a weight', async () => {
    const json = await readJson();
    json.modelTopology.config.layers.find(
      (l: { config: { name: string } }) => l.config.name === 'head_dense',
    ).config.units = 1e9;
    await writeJson(json);
    await fs.rm(weightsPath()); // had the weights been read, this would be the error
    const error = await loadError();
    expect(error.path).toBe(jsonPath());
    expect(error.message).toMatch(
      /^\/.*model\.json: layer "head_dense" \(Dense\) would allocate \d+ weights/,
    );
  });

  it.each([
    ['../evil.bin', /has a "\.\." segment/],
    ['sub/../../evil.bin', /has a "\.\." segment/],
    ['/etc/passwd', /is absolute/],
    ['file:///etc/passwd', /has a URL scheme/],
    ['https://example.com/w.bin', /has a URL scheme/],
    ['C:/w.bin', /has a URL scheme or drive letter/],
    ['..\\evil.bin', /contains a backslash/],
    ['%2e%2e/evil.bin', /contains "%"/],
    ['a//b.bin', /is not a plain file path/],
  ])('the weights path %s', async (bad, problem) => {
    // A real file where the path leads, so only the check itself can stop the read.
    await fs.copyFile(weightsPath(), path.join(root, 'evil.bin'));
    const json = await readJson();
    json.weightsManifest[0].paths = [bad];
    await writeJson(json);
    const error = await loadError();
    expect(error.path).toBe(jsonPath());
    expect(error.message).toContain(`lists the weights path ${JSON.stringify(bad)}`);
    expect(error.message).toMatch(problem);
  });

  it('a symbolic link that leads out of the folder', async () => {
    const outside = path.join(root, `outside${n}.bin`);
    await fs.rename(weightsPath(), outside);
    await fs.symlink(outside, weightsPath());
    const error = await loadError();
    expect(error.path).toBe(weightsPath());
    expect(error.message).toMatch(/resolves to ".*outside.*\.bin", outside the model's folder/);
    // A link to a folder outside, with the weights under it, is the same escape.
    await fs.rm(weightsPath());
    const outDir = path.join(root, `outdir${n}`);
    await fs.mkdir(outDir);
    await fs.rename(outside, path.join(outDir, 'weights.bin'));
    await fs.symlink(outDir, path.join(dir, 'sub'));
    const json = await readJson();
    json.weightsManifest[0].paths = ['sub/weights.bin'];
    await writeJson(json);
    expect((await loadError()).message).toMatch(/outside the model's folder/);
  });

  it('a manifest whose specs cannot be sized', async () => {
    const json = await readJson();
    json.weightsManifest[0].weights[0].shape = [3, -1];
    await writeJson(json);
    expect((await loadError()).message).toMatch(/weight ".*" has an invalid shape \[3,-1\]/);
  });
});

describe('fileSystemHandler: what a killed save left behind', () => {
  // A pid that ran and exited, so no process has it now (short of the system reusing it at once).
  const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
  let live: ChildProcess;
  let hex = 0;
  const leftover = (file: string, pid: number, kind: 'tmp' | 'old') =>
    path.join(dir, `.${file}.${pid}.${(hex++).toString(16).padStart(12, '0')}.${kind}`);
  const listing = async () => (await fs.readdir(dir)).sort();

  beforeAll(() => {
    live = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  });

  afterAll(() => {
    live.kill();
  });

  it('a load and a save remove a dead writer’s files and keep a live writer’s', async () => {
    await save(model);
    const plant = async () => {
      const files = {
        dead: [
          leftover('weights.bin', deadPid, 'tmp'),
          leftover('model.json', deadPid, 'tmp'),
          leftover('model.json', deadPid, 'old'),
          // Our own pid, but no save of ours is writing it: an earlier process that had our pid left it.
          leftover('weights.bin', process.pid, 'tmp'),
        ],
        kept: [
          leftover('weights.bin', live.pid!, 'tmp'),
          leftover('model.json', live.pid!, 'old'),
          // Not a name our saves give, so not ours to remove.
          leftover('weights.bin', deadPid, 'old'),
          path.join(dir, 'notes.txt'),
        ],
      };
      for (const file of [...files.dead, ...files.kept]) await fs.writeFile(file, 'x');
      return files;
    };
    const names = (files: string[]) => files.map((f) => path.basename(f));

    let files = await plant();
    (await load()).dispose();
    expect(await listing()).toEqual(['model.json', 'weights.bin', ...names(files.kept)].sort());

    await Promise.all(files.kept.map((f) => fs.rm(f)));
    files = await plant();
    await save(other, true);
    expect(await listing()).toEqual(['model.json', 'weights.bin', ...names(files.kept)].sort());
    const loaded = await load();
    expect(values(loaded)).toEqual(values(other));
    loaded.dispose();
  });

  it('a save killed after moving model.json aside: the old model comes back whole', async () => {
    await save(model);
    const before = await snapshot();
    const otherDir = `${dir}-other`;
    await other.save(fileSystemHandler(otherDir));
    // replace() had written both new files and moved model.json aside, but not yet renamed the new weights.
    await fs.copyFile(path.join(otherDir, 'weights.bin'), leftover('weights.bin', deadPid, 'tmp'));
    await fs.copyFile(path.join(otherDir, 'model.json'), leftover('model.json', deadPid, 'tmp'));
    await fs.rename(jsonPath(), leftover('model.json', deadPid, 'old'));

    const loaded = await load();
    expect(values(loaded)).toEqual(values(model));
    expect(await listing()).toEqual(['model.json', 'weights.bin']);
    expect(await snapshot()).toEqual(before);
    loaded.dispose();
  });

  it('a save killed after placing the new weights: the new model.json goes in beside them', async () => {
    await save(model);
    const otherDir = `${dir}-other`;
    await other.save(fileSystemHandler(otherDir));
    await fs.rename(jsonPath(), leftover('model.json', deadPid, 'old'));
    await fs.copyFile(path.join(otherDir, 'weights.bin'), weightsPath());
    await fs.copyFile(path.join(otherDir, 'model.json'), leftover('model.json', deadPid, 'tmp'));

    const loaded = await load();
    expect(values(loaded)).toEqual(values(other));
    expect(await listing()).toEqual(['model.json', 'weights.bin']);
    loaded.dispose();
  });

  it('a first save killed after linking its weights into place: its model.json goes in too', async () => {
    const otherDir = `${dir}-other`;
    await other.save(fileSystemHandler(otherDir));
    await fs.mkdir(dir);
    const tmpWeights = leftover('weights.bin', deadPid, 'tmp');
    await fs.copyFile(path.join(otherDir, 'weights.bin'), tmpWeights);
    await fs.link(tmpWeights, weightsPath());
    await fs.copyFile(path.join(otherDir, 'model.json'), leftover('model.json', deadPid, 'tmp'));

    const loaded = await load();
    expect(values(loaded)).toEqual(values(other));
    expect(await listing()).toEqual(['model.json', 'weights.bin']);
    loaded.dispose();
  });

  it('a model.json that does not fit the weights left beside it is not put back', async () => {
    await save(model);
    await fs.writeFile(leftover('weights.bin', deadPid, 'tmp'), 'partial');
    await fs.rename(jsonPath(), leftover('model.json', deadPid, 'old'));
    await fs.appendFile(weightsPath(), Buffer.alloc(4)); // not the weights that model.json was written for
    const error = await loadError();
    expect(error.message).toMatch(/model\.json" \(model\.json\) does not exist/);
    expect(await listing()).toEqual(['weights.bin']);
  });
});
