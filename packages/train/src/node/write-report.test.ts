import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderReport } from '../report/render-report.js';
import type { Report } from '../report/types.js';
import { writeReport } from './write-report.js';

const REPORT: Report = {
  title: 'A report',
  sections: [{ kind: 'text', title: 'Hello', paragraphs: ['world'] }],
};

describe('writeReport', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shapes-report-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the parent folders and writes the rendered document, leaving no temporary file', async () => {
    const file = join(dir, 'a', 'b', 'report.html');
    const written = await writeReport(file, REPORT);
    expect(written).toBe(file);
    expect(await readFile(file, 'utf8')).toBe(renderReport(REPORT));
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['report.html']);
  });

  it('returns an absolute path for a relative one', async () => {
    const file = relative(process.cwd(), join(dir, 'r.html'));
    const written = await writeReport(file, REPORT);
    expect(isAbsolute(written)).toBe(true);
    expect(written).toBe(join(dir, 'r.html'));
  });

  it('replaces an existing file whole', async () => {
    const file = join(dir, 'report.html');
    await writeFile(file, 'x'.repeat(100_000));
    await writeReport(file, REPORT);
    expect(await readFile(file, 'utf8')).toBe(renderReport(REPORT));
    expect(await readdir(dir)).toEqual(['report.html']);
  });

  it('removes its temporary file when the rename fails', async () => {
    // A folder where the report should go makes the rename fail after the temporary file is written.
    const file = join(dir, 'taken');
    await mkdir(join(file, 'inside'), { recursive: true });
    await expect(writeReport(file, REPORT)).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
  });

  it('writes nothing, not even the folder, when the report cannot be rendered', async () => {
    const bad = { title: 't', sections: [{ kind: 'pie', title: 'p' }] } as unknown as Report;
    await expect(writeReport(join(dir, 'sub', 'r.html'), bad)).rejects.toThrow(TypeError);
    expect(await readdir(dir)).toEqual([]);
  });
});
