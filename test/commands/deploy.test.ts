import { beforeEach, describe, expect, it } from 'vitest';
import { runOdinUntil, type OdinRun } from '../helpers/run-odin.js';
import { tempWorkspace, type TempWorkspace } from '../helpers/temp-workspace.js';

const DEPLOY = ['deploy', '--simulate', '--image', 'name:demo-app-v2', '--json'];
let workspace: TempWorkspace;
const odin = (args: string[]): Promise<OdinRun> => workspace.run(args, 60_000);

beforeEach(async () => {
  workspace = await tempWorkspace();
});

describe('odin deploy --simulate', () => {
  it('deploys a release and prints the result as JSON', async () => {
    const run = await odin(DEPLOY);

    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { outcome: string; releaseId: string; newGroup: string };
    expect(result.outcome).toBe('live');
    expect(result.newGroup).toBe(`demo-web-default-${result.releaseId}`);
    expect(run.stderr).toContain('Release');
  }, 90_000);

  it('is finished by --resume after the process was killed mid-deploy', async () => {
    const killed = await runOdinUntil(
      DEPLOY,
      { pattern: /Waiting for healthy targets/, onMatch: (child) => void child.kill('SIGKILL') },
      { cwd: workspace.cwd, env: workspace.env },
    );
    expect(killed.signal).toBe('SIGKILL');
    const blocked = await odin(DEPLOY);
    expect([3, 8]).toContain(blocked.exitCode);

    const resumed = await odin(['deploy', '--simulate', '--resume', '--lock-wait', '10m', '--json']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ outcome: 'live', resumed: true });
  }, 120_000);

  it('lets one of two concurrent deploys proceed and stops the other with exit 3', async () => {
    const runs = await Promise.all([odin(DEPLOY), odin(DEPLOY)]);
    const codes = runs.map((r) => r.exitCode).sort();

    expect(codes).toEqual([0, 3]);
    const loser = runs.find((r) => r.exitCode === 3);
    expect(JSON.parse(loser?.stdout ?? '{}')).toMatchObject({ error: { code: 'LOCK_HELD' } });
  }, 120_000);
});
