import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { runOdinUntil, type OdinRun } from '../helpers/run-odin.js';
import { expectOk, tempWorkspace, type TempWorkspace } from '../helpers/temp-workspace.js';
import { endState, expectUndoneTo, liveOf, statusOf } from './end-state.js';

const deployArgs = (image = 'name:demo-app-v2') => ['deploy', '--simulate', '--image', image, '--json'];
// A killed process leaves its lease to expire: 2 simulated minutes, 1.2 s at the workspace's speed 100.
const LEASE_EXPIRY_REAL_MS = 1_500;

// The tests of each describe share one workspace and run in order, each starting from whatever
// release the one before left live (read back, never assumed): the local cloud is seeded once.
describe('odin deploy --simulate', () => {
  let ws: TempWorkspace;
  const odin = (args: string[]): Promise<OdinRun> => ws.run([...args, '--simulate']);
  const state = () => endState(ws, 'demo-web');
  const live = () => liveOf(state());
  /** Runs a deploy of demo-app-v2 and calls `act` once it is waiting for the new fleet's targets. */
  const deployUntilWaiting = (act: (child: ChildProcess) => Promise<void> | void): Promise<OdinRun> =>
    runOdinUntil(deployArgs(), { pattern: /Waiting for healthy targets/, onMatch: act }, ws);

  /** The run exited `exitCode` with `code` in its JSON error, and what it started was undone. */
  const expectFailedAndUndone = (
    run: OdinRun,
    exitCode: number,
    code: string,
    before: { id: string; group: string },
  ): void => {
    expect(run.exitCode, run.stderr).toBe(exitCode);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code } });
    expectUndoneTo(state(), before);
  };

  beforeAll(async () => {
    ws = await tempWorkspace();
    await expectOk(odin(['deploy', '--image', 'name:demo-app-v1', '--release', 'v1']));
  }, 60_000);

  it('deploys a release, prints the result as JSON and keeps the previous fleet as the standby', async () => {
    const before = live();
    const run = await ws.run(deployArgs());

    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { outcome: string; releaseId: string; newGroup: string };
    expect(result.outcome).toBe('live');
    expect(result.newGroup).toBe(`demo-web-default-${result.releaseId}`);
    expect(run.stderr).toContain('Release');
    const after = state();
    expect(after.roles).toEqual({ live: [result.newGroup], standby: [before.group] });
    expect(after.leaseHeld).toBe(false);
    expect(after.journalStatus).toBe('done');
    expect(after.history.slice(0, 2).map((r) => [r.id, r.outcome])).toEqual([
      [result.releaseId, 'live'],
      [before.id, 'superseded'],
    ]);
  }, 60_000);

  it('undoes a release that fails its health checks and exits 4', async () => {
    const before = live();
    const run = await ws.run(deployArgs('name:demo-app-broken'));

    expectFailedAndUndone(run, 4, 'DEPLOY_ROLLED_BACK', before);
  }, 60_000);

  it('undoes itself and exits 130 on SIGINT', async () => {
    const before = live();
    const run = await deployUntilWaiting((child) => void child.kill('SIGINT'));

    expectFailedAndUndone(run, 130, 'INTERRUPTED', before);
  }, 60_000);

  it('is undone by `odin recover` after the process was killed mid-wait', async () => {
    const before = live();
    const killed = await deployUntilWaiting((child) => void child.kill('SIGKILL'));
    expect(killed.signal).toBe('SIGKILL');
    const left = state();
    expect(left.roles.deploying).toHaveLength(1);
    expect(left.journalStatus).toBe('running');
    expect(left.leaseHeld).toBe(true);

    await sleep(LEASE_EXPIRY_REAL_MS);
    const recovered = await odin(['recover', '--json']);

    expect(recovered.exitCode, recovered.stderr).toBe(0);
    expect(JSON.parse(recovered.stdout)).toMatchObject({ action: 'undone' });
    expectUndoneTo(state(), before);
    expect(await statusOf(ws)).toEqual({ live: before.id, unfinished: false, leaseHeld: false });
  }, 60_000);

  it('blocks a new deploy with exit 8 after the process was killed, and is finished by --resume', async () => {
    const before = live();
    const killed = await deployUntilWaiting((child) => void child.kill('SIGKILL'));
    expect(killed.signal).toBe('SIGKILL');

    // Waiting out the dead process's lease makes the journal, not the lease, what stops it.
    const blocked = await ws.run([...deployArgs(), '--lock-wait', '10m']);
    expect(blocked.exitCode, blocked.stderr).toBe(8);
    expect(JSON.parse(blocked.stdout)).toMatchObject({
      error: { code: 'UNFINISHED_DEPLOY', hint: expect.stringContaining('--resume') },
    });

    const resumed = await odin(['deploy', '--resume', '--lock-wait', '10m', '--json']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const result = JSON.parse(resumed.stdout) as { newGroup: string; releaseId: string };
    expect(result).toMatchObject({ outcome: 'live', resumed: true, oldGroup: before.group });
    const after = state();
    expect(after.roles.live).toEqual([result.newGroup]);
    expect(after.roles.standby).toContain(before.group);
    expect(after.roles.deploying).toBeUndefined();
    expect(after.leaseHeld).toBe(false);
    expect(after.journalStatus).toBe('done');
    expect(after.history[0]).toMatchObject({ id: result.releaseId, outcome: 'live' });
    expect(await statusOf(ws)).toEqual({ live: result.releaseId, unfinished: false, leaseHeld: false });
  }, 60_000);

  it('refuses a production deploy without a terminal or --yes with exit 2, changing nothing', async () => {
    const before = state();
    const run = await odin(['deploy', '--env', 'production', '--image', 'name:demo-app-v2']);

    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toContain('production environment and there is no terminal');
    expect(run.stderr).toContain('--yes');
    const after = state();
    expect(after.roles).toEqual(before.roles);
    expect(after.templates).toEqual(before.templates);
    expect(after.etags).toEqual(before.etags);
    expect(Object.keys(after.etags).some((key) => key.includes('/production/'))).toBe(false);
  }, 60_000);
});

// A weighted deploy waits at its pause step until told otherwise: a window of any length in which
// another process can act. The only clock left to race is the lease's (2 simulated minutes): at
// speed 40 the paused deploy renews it every second of real time, well clear of a busy machine's
// stalls, and with no bakes the deploy reaches its pause in a few seconds all the same.
describe('odin deploy --simulate, paused at a weighted pause step', () => {
  let ws: TempWorkspace;
  const state = () => endState(ws, 'demo-canary');

  beforeAll(async () => {
    ws = await tempWorkspace({
      example: 'weighted',
      env: { ODIN_SIMULATOR_SPEED: '40' },
      prepare: (dir) => {
        const file = join(dir, 'odin.yml');
        const steps = / {2}steps:\n( {4}- .*\n)+/;
        expect(readFileSync(file, 'utf8')).toMatch(steps);
        writeFileSync(
          file,
          readFileSync(file, 'utf8').replace(
            steps,
            '  steps:\n    - { weight: 10 }\n    - pause\n    - { weight: 100 }\n',
          ),
        );
      },
    });
    await expectOk(ws.run(deployArgs('name:demo-app-v1')));
  }, 60_000);

  it('refuses a second deploy with exit 3 naming the holder, and is undone by `odin halt` with exit 4', async () => {
    const before = liveOf(state());
    let second: OdinRun | undefined;
    let halt: OdinRun | undefined;
    const first = await runOdinUntil(
      deployArgs(),
      {
        pattern: /Paused at 10% on/,
        onMatch: async () => {
          second = await ws.run(deployArgs());
          halt = await ws.run(['halt', '--simulate', '--reason', 'stop the canary', '--json']);
        },
      },
      ws,
    );

    expect(second?.exitCode, second?.stderr).toBe(3);
    const refusal = JSON.parse(second?.stdout ?? '{}') as { error: { code: string; message: string } };
    expect(refusal.error.code).toBe('LOCK_HELD');
    expect(halt?.exitCode, halt?.stderr).toBe(0);
    expect(first.exitCode, first.stderr).toBe(4);
    const failure = JSON.parse(first.stdout) as { error: { code: string; message: string } };
    expect(failure.error).toMatchObject({
      code: 'DEPLOY_ROLLED_BACK',
      message: expect.stringContaining('stop the canary'),
    });
    const releaseId = /Deploy of release (\S+) failed/.exec(failure.error.message)?.[1];
    expect(refusal.error.message).toContain(`is locked by arn:aws:iam::123456789012:user/demo on host `);
    expect(refusal.error.message).toContain(`running \`odin deploy\` for release ${releaseId}`);
    const after = state();
    expectUndoneTo(after, before);
    expect(after.weights).toEqual({ 'demo-blue': 100, 'demo-green': 0 });
  }, 90_000);
});
