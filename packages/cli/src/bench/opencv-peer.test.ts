import { describe, expect, it } from 'vitest';
import { OPENCV_MISSING, runOpencvPeer } from './opencv-peer.js';
import type { Spawn } from './python-peer.js';

function replies(...stdouts: (string | null)[]): Spawn & { calls: string[][] } {
  const calls: string[][] = [];
  let i = 0;
  const spawn = ((command: string, args: string[]) => {
    calls.push([command, ...args]);
    if (command !== '/usr/bin/python3')
      return { status: null, stdout: '', stderr: '', error: new Error('ENOENT') };
    const out = stdouts[i++];
    return out === null || out === undefined
      ? { status: 1, stdout: '', stderr: "ModuleNotFoundError: No module named 'cv2'", error: undefined }
      : { status: 0, stdout: out, stderr: '', error: undefined };
  }) as Spawn & { calls: string[][] };
  spawn.calls = calls;
  return spawn;
}

const line = (rate: number) => JSON.stringify({ peer: 'opencv', opencvVersion: '4.6.0', imagesPerSec: rate });

describe('runOpencvPeer', () => {
  it("keeps the best of three runs of the original demo's loop", () => {
    const spawn = replies(line(3500.4), line(3740.5), line(3600));
    expect(runOpencvPeer(1000, spawn)).toEqual({
      name: "OpenCV 4.6.0 (original demo's generator)",
      imagesPerSec: 3741,
      mode: 'original',
      runs: 3,
      python: '/usr/bin/python3',
    });
    expect(spawn.calls).toHaveLength(3);
    expect(spawn.calls[0]?.slice(2)).toEqual(['--per-class', '1000', '--mode', 'original']);
    expect(spawn.calls[0]?.[1]).toMatch(/peers[\\/]opencv_peer\.py$/);
  });

  it('says how to install cv2 when it is missing', () => {
    expect(runOpencvPeer(10, replies(null))).toEqual({ unavailable: OPENCV_MISSING });
  });

  it('keeps the runs made before one fails', () => {
    expect(runOpencvPeer(10, replies(line(100), null))).toMatchObject({ imagesPerSec: 100, runs: 1 });
  });
});
