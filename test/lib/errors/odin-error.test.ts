import { describe, expect, it } from 'vitest';
import { ExitCode, exitCodeDescriptions } from '../../../src/lib/errors/exit-codes.js';
import {
  DeployFailedError,
  InterruptedError,
  ManifestError,
  UnfinishedDeployError,
} from '../../../src/lib/errors/errors.js';
import { toOdinError } from '../../../src/lib/errors/odin-error.js';

describe('odin errors', () => {
  it('gives every error kind its documented exit code', () => {
    expect(new DeployFailedError('x').exitCode).toBe(ExitCode.RolledBack);
    expect(new UnfinishedDeployError('x').exitCode).toBe(ExitCode.UnfinishedDeploy);
    expect(
      new ManifestError([{ file: 'odin.yml', line: 1, column: 1, path: 'x', message: 'bad' }]).exitCode,
    ).toBe(ExitCode.InvalidInput);
  });

  it('counts the manifest issues in the message, leaving their details to the issues', () => {
    const error = new ManifestError([
      { file: 'odin.yml', line: 4, column: 3, path: 'capacity.min', message: 'must be ≥ 0' },
    ]);
    expect(error.message).toBe('odin.yml has 1 problem');
    expect(error.issues[0]?.message).toBe('must be ≥ 0');
  });

  it('wraps unknown throwables as an internal failure with a hint', () => {
    const wrapped = toOdinError(new TypeError('boom'));
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.exitCode).toBe(ExitCode.Failure);
    expect(wrapped.hint).toMatch(/report/);
  });

  it('describes every exit code exactly once', () => {
    const codes = exitCodeDescriptions.map(([code]) => code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort((a, b) => a - b)).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
  });

  it('tells an interrupted user how to see what is live and how to finish or undo a half-done deploy', () => {
    const hint = new InterruptedError('Interrupted by SIGINT').hint ?? '';

    expect(hint).toContain('odin status');
    expect(hint).toContain('odin recover');
    expect(hint).toContain('odin deploy --resume');
    expect(new InterruptedError('x', { hint: 'own' }).hint).toBe('own');
  });
});
