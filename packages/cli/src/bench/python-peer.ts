import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { lastErrorLine, lastJsonLine } from './peer-output.js';

/** Debian's python first (where `apt-get install python3-opencv python3-torch` puts the modules), then PATH's. */
export const PYTHONS = ['/usr/bin/python3', 'python3'] as const;

/** What a peer run gives: its JSON line and the python that ran it, or why there is none. */
export type PeerRun =
  | { ok: true; json: Record<string, unknown>; python: string }
  | { ok: false; reason: string };

/** Runs a command and waits for it (spawnSync's shape, so tests can pass a fake). */
export type Spawn = (
  command: string,
  args: string[],
) => Pick<SpawnSyncReturns<string>, 'status' | 'stdout' | 'stderr' | 'error'>;

const spawnText: Spawn = (command, args) =>
  spawnSync(command, args, { encoding: 'utf8', maxBuffer: 16 << 20 });

/**
 * Where the peer script `file` (`torch_peer.py`, `opencv_peer.py`) lies in the `peers` folder `@shapes/cli`
 * ships, found from the package's own package.json so that it works in the workspace and from npm alike; `null`
 * when the file is missing (an install without it).
 */
export function peerScript(file: string, from: string = import.meta.url): string | null {
  try {
    const path = join(dirname(createRequire(from).resolve('@shapes/cli/package.json')), 'peers', file);
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * Runs `script args` with the first python of {@link PYTHONS} that runs it, and reads the JSON line it prints
 * last. `missing` is the reason given when no python runs the script or a module it imports is missing (the
 * install command); other failures give the script's last line of stderr.
 */
export function runPythonPeer(
  script: string,
  args: string[],
  missing: string,
  spawn: Spawn = spawnText,
): PeerRun {
  let failure: string | null = null;
  for (const python of PYTHONS) {
    const r = spawn(python, [script, ...args]);
    if (r.error || r.status === null) continue; // no such python (ENOENT) or killed
    if (r.status !== 0) {
      const line = lastErrorLine(r.stderr ?? '');
      if (/ModuleNotFoundError|ImportError/.test(line)) continue;
      failure ??= `${script.split(/[\\/]/).at(-1)} failed with ${python}: ${line || `exit code ${r.status}`}`;
      continue;
    }
    const json = lastJsonLine(r.stdout ?? '');
    if (json) return { ok: true, json, python };
    failure ??= `${script.split(/[\\/]/).at(-1)} printed no JSON line with ${python}`;
  }
  return { ok: false, reason: failure ?? missing };
}
