import { describe, expect, it } from 'vitest';
import { backendFields, backendText, comparisonTable, plural } from './bench-text.js';

describe('backendText', () => {
  it('names wasm with its SIMD and threads, other backends alone', () => {
    expect(backendText({ backend: 'wasm', simd: true, threads: 2 })).toBe('tfjs wasm, SIMD on, 2 threads');
    expect(backendText({ backend: 'wasm', simd: false, threads: 1 })).toBe('tfjs wasm, SIMD off, 1 thread');
    expect(backendText({ backend: 'cpu', simd: null, threads: null })).toBe('tfjs cpu');
  });

  it('names the GPU adapter of webgpu on Dawn, and keeps it in the JSON fields', () => {
    const adapter = { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H100' };
    const report = { backend: 'webgpu' as const, simd: null, threads: null, adapter };
    expect(backendText(report)).toBe('tfjs webgpu on nvidia hopper, NVIDIA H100');
    expect(backendFields(report)).toEqual(report);
  });

  it('keeps only the JSON fields of a report', () => {
    const report = { backend: 'wasm' as const, simd: true, threads: 2, skipped: [], chosenBy: 'auto' };
    expect(backendFields(report)).toEqual({ backend: 'wasm', simd: true, threads: 2 });
  });
});

describe('plural', () => {
  it('adds an s but to one', () => {
    expect(plural(1, 'worker')).toBe('1 worker');
    expect(plural(4, 'worker')).toBe('4 workers');
  });
});

describe('comparisonTable', () => {
  it('puts the peer and the ratio beside ours', () => {
    expect(
      comparisonTable('ours (wasm)', 'PyTorch (2 threads)', [
        ['train samples/s', 300.3, 596.5, 0.5],
        ['infer samples/s', 1239.6, 1173.5, 1.06],
      ]),
    ).toBe(
      [
        '                 ours (wasm)  PyTorch (2 threads)  ratio',
        'train samples/s          300                  597  0.50x',
        'infer samples/s        1,240                1,174  1.06x',
      ].join('\n'),
    );
  });

  it('leaves rows without a peer figure short, and says why the peer is missing', () => {
    expect(
      comparisonTable('ours', { unavailable: 'not run (--no-peer)' }, [
        ['images/s', 20345, 1000, 20.3],
        ['images/s, fresh memory', 9000],
      ]),
    ).toBe(
      [
        '                          ours',
        'images/s                20,345',
        'images/s, fresh memory   9,000',
        'peer: not run (--no-peer)',
      ].join('\n'),
    );
  });
});
