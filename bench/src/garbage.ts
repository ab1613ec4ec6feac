import { Session } from 'node:inspector/promises';
import { renderRange, resolveDatasetConfig } from '@shapes/data';
import { Command } from 'commander';
import { parseNumber } from './options.js';
import { printJson } from './output.js';

/** A node of V8's sampling heap profile: the bytes a function allocated itself, and its callees. */
export interface AllocationNode {
  callFrame: { functionName: string };
  selfSize: number;
  children: AllocationNode[];
}

/** Bytes allocated per function name over a profile's tree (anonymous functions under one name). */
export function bytesByFunction(head: AllocationNode): Map<string, number> {
  const bytes = new Map<string, number>();
  const walk = (node: AllocationNode) => {
    const name = node.callFrame.functionName || '(anonymous)';
    bytes.set(name, (bytes.get(name) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child);
  };
  walk(head);
  return bytes;
}

/** The report: bytes per image in all, and the `top` functions that allocate most, per image. */
export function garbageReport(bytes: Map<string, number>, images: number, top = 8) {
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  return {
    images,
    bytesPerImage: Math.round(total / images),
    topAllocators: [...bytes]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, b]) => ({ function: name, bytesPerImage: Math.round(b / images) })),
  };
}

/**
 * Bytes the `default` preset's renderer allocates per 64x64 image, all of it garbage (images go into a buffer
 * made beforehand), from V8's sampling heap profiler with what garbage collections freed counted in.
 */
async function run({ images: n }: { images: number }): Promise<void> {
  const config = resolveDatasetConfig({
    shapes: ['circle', 'square', 'triangle'],
    perClass: Math.ceil(n / 3),
    preset: 'default',
    seed: 1,
  });
  const images = new Uint8Array(n * 64 * 64);
  // Once before profiling, so that what is measured is the optimized code's steady state.
  renderRange(config, images, 0, n);
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMinorGC: true,
    includeObjectsCollectedByMajorGC: true,
  });
  renderRange(config, images, 0, n);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  printJson(garbageReport(bytesByFunction(profile.head), n));
}

export const garbage = new Command('garbage')
  .description(
    "Bytes of garbage per image of the default preset's renderer, and the functions that make most",
  )
  .option('--images <n>', 'images to profile', parseNumber, 30000)
  .action((o: { images: number }) => run(o));
