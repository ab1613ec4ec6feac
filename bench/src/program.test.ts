import { describe, expect, it } from 'vitest';
import { program } from './program.js';

// Built once: the subcommands are single instances, and a command belongs to one parent.
const bench = program();

describe('program', () => {
  it('has one subcommand per benchmark', () => {
    expect(bench.commands.map((c) => c.name()).sort()).toEqual([
      'base',
      'base-variants',
      'data',
      'drawings',
      'garbage',
      'looks',
      'pretrain',
      'profile-step',
      'results',
      'seed-arch',
      'transfer',
      'unseen-hexagon',
    ]);
  });

  it('keeps the options the benchmarks have always taken', () => {
    const flags = (name: string) => bench.commands.find((c) => c.name() === name)?.options.map((o) => o.long);
    expect(flags('data')).toEqual(['--seed-per-class', '--default-per-class', '--workers']);
    expect(flags('transfer')).toEqual(
      expect.arrayContaining(['--base', '--shots', '--seeds', '--curve', '--svg', '--no-tta', '--no-frame']),
    );
    expect(flags('seed-arch')).toEqual(expect.arrayContaining(['--smoke', '--no-peer', '--steps']));
    expect(flags('base-variants')).toEqual(
      expect.arrayContaining(['--smoke', '--frame', '--polygons', '--unframed-transfer', '--realdata']),
    );
  });
});
