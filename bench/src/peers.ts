import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PEERS_DIR } from './paths.js';

/** Debian's python first (where `apt-get install python3-opencv python3-torch` puts the modules), then PATH's. */
export const PYTHONS = ['/usr/bin/python3', 'python3'] as const;

/** A peer's JSON line, with the python that ran it. */
export type PeerRun = Record<string, unknown> & { python: string };

/** The JSON object on the last non-empty line of `stdout` (libraries may print before it), or `null`. */
export function lastJsonLine(stdout: string): Record<string, unknown> | null {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  try {
    const value: unknown = JSON.parse(last);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Runs `script` of {@link PEERS_DIR} with `args` under the first python that runs it to the end, and gives the
 * JSON line it printed; `null` when none did (no python3, or no torch or cv2 module in it).
 */
export function runPeer(script: string, args: readonly string[]): PeerRun | null {
  for (const python of PYTHONS) {
    const r = spawnSync(python, [join(PEERS_DIR, script), ...args], { encoding: 'utf8' });
    const json = r.status === 0 ? lastJsonLine(r.stdout) : null;
    if (json) return { ...json, python };
  }
  return null;
}

/** A rate a peer printed, or `undefined` when it printed none. */
export function rateOf(run: PeerRun | null, key: string): number | undefined {
  const v = run?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
