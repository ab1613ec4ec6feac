import { describe, expect, it } from 'vitest';
import { peerScript, runPythonPeer, type Spawn } from './python-peer.js';

const MISSING = 'python3 with cv2 not found: apt-get install python3-opencv';

function fake(replies: Record<string, ReturnType<Spawn>>): Spawn & { calls: string[] } {
  const calls: string[] = [];
  const spawn = ((command: string, args: string[]) => {
    calls.push([command, ...args].join(' '));
    return replies[command] ?? { status: null, stdout: '', stderr: '', error: new Error('ENOENT') };
  }) as Spawn & { calls: string[] };
  spawn.calls = calls;
  return spawn;
}

describe('runPythonPeer', () => {
  it("uses Debian's python first and reads its JSON line", () => {
    const spawn = fake({
      '/usr/bin/python3': {
        status: 0,
        stdout: 'hello\n{"imagesPerSec": 3000}\n',
        stderr: '',
        error: undefined,
      },
    });
    expect(runPythonPeer('/x/peer.py', ['--n', '3'], MISSING, spawn)).toEqual({
      ok: true,
      json: { imagesPerSec: 3000 },
      python: '/usr/bin/python3',
    });
    expect(spawn.calls).toEqual(['/usr/bin/python3 /x/peer.py --n 3']);
  });

  it("falls back to PATH's python3 when Debian's is missing or lacks the module", () => {
    const spawn = fake({
      '/usr/bin/python3': {
        status: 1,
        stdout: '',
        stderr: "Traceback:\nModuleNotFoundError: No module named 'cv2'\n",
        error: undefined,
      },
      python3: { status: 0, stdout: '{"imagesPerSec": 10}', stderr: '', error: undefined },
    });
    expect(runPythonPeer('/x/peer.py', [], MISSING, spawn)).toMatchObject({ ok: true, python: 'python3' });
  });

  it('gives the install hint when no python runs it', () => {
    expect(runPythonPeer('/x/peer.py', [], MISSING, fake({}))).toEqual({ ok: false, reason: MISSING });
    const noModule = {
      status: 1,
      stdout: '',
      stderr: "ImportError: No module named 'torch'",
      error: undefined,
    };
    expect(
      runPythonPeer('/x/peer.py', [], MISSING, fake({ '/usr/bin/python3': noModule, python3: noModule })),
    ).toEqual({
      ok: false,
      reason: MISSING,
    });
  });

  it('names the script and its error when it fails for another reason', () => {
    const spawn = fake({
      '/usr/bin/python3': {
        status: 2,
        stdout: '',
        stderr: 'error: unrecognized arguments: --foo\n',
        error: undefined,
      },
    });
    expect(runPythonPeer('/x/peer.py', ['--foo'], MISSING, spawn)).toEqual({
      ok: false,
      reason: 'peer.py failed with /usr/bin/python3: error: unrecognized arguments: --foo',
    });
    const silent = fake({
      '/usr/bin/python3': { status: 0, stdout: 'done\n', stderr: '', error: undefined },
    });
    expect(runPythonPeer('/x/peer.py', [], MISSING, silent)).toEqual({
      ok: false,
      reason: 'peer.py printed no JSON line with /usr/bin/python3',
    });
  });
});

describe('peerScript', () => {
  it('finds the peer scripts the CLI ships', () => {
    expect(peerScript('torch_peer.py')).toMatch(/cli[\\/]peers[\\/]torch_peer\.py$/);
    expect(peerScript('opencv_peer.py')).toMatch(/cli[\\/]peers[\\/]opencv_peer\.py$/);
  });

  it('is null for a missing file', () => {
    expect(peerScript('no_such_peer.py')).toBeNull();
  });
});
