import * as path from 'node:path';
import { CommanderError, InvalidArgumentError } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { type AppOptions, DEFAULT_OUT, integer, numberList, parseOptions } from './cli.js';
import { FULL, QUICK } from './sizes.js';

const quiet = { out: () => {}, err: () => {} };
const parse = (...argv: string[]): AppOptions => parseOptions(argv, quiet);

afterEach(() => {
  delete process.env.SHAPES_BACKEND;
});

describe('parseOptions', () => {
  it("defaults to the full experiment, seed 1, into the web app's public/experiment", () => {
    expect(parse()).toEqual({ sizes: FULL, seed: 1, out: DEFAULT_OUT, force: false, json: false });
    expect(DEFAULT_OUT.endsWith(path.join('apps', 'web', 'public', 'experiment'))).toBe(true);
  });

  it('--quick picks the small sizes; options on top make it custom', () => {
    expect(parse('--quick').sizes).toEqual(QUICK);
    const sizes = (parse('--quick', '--epochs', '1', '--curve-shots', '5,1,5') as { sizes: typeof QUICK })
      .sizes;
    expect(sizes).toEqual({ ...QUICK, name: 'custom', baseEpochs: 1, curveShots: [1, 5] });
    // Setting an option to the preset's own value changes nothing.
    expect(parse('--quick', '--epochs', String(QUICK.baseEpochs)).sizes.name).toBe('quick');
  });

  it('reads every option', () => {
    expect(
      parse('--out', 'rel/dir', '-f', '--backend', 'cpu', '--seed', '7', '--json', '--base-per-class', '40'),
    ).toMatchObject({
      out: path.resolve('rel/dir'),
      force: true,
      backend: 'cpu',
      seed: 7,
      json: true,
      sizes: { basePerClass: 40, name: 'custom' },
    });
  });

  it('turns every bad input into an InvalidArgumentError that names the option', () => {
    const cases: [string[], string][] = [
      [['--nope'], "unknown option '--nope' (see --help)"],
      [['extra'], 'too many arguments'],
      [['--seed', 'x'], '--seed: "x" is not a whole number from 1'],
      [['--epochs', '0'], '--epochs: "0" is not a whole number from 1'],
      [['--base-per-class', '2.5'], '--base-per-class: "2.5" is not a whole number'],
      [['--curve-shots', '1,,5'], '--curve-shots: "1,,5" is not a list of whole numbers such as 1,5,20.'],
      [['--curve-seeds', '1,-2'], '--curve-seeds: "-2" is not a whole number'],
      [['--out', ''], '--out: give a folder.'],
      [['--backend'], "option '--backend <name>' argument missing"],
      [
        ['--backend', 'cuda'],
        "argument 'cuda' is invalid. Allowed choices are tfjs-node-gpu, tfjs-node, webgpu,",
      ],
    ];
    for (const [argv, message] of cases) {
      expect(() => parse(...argv), argv.join(' ')).toThrow(InvalidArgumentError);
      expect(() => parse(...argv), argv.join(' ')).toThrow(message);
    }
  });

  it('leaves SHAPES_BACKEND to @shapes/runtime, once checked', () => {
    process.env.SHAPES_BACKEND = 'cpu';
    expect(parse().backend).toBeUndefined();
    expect(parse('--backend', 'wasm').backend).toBe('wasm');
    process.env.SHAPES_BACKEND = 'webgl';
    expect(() => parse()).toThrow("value 'webgl' from env 'SHAPES_BACKEND' is invalid");
  });

  it('prints help that teaches the steps, the backend order and examples, and says so', () => {
    let text = '';
    const write = {
      out: (s: string) => {
        text += s;
      },
      err: () => {},
    };
    expect(() => parseOptions(['--help'], write)).toThrow(CommanderError);
    expect(text).toContain('tfjs-node-gpu, tfjs-node, webgpu, wasm, cpu');
    expect(text).toContain('3. transfer');
    expect(text).toContain('$ node dist/main.js --quick --out /tmp/experiment');
    expect(text).toContain('Exit codes:');
  });
});

describe('integer and numberList', () => {
  it('accept whole numbers in range only', () => {
    expect(integer('--n', '12', 1)).toBe(12);
    expect(() => integer('--n', '1e3', 1)).toThrow('--n: "1e3" is not a whole number from 1 to 1000000000.');
    expect(() => integer('--n', '99999999999', 1)).toThrow(InvalidArgumentError);
    expect(numberList('--l', '20, 1 ,5')).toEqual([1, 5, 20]);
  });
});
