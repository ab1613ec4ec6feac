import { describe, expect, it } from 'vitest';
import { peerArchOfModel, readTorchPeer, torchPeerArgs } from './torch-peer.js';

const o = { batch: 32, seconds: 3, classes: 3, trainSteps: 2, inferSteps: 5 };

describe('torchPeerArgs', () => {
  const args = (line: string) => line.split(' ');

  it('times the 64x64 nets for our seconds, with 2 threads, our batch and classes', () => {
    expect(torchPeerArgs('bench-cnn', { ...o, classes: 5 })).toEqual(
      args('--arch bench-cnn --threads 2 --batch 32 --classes 5 --seconds 3'),
    );
    expect(torchPeerArgs('default', { ...o, seconds: 0.5 })).toEqual(
      args('--arch default --threads 2 --batch 32 --classes 3 --seconds 0.5'),
    );
  });

  it('gives the seed CNN our warm-up and step counts (its steps take seconds, so it counts them)', () => {
    expect(torchPeerArgs('seed', { ...o, batch: 16 })).toEqual(
      args('--arch seed --threads 2 --batch 16 --classes 3 --warmup 1 --steps 2 --infer-steps 5'),
    );
    expect(torchPeerArgs('seed', { ...o, trainSteps: 0, inferSteps: 0 }).slice(-4)).toEqual(
      args('--steps 1 --infer-steps 1'),
    );
  });
});

describe('readTorchPeer', () => {
  it('reads the rates, the version and the threads', () => {
    expect(
      readTorchPeer({
        peer: 'pytorch',
        net: 'default',
        torchVersion: '1.13.0a0',
        threads: 2,
        trainSamplesPerSec: 74.5,
        inferSamplesPerSec: 213.7,
      }),
    ).toEqual({ name: 'PyTorch 1.13.0a0', trainSamplesPerSec: 74.5, inferSamplesPerSec: 213.7, threads: 2 });
    expect(readTorchPeer({ trainSamplesPerSec: 1.5, inferSamplesPerSec: 6.25 })).toEqual({
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
    expect(peerArchOfModel('bench_cnn', [64, 64, 1])).toEqual({ arch: 'bench-cnn' });
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
