import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import type { EventStreamLine, RunEndEvent } from '../../src/lib/events/event.js';
import { runOdin } from '../helpers/run-odin.js';
import { tempWorkspace, type TempWorkspace } from '../helpers/temp-workspace.js';

// A seeded local cloud with nothing deployed: rolling back is refused inside a step.
let ws: TempWorkspace;
beforeAll(async () => {
  ws = await tempWorkspace();
}, 60_000);

function lines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line !== '');
}

describe('how a failure ends the output', () => {
  it('with --log-format json, a manifest that is missing is one JSON error line, byte for byte', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'odin-stream-'));
    const run = await runOdin(['validate', '-f', 'missing.yml', '--log-format', 'json'], { cwd });

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      '{"type":"error","code":"MANIFEST_NOT_FOUND","message":"no manifest at missing.yml",' +
        '"hint":"Run `odin init` to write a starter odin.yml, or pass -f <path> to use another file.",' +
        '"exitCode":2,"issues":[{"file":"missing.yml","line":0,"column":0,"path":"",' +
        '"message":"no manifest at missing.yml"}]}\n',
    );
  });

  it('with --log-format json, a bad flag value is one JSON error line too', async () => {
    const run = await runOdin(['history', '-n', 'abc', '--log-format', 'json']);

    expect(run.exitCode).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(JSON.parse(run.stderr)).toMatchObject({ type: 'error', code: 'INVALID_FLAG', exitCode: 2 });
  });

  it('with --log-format json, a failed run is JSON on every line, closed by the error after run.end', async () => {
    const run = await ws.run(['rollback', '--simulate', '--log-format', 'json']);

    expect(run.exitCode).toBe(2);
    const parsed = lines(run.stderr).map((line) => JSON.parse(line) as EventStreamLine);
    expect(parsed.map((line) => line.type)).toEqual([
      'run.start',
      'step.start',
      'step.fail',
      'run.end',
      'error',
    ]);
    const end = parsed[3] as RunEndEvent;
    expect(end.summary).toBe('odin rollback failed');
    const { code, message, hint } = end.error ?? {};
    expect(lines(run.stderr).at(-1)).toBe(
      JSON.stringify({ type: 'error', code, message, hint, exitCode: 2 }),
    );
  });

  it('on plain lines, a refusal shows its message once, its hint once and its exit code once', async () => {
    const run = await ws.run(['rollback', '--simulate', '--log-format', 'plain']);

    expect(run.exitCode).toBe(2);
    const json = await ws.run(['rollback', '--simulate', '--json']);
    const { message, hint } = (JSON.parse(json.stdout) as { error: { message: string; hint: string } }).error;
    const count = (text: string) => run.stderr.split(text).length - 1;
    expect(count(message)).toBe(1);
    expect(count(hint)).toBe(1);
    expect(count('exit 2')).toBe(1);
    expect(run.stderr).toMatch(/ x odin rollback failed in [^\n]+ \(exit 2\)\nHint: /);
    expect(run.stderr).not.toContain('Error:');
  });

  it('on plain lines, an error before any run starts is printed in full, message then hint', async () => {
    const run = await ws.run(['validate', '-f', 'nowhere.yml', '--log-format', 'plain']);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^Error: no manifest at nowhere\.yml\nHint: /);
  });
});
