import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { exitCodeDescriptions } from '../../src/lib/errors/exit-codes.js';
import { runOdin } from '../helpers/run-odin.js';
import { tempWorkspace } from '../helpers/temp-workspace.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/target-group.odin.yml', import.meta.url));

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'odin-exit-'));
}

describe('exit codes through the real entry point', () => {
  it('exits 0 with the version on --version', async () => {
    const run = await runOdin(['--version']);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^odin-deploy\/\d+\.\d+\.\d+ \S+ node-v\d+/);
  });

  it('lists every exit code in the root help', async () => {
    const run = await runOdin(['--help']);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('EXIT CODES');
    for (const [code] of exitCodeDescriptions) expect(run.stdout).toMatch(new RegExp(`^  ${code} `, 'm'));
  });

  it("shows the exit codes in a command's help too", async () => {
    const run = await runOdin(['validate', '--help']);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('EXIT CODES');
    expect(run.stdout).toContain('GLOBAL FLAGS');
  });

  it('exits 2 with a hint for an unknown command', async () => {
    const run = await runOdin(['deploi']);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Error: "deploi" is not an odin command');
    expect(run.stderr).toContain('Hint: Run `odin --help`');
    expect(run.stdout).toBe('');
  });

  it('exits 2 with a hint naming the command for an unknown flag', async () => {
    const run = await runOdin(['validate', '--no-such-flag']);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Error: Nonexistent flag: --no-such-flag');
    expect(run.stderr).toContain('Hint: Run `odin validate --help`');
  });

  it('exits 2 for an invalid --log-format value', async () => {
    const run = await runOdin(['validate', '--log-format', 'xml', '-f', EXAMPLE]);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--log-format=xml');
  });

  it('exits 2 when the manifest does not exist, and says what to do', async () => {
    const run = await runOdin(['validate', '-f', 'missing.yml'], { cwd: tempDir() });

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^Error: .*missing\.yml/m);
    expect(run.stderr).toMatch(/^Hint: /m);
  });

  it('prints --json errors on stdout as JSON, with the same exit code', async () => {
    const run = await runOdin(['validate', '-f', 'missing.yml', '--json'], { cwd: tempDir() });

    expect(run.exitCode).toBe(2);
    const body = JSON.parse(run.stdout) as { error: { code: string; exitCode: number; hint?: string } };
    expect(body.error.exitCode).toBe(2);
    expect(body.error.code).toMatch(/^MANIFEST_/);
    expect(body.error.hint).toBeTruthy();
  });

  it('lists every manifest issue as file:line:col  path  message', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'odin.yml'), 'service: checkout\nregion: 3\n');
    const run = await runOdin(['validate'], { cwd: dir });

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^odin\.yml:2:9 {2}region {2}\S/m);
    expect(run.stderr).toMatch(/^Hint: /m);
  });

  it('keeps stdout to the JSON result alone when a command succeeds with --json', async () => {
    const run = await runOdin(['validate', '-f', EXAMPLE, '--json']);

    expect(run.exitCode).toBe(0);
    expect(() => JSON.parse(run.stdout)).not.toThrow();
  });

  it('exits 2 for an unknown command with --json, as a JSON error', async () => {
    const run = await runOdin(['nope', '--json']);

    expect(run.exitCode).toBe(2);
    expect((JSON.parse(run.stdout) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it.each([
    [
      ['scale', '--desired', '-1'],
      '--desired: expected an integer greater than or equal to 0',
      '--desired takes a whole number of 0 or more',
    ],
    [
      ['scale', '--desired', 'abc'],
      '--desired: expected an integer but received: abc',
      '--desired takes a whole number of 0 or more',
    ],
    [
      ['scale', '--max', '1.5'],
      '--max: expected an integer but received: 1.5',
      '--max takes a whole number of 0 or more',
    ],
    [
      ['history', '-n', 'abc'],
      '--limit: expected an integer but received: abc',
      '--limit (-n) takes a whole number',
    ],
  ])('exits 2 for a bad flag value: odin %j', async (args, message, hint) => {
    const run = await runOdin([...args, '-f', EXAMPLE]);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`Error: ${message}`);
    expect(run.stderr).toContain(`Hint: ${hint}`);
    expect(run.stderr).not.toContain('See more help');
    expect(run.stderr).not.toContain('unexpected');
  });

  it('reports a bad flag value as a JSON error with --json', async () => {
    const run = await runOdin(['scale', '--desired', 'abc', '--json', '-f', EXAMPLE]);

    expect(run.exitCode).toBe(2);
    expect((JSON.parse(run.stdout) as { error: { code: string } }).error.code).toBe('INVALID_FLAG');
  });

  it('exits 2 when -f names a directory, saying -f must name a file', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'deploy'));
    const run = await runOdin(['validate', '-f', 'deploy'], { cwd: dir });

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Error: cannot read the manifest deploy: it is a directory');
    expect(run.stderr).toMatch(/^Hint: -f must name a readable manifest file/m);
  });

  it('needs --yes to scale a production environment without a terminal, changing nothing', async () => {
    const { run } = await tempWorkspace({ seed: false });
    const scaled = await run(['scale', '--env', 'production', '--desired', '5', '--simulate']);

    expect(scaled.exitCode).toBe(2);
    expect(scaled.stderr).toContain(
      'demo-web (production) is a production environment and there is no terminal',
    );
    expect(scaled.stderr).toContain('Hint: Pass --yes to scale without confirmation.');
    // Refused before the local cloud was opened: the run never started.
    expect(scaled.stderr).not.toContain('odin scale demo-web');
  });
});
