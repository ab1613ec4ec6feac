import { describe, expect, it } from 'vitest';
import { backendWhy } from './backend-why.js';

describe('backendWhy', () => {
  it('says why wasm has the threads it has: cross-origin isolation, else the fix', () => {
    const wasm = { backend: 'wasm' as const, simd: true };
    expect(backendWhy({ ...wasm, threads: 2 }, { isolated: true, cores: 2 })).toMatch(
      /^wasm: 2 threads on 2 cores: the page is cross-origin isolated .*; SIMD on\.$/,
    );
    expect(backendWhy({ ...wasm, threads: 1 }, { isolated: false, cores: 8 })).toContain(
      'not cross-origin isolated, so tfjs cannot run its threaded build (serve it with Cross-Origin-Opener-Policy',
    );
    expect(backendWhy({ backend: 'cpu', simd: null, threads: null }, { isolated: true, cores: 2 })).toBe('');
  });
});
