import { Errors } from '@oclif/core';
import { describe, expect, it } from 'vitest';

import { classifyError, formatErrorJson, formatErrorText } from '../../src/cli/error-output.js';
import { ExitCode, LockHeldError, ManifestError, OdinError } from '../../src/lib/errors/index.js';

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
});
