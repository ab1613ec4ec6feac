import { describe, expect, it } from 'vitest';
import { lastErrorLine, lastJsonLine, numberField, stringField } from './peer-output.js';

describe('lastJsonLine', () => {
  it('reads the last line as JSON, ignoring chatter before it and blank lines after it', () => {
    const out = 'loading torch...\nwarning: something\n{"peer": "pytorch", "trainSamplesPerSec": 812.5}\n\n';
    expect(lastJsonLine(out)).toEqual({ peer: 'pytorch', trainSamplesPerSec: 812.5 });
  });

  it('is null without output, with a last line that is not JSON, or with JSON that is not an object', () => {
    expect(lastJsonLine('')).toBeNull();
    expect(lastJsonLine('\n \n')).toBeNull();
    expect(lastJsonLine('{"a": 1}\nTraceback (most recent call last):')).toBeNull();
    expect(lastJsonLine('[1, 2]')).toBeNull();
    expect(lastJsonLine('42')).toBeNull();
    expect(lastJsonLine('null')).toBeNull();
  });
});

describe('numberField', () => {
  it('takes the first key that holds a finite number', () => {
    const r = { trainSamplesPerSecond: 3.2, x: 'no', y: Number.NaN };
    expect(numberField(r, 'trainSamplesPerSec', 'trainSamplesPerSecond')).toBe(3.2);
    expect(numberField(r, 'x')).toBeNull();
    expect(numberField(r, 'y')).toBeNull();
    expect(numberField(r, 'missing')).toBeNull();
  });
});

describe('stringField', () => {
  it('takes strings only', () => {
    expect(stringField({ v: '2.1.0', n: 2 }, 'v')).toBe('2.1.0');
    expect(stringField({ v: '2.1.0', n: 2 }, 'n')).toBeNull();
  });
});

describe('lastErrorLine', () => {
  it('keeps the last line of a traceback, shortened', () => {
    const stderr =
      'Traceback (most recent call last):\n  File "x.py"\nModuleNotFoundError: No module named \'cv2\'\n';
    expect(lastErrorLine(stderr)).toBe("ModuleNotFoundError: No module named 'cv2'");
    expect(lastErrorLine('x'.repeat(500), 20)).toBe(`${'x'.repeat(17)}...`);
    expect(lastErrorLine('')).toBe('');
  });
});
