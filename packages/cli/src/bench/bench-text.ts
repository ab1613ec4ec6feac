import type { BackendReport } from '@shapes/runtime';
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

/** The backend fields of a JSON result: its name and, on wasm, its SIMD and threads. */
export type BackendFields = Pick<BackendReport, 'backend' | 'simd' | 'threads'>;

/** The backend's name and, on wasm, its SIMD and threads, as the JSON results give them. */
export function backendFields(report: BackendFields): BackendFields {
  return { backend: report.backend, simd: report.simd, threads: report.threads };
}

/** `tfjs wasm, SIMD on, 2 threads`, for the line above a table. */
export function backendText(report: BackendFields): string {
  return report.backend === 'wasm'
    ? `tfjs wasm, SIMD ${report.simd ? 'on' : 'off'}, ${plural(report.threads ?? 0, 'thread')}`
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
