import { InvalidArgumentError } from 'commander';

/** Commander's parser for a number option: refuses what is not a finite number, so no run starts on NaN. */
export function parseNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new InvalidArgumentError(`"${value}" is not a number.`);
  return n;
}

/** A comma-separated list of numbers (`1,2,3`), each read as {@link parseNumber} reads one. */
export function parseNumberList(value: string): number[] {
  return value.split(',').map(parseNumber);
}

/** A comma-separated list of names (`circle,square`), without empty entries. */
export function parseNameList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
