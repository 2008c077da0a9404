import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { runOdin } from '../helpers/run-odin.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
// Fast enough that a deploy takes a few real seconds, slow enough that loading the SDK does
// not eat minutes of simulated time.
const ENV = { ODIN_SIMULATOR_SPEED: '100', CI: '1' };
const DEPLOY = ['deploy', '--simulate', '--image', 'name:demo-app-v2', '--json'];
let cwd = '';

beforeEach(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'odin-deploy-'));
  cpSync(join(ROOT, 'examples/target-group.odin.yml'), join(cwd, 'odin.yml'));
  cpSync(join(ROOT, 'examples/user-data.sh'), join(cwd, 'user-data.sh'));
  const seeded = await runOdin(['simulator', 'seed'], { cwd, env: ENV });
  expect(seeded.exitCode).toBe(0);
});

describe('odin deploy --simulate', () => {
  it('deploys a release and prints the result as JSON', async () => {
    const run = await runOdin(DEPLOY, { cwd, env: ENV, timeoutMs: 60_000 });

    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { outcome: string; releaseId: string; newGroup: string };
    expect(result.outcome).toBe('live');
    expect(result.newGroup).toBe(`demo-web-default-${result.releaseId}`);
    expect(run.stderr).toContain('Release');
  }, 90_000);

  it('is finished by --resume after the process was killed mid-deploy', async () => {
    const killed = await killWhen(DEPLOY, /Waiting for healthy targets/);
    expect(killed).toBe('SIGKILL');
    const blocked = await runOdin(DEPLOY, { cwd, env: ENV, timeoutMs: 60_000 });
    expect([3, 8]).toContain(blocked.exitCode);

    const resumed = await runOdin(['deploy', '--simulate', '--resume', '--lock-wait', '10m', '--json'], {
      cwd,
      env: ENV,
      timeoutMs: 60_000,
    });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ outcome: 'live', resumed: true });
  }, 120_000);

  it('lets one of two concurrent deploys proceed and stops the other with exit 3', async () => {
    const runs = await Promise.all([
      runOdin(DEPLOY, { cwd, env: ENV, timeoutMs: 60_000 }),
      runOdin(DEPLOY, { cwd, env: ENV, timeoutMs: 60_000 }),
    ]);
    const codes = runs.map((r) => r.exitCode).sort();

    expect(codes).toEqual([0, 3]);
    const loser = runs.find((r) => r.exitCode === 3);
    expect(JSON.parse(loser?.stdout ?? '{}')).toMatchObject({ error: { code: 'LOCK_HELD' } });
  }, 120_000);
});

/** Starts odin and SIGKILLs it as soon as stderr matches `pattern`; resolves with the signal it died of. */
function killWhen(args: string[], pattern: RegExp): Promise<NodeJS.Signals | null> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/run.js'), ...args, '--log-format', 'plain'], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (pattern.test(stderr)) child.kill('SIGKILL');
    });
    child.on('error', fail);
    child.on('close', (_code, signal) => done(signal));
  });
}
