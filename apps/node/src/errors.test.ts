import { BackendUnavailableError } from '@shapes/runtime';
import { FolderLockedError } from '@shapes/train/node';
import { CommanderError, InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { exitCodeOf } from './errors.js';

function exit(error: unknown) {
  let text = '';
  const code = exitCodeOf(error, (s) => {
    text += s;
  });
  return { code, text };
}

describe('exitCodeOf', () => {
  it('0 after --help, silently', () => {
    expect(exit(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toEqual({
      code: 0,
      text: '',
    });
  });

  it('2 for bad input, the message alone', () => {
    expect(exit(new InvalidArgumentError('--seed: "x" is not a whole number from 1 to 1000000000.'))).toEqual(
      {
        code: 2,
        text: 'error: --seed: "x" is not a whole number from 1 to 1000000000.\n',
      },
    );
  });

  it("1 for the packages' errors (a backend that cannot run, a folder another run holds), the message alone", () => {
    expect(exit(new BackendUnavailableError('The tfjs-node backend was asked for ...'))).toEqual({
      code: 1,
      text: 'error: The tfjs-node backend was asked for ...\n',
    });
    expect(exit(new FolderLockedError('/out', '/out/.shapes.lock', undefined)).code).toBe(1);
  });

  it('1 for anything else, with a hint to SHAPES_DEBUG', () => {
    expect(exit(new TypeError('x is undefined'))).toEqual({
      code: 1,
      text: 'error: x is undefined\n(SHAPES_DEBUG=1 shows where it failed)\n',
    });
  });
});
