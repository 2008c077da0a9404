import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runOdin } from '../helpers/run-odin.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const ENV = { ODIN_SIMULATOR_SPEED: '100', CI: '1' };
const DEPLOY = ['deploy', '--simulate', '--image', 'name:demo-app-v2', '--json'];

/** A working directory holding `examples/<name>.odin.yml` as odin.yml, with a freshly seeded local cloud. */
async function seededDir(name: 'weighted' | 'dns'): Promise<string> {
  const cwd = mkdtempSync(join(tmpdir(), `odin-${name}-`));
  cpSync(join(ROOT, `examples/${name}.odin.yml`), join(cwd, 'odin.yml'));
  cpSync(join(ROOT, 'examples/user-data.sh'), join(cwd, 'user-data.sh'));
  const seeded = await runOdin(['simulator', 'seed'], { cwd, env: ENV });
  expect(seeded.exitCode, seeded.stderr).toBe(0);
  return cwd;
}

/** Starts odin; calls `onMatch` once stderr matches `pattern`; resolves with the exit code and output. */
function runUntil(
  cwd: string,
  args: string[],
  pattern: RegExp,
  onMatch: () => Promise<void>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/run.js'), ...args, '--log-format', 'plain'], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let matched = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (matched || !pattern.test(stderr)) return;
      matched = true;
      onMatch().catch(fail);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe('odin promote', () => {
  it('lets a weighted deploy paused at 10% continue to 100%', async () => {
    const cwd = await seededDir('weighted');
    const first = await runOdin(DEPLOY, { cwd, env: ENV, timeoutMs: 60_000 });
    expect(first.exitCode, first.stderr).toBe(0);

    let promoted = { exitCode: null as number | null, stdout: '', stderr: '' };
    const second = await runUntil(cwd, DEPLOY, /Paused at 10% on/, async () => {
      promoted = await runOdin(['promote', '--simulate', '--json'], { cwd, env: ENV });
    });

    expect(promoted.exitCode, promoted.stderr).toBe(0);
    const marker = JSON.parse(promoted.stdout) as { releaseId: string; by: string };
    expect(second.code, second.stderr).toBe(0);
    const result = JSON.parse(second.stdout) as { releaseId: string; traffic: string; newGroup: string };
    expect(marker.releaseId).toBe(result.releaseId);
    expect(result.traffic).toBe(`100% on ${result.newGroup} (demo-green)`);
    expect(second.stderr).toContain('Promoted by');
  }, 120_000);

  it('refuses with exit 2 when no deploy is running', async () => {
    const cwd = await seededDir('weighted');
    const run = await runOdin(['promote', '--simulate', '--json'], { cwd, env: ENV });

    expect(run.exitCode).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'REFUSED' } });
  }, 60_000);
});

describe('the traffic examples through the real binary', () => {
  it('deploys the weighted example twice, the second time past its pause with --auto', async () => {
    const cwd = await seededDir('weighted');
    const first = await runOdin(DEPLOY, { cwd, env: ENV, timeoutMs: 60_000 });
    const second = await runOdin([...DEPLOY, '--auto'], { cwd, env: ENV, timeoutMs: 90_000 });

    expect(first.exitCode, first.stderr).toBe(0);
    expect(second.exitCode, second.stderr).toBe(0);
    const result = JSON.parse(second.stdout) as { oldGroup: string; traffic: string; newGroup: string };
    expect(result.oldGroup).toBe((JSON.parse(first.stdout) as { newGroup: string }).newGroup);
    expect(result.traffic).toBe(`100% on ${result.newGroup} (demo-green)`);
  }, 180_000);

  it('deploys the dns example twice, moving the weighted records to the new slot', async () => {
    const cwd = await seededDir('dns');
    const first = await runOdin(DEPLOY, { cwd, env: ENV, timeoutMs: 60_000 });
    const second = await runOdin(DEPLOY, { cwd, env: ENV, timeoutMs: 90_000 });

    expect(first.exitCode, first.stderr).toBe(0);
    expect(second.exitCode, second.stderr).toBe(0);
    const result = JSON.parse(second.stdout) as { traffic: string; newGroup: string };
    expect(result.traffic).toBe(`100% on ${result.newGroup} (demo-dns-default-green)`);
    const shown = await runOdin(['simulator', 'show', '--json'], { cwd, env: ENV });
    const records = (
      JSON.parse(shown.stdout) as { records: Array<{ setIdentifier?: string; weight?: number }> }
    ).records
      .filter((r) => r.setIdentifier)
      .map((r) => [r.setIdentifier, r.weight]);
    expect(records).toEqual([
      ['demo-dns-default-blue', 0],
      ['demo-dns-default-green', 100],
    ]);
  }, 180_000);
});
