import { adapterName, type BackendReport } from '@shapes/runtime';
import { renderTable } from '../lib/table.js';
import { formatRate, formatRatio } from './format.js';
import type { BenchArch } from './options.js';

/** Why a peer is missing when `--no-peer` was given. */
export const NO_PEER = 'not run (--no-peer)';

/** Each `--arch` as the line above a table names it. */
export const ARCH_LABEL: Readonly<Record<BenchArch, string>> = {
  default: 'default CNN (64x64x1)',
  seed: "seed CNN (the original demo's, 256x256x3)",
  'bench-cnn': 'bench-cnn (64x64x1)',
};

/** The backend fields of a JSON result: its name, on wasm its SIMD and threads, on webgpu its GPU adapter. */
export type BackendFields = Pick<BackendReport, 'backend' | 'simd' | 'threads' | 'adapter'>;

/** The backend's name, on wasm its SIMD and threads, and the GPU adapter where there is one, as JSON gives them. */
export function backendFields(report: BackendFields): BackendFields {
  return {
    backend: report.backend,
    simd: report.simd,
    threads: report.threads,
    ...(report.adapter ? { adapter: report.adapter } : {}),
  };
}

/** `tfjs wasm, SIMD on, 2 threads` or `tfjs webgpu on NVIDIA ...`, for the line above a table. */
export function backendText(report: BackendFields): string {
  if (report.backend === 'wasm') {
    return `tfjs wasm, SIMD ${report.simd ? 'on' : 'off'}, ${plural(report.threads ?? 0, 'thread')}`;
  }
  return report.adapter
    ? `tfjs ${report.backend} on ${adapterName(report.adapter)}`
    : `tfjs ${report.backend}`;
}

/** `1 worker`, `2 workers`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A peer that did not run: why. */
export interface Unavailable {
  unavailable: string;
}

/** One row of a comparison: what is measured, our figure, then the peer's figure and our ratio to it, if any. */
export type ComparisonRow = readonly [label: string, ours: number, ...peer: (number | null)[]];

/**
 * Our figures beside the peer's as a table: a column for ours, and one for the peer's (headed `peer`) and one
 * for the ratio when the peer ran; otherwise why it did not, under the table.
 */
export function comparisonTable(
  ours: string,
  peer: string | Unavailable,
  rows: readonly ComparisonRow[],
): string {
  const has = typeof peer === 'string';
  const header = ['', ours, ...(has ? [peer, 'ratio'] : [])];
  const body = rows.map(([label, mine, theirs, ratio]) => [
    label,
    formatRate(mine),
    ...(has && theirs !== undefined ? [formatRate(theirs), formatRatio(ratio)] : []),
  ]);
  return `${renderTable([header, ...body])}${has ? '' : `\npeer: ${peer.unavailable}`}`;
}
