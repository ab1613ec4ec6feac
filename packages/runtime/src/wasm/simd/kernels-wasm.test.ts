import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without types.
import { assemble } from '../../../scripts/assemble-simd.mjs';
import { SHARED, UNSHARED } from './kernels-wasm.js';

describe('kernels-wasm.ts', () => {
  it('is kernels.wat as it stands (run `pnpm build:simd` after editing the .wat)', async () => {
    const source = readFileSync(new URL('./kernels.wat', import.meta.url), 'utf8');
    expect(SHARED).toBe(await assemble(source, true));
    expect(UNSHARED).toBe(await assemble(source, false));
  });
});
