import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { firstLine } from '../first-line.js';
import type { DawnResult } from './dawn.js';

/**
 * The probe script: `dist/node/dawn-probe.js` beside the built module; from the sources (the tests), the copy
 * their global setup bundles into `.test-build/`.
 */
export const DAWN_PROBE_SCRIPT = fileURLToPath(
  import.meta.url.endsWith('.ts')
    ? new URL('../../.test-build/dawn-probe.js', import.meta.url)
    : new URL('./dawn-probe.js', import.meta.url),
);

/** Options of {@link probeDawnInChild}. */
export interface DawnProbeOptions {
  /** The probe script. Default: {@link DAWN_PROBE_SCRIPT}. */
  script?: string;
  /** Options for Dawn's `create` (see `DawnOptions`). */
  dawnOptions?: string[];
  /** How long the probe may take. Default: 60 s. */
  timeoutMs?: number;
}

/**
 * Runs `startDawnBackend` in a child process (`node dist/node/dawn-probe.js [DAWN_OPTION...]`, which prints one
 * JSON line) and returns its answer. Dawn's drivers write their own lines to the process's stderr (e.g. "error:
 * XDG_RUNTIME_DIR is invalid", Vulkan warnings), which would read like the caller's errors, and Dawn may crash or
 * hang where a driver misbehaves: in a child, the noise is captured (its Dawn warnings join the reason) and a
 * crash is one more reason to skip the route.
 */
export async function probeDawnInChild(options: DawnProbeOptions = {}): Promise<DawnResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const { stdout, stderr, error } = await new Promise<{
    stdout: string;
    stderr: string;
    error: Error | null;
  }>((resolve) => {
    execFile(
      process.execPath,
      [options.script ?? DAWN_PROBE_SCRIPT, ...(options.dawnOptions ?? [])],
      { timeout: timeoutMs, maxBuffer: 1 << 20 },
      (err, out, errOut) => resolve({ stdout: String(out), stderr: String(errOut), error: err }),
    );
  });
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  if (line) {
    const { dawnOptions: _, ...result } = JSON.parse(line) as DawnResult & { dawnOptions?: unknown };
    const said = dawnWarnings(stderr);
    if (!result.ok && said.length > 0) result.reason += `; Dawn said: ${said.join(' / ')}`;
    return result;
  }
  const { killed, signal } = (error ?? {}) as { killed?: boolean; signal?: string };
  return {
    ok: false,
    stage: 'adapter',
    reason: killed
      ? `probing Dawn did not finish in ${timeoutMs / 1000} s`
      : `probing Dawn failed${signal ? ` (the probe died of ${signal})` : ''}: ${firstLine(stderr.trim() || error?.message || 'no answer')}`,
  };
}

/** Dawn's own `Warning:`/`Error:` lines, without their call-site lines, at most two. */
export function dawnWarnings(stderr: string): string[] {
  const lines = stderr
    .split('\n')
    .map((l) => /^(?:Warning|Error): (.+?)\.?$/.exec(l.trim())?.[1]?.trim())
    .filter((l): l is string => Boolean(l));
  return [...new Set(lines)].slice(0, 2);
}
