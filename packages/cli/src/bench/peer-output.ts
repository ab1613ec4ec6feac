/**
 * The JSON object a peer script prints as the last line of its stdout (earlier lines may be library chatter),
 * or `null` when there is none: no output, a last line that is not JSON, or JSON that is not an object.
 */
export function lastJsonLine(stdout: string): Record<string, unknown> | null {
  const lines = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const last = lines.at(-1);
  if (last === undefined) return null;
  try {
    const value: unknown = JSON.parse(last);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** `record[key]` when it is a finite number, else `null`. */
export function numberField(record: Record<string, unknown>, ...keys: string[]): number | null {
  for (const key of keys) {
    const v = record[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

/** `record[key]` when it is a string, else `null`. */
export function stringField(record: Record<string, unknown>, key: string): string | null {
  const v = record[key];
  return typeof v === 'string' ? v : null;
}

/** The last non-empty line of a failed peer's stderr, cut to a readable length, for the `unavailable` reason. */
export function lastErrorLine(stderr: string, max = 160): string {
  const line =
    stderr
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .at(-1) ?? '';
  return line.length > max ? `${line.slice(0, max - 3)}...` : line;
}
