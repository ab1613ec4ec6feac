import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCleanUsageError, runCli, runJson, tempDir } from '../test/run-cli.js';

const TINY = ['--per-class', '40', '--outliers', '0', '--epochs', '1', '--no-tta', '-q'];

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** A valid gray 8-bit PNG of `width x height` zeros: small on disk, huge once decoded. */
function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // gray
  const raw = Buffer.alloc(height * (1 + width));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** Runs `shapes` and returns the run with its wall time in seconds. */
async function timed(args: string[]) {
  const started = performance.now();
  const run = await runCli(args);
  return { ...run, seconds: (performance.now() - started) / 1000 };
}

describe('hostile and broken inputs get a clear message, fast', () => {
  let root: string;
  let model: string;

  beforeAll(async () => {
    root = tempDir();
    model = path.join(root, 'model');
    expect((await runCli(['train', '--out', model, ...TINY])).code).toBe(0);
  });

  it('refuses a 10 MP one-pixel-wide PNG bomb from its header', async () => {
    // 1 x 10,000,000: 20 KB on disk; decoding it took 32 s and 5 GB.
    const file = path.join(root, 'tall.png');
    writeFileSync(file, bombPng(1, 10_000_000));
    const run = await timed(['predict', '--model', model, file]);
    expect(isCleanUsageError(run), run.stderr).toBe(true);
    expect(run.stderr).toContain('1x10000000');
    expect(run.seconds).toBeLessThan(15);
  });

  it('says a truncated PNG is truncated, without the decoder internals', async () => {
    const file = path.join(root, 'cut.png');
    writeFileSync(file, bombPng(64, 64).subarray(0, 60));
    const run = await runCli(['predict', '--model', model, file]);
    expect(isCleanUsageError(run), run.stderr).toBe(true);
    expect(run.stderr).toMatch(/corrupt or truncated PNG file\. Re-export it or delete it\./);
  });

  it('refuses a model.json that declares a 20000-pixel input, before allocating it', async () => {
    const edited = path.join(root, 'edited');
    cpSync(model, edited, { recursive: true });
    const file = path.join(edited, 'model.json');
    const text = readFileSync(file, 'utf8')
      .replace(/"inputSize":64/, '"inputSize":20000')
      .replace(/\[null,64,64,1\]/g, '[null,20000,20000,1]');
    writeFileSync(file, text);
    const image = path.join(root, 'small.png');
    writeFileSync(image, bombPng(64, 64));
    const run = await timed(['predict', '--model', edited, image]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('20000');
    expect(run.stderr).not.toContain('looks like a bug');
    expect(run.seconds).toBeLessThan(15);
  });

  it('refuses weights that hold NaN rather than answer "NaN%"', async () => {
    const broken = path.join(root, 'nan');
    cpSync(model, broken, { recursive: true });
    const weights = readFileSync(path.join(broken, 'weights.bin'));
    weights.writeFloatLE(Number.NaN, 0);
    writeFileSync(path.join(broken, 'weights.bin'), weights);
    const image = path.join(root, 'one.png');
    writeFileSync(image, bombPng(64, 64));
    const run = await runCli(['predict', '--model', broken, image]);
    expect(isCleanUsageError(run), run.stderr).toBe(true);
    expect(run.stderr).toContain('NaN');
  });

  it('reads images in nested subfolders of a class, as torchvision does', async () => {
    const data = path.join(root, 'nested');
    expect((await runCli(['generate', '--out', data, '--per-class', '2', '-q'])).code).toBe(0);
    mkdirSync(path.join(data, 'circle', 'more'));
    copyFileSync(path.join(data, 'circle', '0.png'), path.join(data, 'circle', 'more', 'extra.png'));
    const { json } = await runJson<{ images: number }>(['evaluate', '--model', model, '--data', data, '-q']);
    expect(json.images).toBe(7);
  });

  it('trains on a folder holding two identical images (copied files)', async () => {
    const data = path.join(root, 'copies');
    expect((await runCli(['generate', '--out', data, '--per-class', '12', '-q'])).code).toBe(0);
    copyFileSync(path.join(data, 'circle', '0.png'), path.join(data, 'circle', 'copy.png'));
    const run = await runCli([
      'train',
      '--out',
      path.join(root, 'from-copies'),
      '--data',
      data,
      '--epochs',
      '1',
      '-q',
    ]);
    expect(run.code, run.stderr).toBe(0);
  });
});
