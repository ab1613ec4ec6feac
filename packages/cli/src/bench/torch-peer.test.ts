import { describe, expect, it } from 'vitest';
import { peerArchOfModel, readTorchPeer, torchPeerPlan } from './torch-peer.js';

const o = { batch: 32, seconds: 3, classes: 3, trainSteps: 2, inferSteps: 5 };

describe('torchPeerPlan', () => {
  it('runs the peer of each arch from its package, with 2 threads and our batch', () => {
    expect(torchPeerPlan('bench-cnn', o)).toEqual({
      pkg: '@shapes/runtime',
      file: 'peer_torch.py',
      args: ['--threads', '2', '--batch', '32', '--seconds', '3'],
    });
    expect(torchPeerPlan('default', { ...o, seconds: 0.5 })).toEqual({
      pkg: '@shapes/cli',
      file: 'peer_default_torch.py',
      args: ['--threads', '2', '--batch', '32', '--seconds', '0.5', '--classes', '3'],
    });
  });

  it("gives the seed CNN's script our warm-up and step counts (it counts steps, not seconds)", () => {
    expect(torchPeerPlan('seed', { ...o, batch: 16 })).toEqual({
      pkg: '@shapes/train',
      file: 'peer_seed_torch.py',
      args: [
        '--threads',
        '2',
        '--batch',
        '16',
        '--classes',
        '3',
        '--warmup',
        '1',
        '--steps',
        '2',
        '--infer-steps',
        '5',
      ],
    });
    expect(torchPeerPlan('seed', { ...o, trainSteps: 0, inferSteps: 0 }).args.slice(-4)).toEqual([
      '--steps',
      '1',
      '--infer-steps',
      '1',
    ]);
  });
});

describe('readTorchPeer', () => {
  it('reads both spellings of the rates', () => {
    expect(
      readTorchPeer({
        peer: 'pytorch',
        torchVersion: '1.13.0a0',
        threads: 2,
        trainSamplesPerSec: 74.5,
        inferSamplesPerSec: 213.7,
      }),
    ).toEqual({ name: 'PyTorch 1.13.0a0', trainSamplesPerSec: 74.5, inferSamplesPerSec: 213.7, threads: 2 });
    expect(readTorchPeer({ trainSamplesPerSecond: 1.5, inferSamplesPerSecond: 6.25 })).toEqual({
      name: 'PyTorch',
      trainSamplesPerSec: 1.5,
      inferSamplesPerSec: 6.25,
      threads: null,
    });
  });

  it('is null without both rates', () => {
    expect(readTorchPeer({ trainSamplesPerSec: 1 })).toBeNull();
    expect(readTorchPeer({ trainSamplesPerSec: '1', inferSamplesPerSec: 2 })).toBeNull();
  });
});

describe('peerArchOfModel', () => {
  it('matches saved default and seed CNNs of their own input size', () => {
    expect(peerArchOfModel('default_cnn', [64, 64, 1])).toEqual({ arch: 'default' });
    expect(peerArchOfModel('seed_cnn', [256, 256, 3])).toEqual({ arch: 'seed' });
    expect(peerArchOfModel('default_cnn_transfer', [64, 64, 1])).toEqual({ arch: 'default' });
    // What `shapes train` records: the --arch word.
    expect(peerArchOfModel('default', [64, 64, 1])).toEqual({ arch: 'default' });
    expect(peerArchOfModel('seed', [256, 256, 3])).toEqual({ arch: 'seed' });
  });

  it('says why there is no peer otherwise', () => {
    expect(peerArchOfModel('default_cnn', [96, 96, 1])).toEqual({
      unavailable: expect.stringMatching(/^no PyTorch copy of a "default_cnn" model with 96x96x1 inputs/),
    });
    expect(peerArchOfModel('my_net', [64, 64, 1])).toHaveProperty('unavailable');
  });
});
