import { join } from 'node:path';
import { Errors } from '@oclif/core';
import { describe, expect, it } from 'vitest';

import {
  classifyError,
  formatErrorEvent,
  formatErrorJson,
  formatErrorText,
} from '../../src/cli/error-output.js';
import {
  ExitCode,
  LockHeldError,
  ManifestError,
  OdinError,
  RefusedError,
} from '../../src/lib/errors/index.js';

describe('error output', () => {
  it('prints the message, then the hint', () => {
    const error = new LockHeldError('checkout is locked by ana@ci (deploy r7, 3m ago)', {
      hint: 'Wait for it, or run `odin lock release` if that deploy is dead.',
    });

    expect(formatErrorText(error)).toBe(
      'Error: checkout is locked by ana@ci (deploy r7, 3m ago)\n' +
        'Hint: Wait for it, or run `odin lock release` if that deploy is dead.\n',
    );
  });

  it('lists each manifest issue as file:line:col  path  message, with its own hint', () => {
    const error = new ManifestError([
      {
        file: 'odin.yml',
        line: 4,
        column: 3,
        path: 'capacity.min',
        message: 'must be at least 1',
        hint: 'use 1 or more',
      },
      { file: 'odin.yml', line: 9, column: 1, path: '', message: 'unknown key `trafic`' },
    ]);

    expect(formatErrorText(error)).toBe(
      'Error: odin.yml has 2 problems\n' +
        'odin.yml:4:3  capacity.min  must be at least 1\n' +
        '  hint: use 1 or more\n' +
        'odin.yml:9:1  (document)  unknown key `trafic`\n' +
        'Hint: Fix the listed keys, then run `odin validate`.\n',
    );
  });

  it('names a manifest under the working directory relative to it, in the error line as in the issues', () => {
    const file = join(process.cwd(), 'deploy', 'odin.yml');
    const error = new ManifestError([{ file, line: 2, column: 1, path: 'region', message: 'required' }]);

    const [first, second] = formatErrorText(error).split('\n');

    expect(first).toBe(`Error: ${join('deploy', 'odin.yml')} has 1 problem`);
    expect(second).toBe(`${join('deploy', 'odin.yml')}:2:1  region  required`);
  });

  it('colours only the labels, and only when asked', () => {
    const text = formatErrorText(new OdinError('REFUSED', ExitCode.InvalidInput, 'no', { hint: 'yes' }), {
      color: true,
    });

    expect(text).toBe('\u001b[31;1mError:\u001b[0m no\n\u001b[33;1mHint:\u001b[0m yes\n');
  });

  it('writes --json failures as {"error": {code, message, hint, exitCode}}', () => {
    const error = new LockHeldError('locked', { hint: 'wait' });

    expect(JSON.parse(formatErrorJson(error))).toEqual({
      error: { code: 'LOCK_HELD', message: 'locked', hint: 'wait', exitCode: ExitCode.LockHeld },
    });
  });

  it("turns oclif's parse errors into invalid input (exit 2) with a hint naming the command's help", () => {
    const parseError = Object.assign(
      new Errors.CLIError('Nonexistent flag: --yse\nSee more help with --help'),
      {
        parse: {},
      },
    );

    const odin = classifyError(parseError, 'lock:release');

    expect(odin.exitCode).toBe(ExitCode.InvalidInput);
    expect(odin.message).toBe('Nonexistent flag: --yse');
    expect(odin.hint).toBe('Run `odin lock release --help` to see the accepted flags and arguments.');
  });

  it('reports anything else unexpected as exit 1, keeping OdinErrors as they are', () => {
    const lock = new LockHeldError('locked');

    expect(classifyError(lock)).toBe(lock);
    expect(classifyError(new TypeError('x is undefined')).exitCode).toBe(ExitCode.Failure);
  });

  it("turns oclif's flag-value errors into invalid input, naming the flag and the values it takes", () => {
    // The shape oclif gives the error a flag's own parser throws: a plain CLIError, no `parse`.
    const thrown = new Errors.CLIError(
      'Parsing --limit \n\tExpected an integer but received: abc\nSee more help with --help',
    );

    const odin = classifyError(thrown, 'history', { limit: { char: 'n', min: 1 } });

    expect(odin.code).toBe('INVALID_FLAG');
    expect(odin.exitCode).toBe(ExitCode.InvalidInput);
    expect(odin.message).toBe('--limit: expected an integer but received: abc');
    expect(odin.hint).toBe('--limit (-n) takes a whole number of 1 or more; see `odin history --help`.');
  });

  it('describes bounded and optional flag values from the flag definition', () => {
    const bad = (problem: string) => new Error(`Parsing --x \n\t${problem}\nSee more help with --help`);

    expect(classifyError(bad('Expected an integer'), 'scale', { x: { min: 0, max: 9 } }).hint).toContain(
      '--x takes a whole number from 0 to 9',
    );
    expect(classifyError(bad('nope'), 'scale', { x: { options: ['a', 'b'] } }).hint).toContain(
      '--x takes one of: a, b',
    );
    expect(classifyError(bad('Expected an integer'), 'scale').hint).toContain('--x takes a whole number;');
  });

  it('leaves out the message when the progress display showed it, keeping the hint', () => {
    const error = new RefusedError('Nothing of checkout (default) is live to scale', {
      hint: 'Deploy first.',
    });

    expect(formatErrorText(error, { shown: true })).toBe('Hint: Deploy first.\n');
    expect(formatErrorText(new RefusedError('no'), { shown: true })).toBe('');
  });

  it('adds what the CLI knows, such as the AWS calls, to a --json error without losing its own details', () => {
    const error = new OdinError('DEPLOY_ROLLED_BACK', ExitCode.RolledBack, 'undone', {
      details: { releaseId: 'r8' },
    });

    const body = JSON.parse(formatErrorJson(error, { awsCalls: { calls: 9, throttled: 1, retried: 1 } })) as {
      error: { details: unknown };
    };

    expect(body.error.details).toEqual({ releaseId: 'r8', awsCalls: { calls: 9, throttled: 1, retried: 1 } });
  });

  it('closes the JSON event stream with one error line carrying the manifest issues, byte for byte', () => {
    const error = new ManifestError([
      { file: 'odin.yml', line: 3, column: 1, path: 'capacty', message: 'unknown key', hint: 'capacity?' },
    ]);

    expect(formatErrorEvent(error)).toBe(
      '{"type":"error","code":"MANIFEST_INVALID","message":"odin.yml has 1 problem",' +
        '"hint":"Fix the listed keys, then run `odin validate`.","exitCode":2,' +
        '"issues":[{"file":"odin.yml","line":3,"column":1,"path":"capacty","message":"unknown key","hint":"capacity?"}]}\n',
    );
  });
});
