import { availableParallelism, cpus } from 'node:os';

/** A progress line on stderr: stdout holds only the JSON result, so it can be piped as is. */
export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The result on stdout: one JSON document, indented where the benchmark always printed it so. */
export function printJson(value: unknown, indent = false): void {
  console.log(indent ? JSON.stringify(value, null, 2) : JSON.stringify(value));
}

/** `x` to `digits` decimals, as a number (how every figure in the JSON is rounded). */
export function fixed(x: number, digits: number): number {
  return +x.toFixed(digits);
}

/** `ours / theirs` to two decimals, or `null` when either side is missing or zero. */
export function ratioOf(ours: number | undefined, theirs: number | undefined): number | null {
  return ours && theirs ? fixed(ours / theirs, 2) : null;
}

/** Seconds since `t0` (a `performance.now()` reading). */
export function secondsSince(t0: number): number {
  return (performance.now() - t0) / 1000;
}

/** The machine a result was measured on, so figures from different machines are not compared blindly. */
export function machine(): { cpu: string | undefined; cores: number; node: string } {
  return { cpu: cpus()[0]?.model, cores: availableParallelism(), node: process.version };
}
