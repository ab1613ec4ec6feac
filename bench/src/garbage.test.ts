import { describe, expect, it } from 'vitest';
import { type AllocationNode, bytesByFunction, garbageReport } from './garbage.js';

const node = (functionName: string, selfSize: number, children: AllocationNode[] = []): AllocationNode => ({
  callFrame: { functionName },
  selfSize,
  children,
});

describe('bytesByFunction', () => {
  it('sums each function over the tree, anonymous ones together', () => {
    const head = node('(root)', 0, [
      node('fill', 4000, [node('', 100), node('edge', 50)]),
      node('edge', 150, [node('', 20)]),
    ]);
    expect(Object.fromEntries(bytesByFunction(head))).toEqual({
      '(root)': 0,
      fill: 4000,
      '(anonymous)': 120,
      edge: 200,
    });
  });
});

describe('garbageReport', () => {
  it('gives bytes per image, the largest allocators first', () => {
    const bytes = new Map([
      ['a', 100],
      ['b', 900],
      ['c', 0],
    ]);
    expect(garbageReport(bytes, 10, 2)).toEqual({
      images: 10,
      bytesPerImage: 100,
      topAllocators: [
        { function: 'b', bytesPerImage: 90 },
        { function: 'a', bytesPerImage: 10 },
      ],
    });
  });
});
