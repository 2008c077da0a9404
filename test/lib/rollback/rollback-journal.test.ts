import { describe, expect, it } from 'vitest';
import { deploy, recover, requestHalt } from '../../../src/lib/deploy/index.js';
import { DeployFailedError } from '../../../src/lib/errors/index.js';
import { settledProblems } from '../../helpers/invariants.js';
import { fleetsByRole } from '../deploy/support.js';
import { fleet, twoReleases, type RollbackFixture } from './support.js';

/** Two releases, then a rollback to the first killed right after `crashAfter`, and three minutes later. */
async function rollbackCrashedAfter(crashAfter: 'create-fleet' | 'cutover'): Promise<RollbackFixture> {
  const f = await twoReleases();
  const rollbackOf = { releaseId: f.first.releaseId, reuseGroup: f.first.newGroup };
  await expect(
    deploy(f.ctx(), { ...f.request({ manifest: f.manifest }), rollback: rollbackOf, crashAfter }),
  ).rejects.toThrow(/simulated crash/);
  await f.clock.advance(3 * 60_000);
  return f;
}

describe('rollback through the journal', () => {
  it('undoes itself within one poll of `odin halt` and exits 4', async () => {
    const f = await twoReleases();
    await f.clock.advance(61 * 60_000);
    let halted = false;
    const off = f.clock.onTick(() => {
      if (halted || fleet(f, f.first.newGroup)?.tags['odin:role'] !== 'deploying') return;
      halted = true;
      void requestHalt({ aws: f.aws, clock: f.clock, manifest: f.manifest }, { reason: 'wrong target' });
    });
    const error = await f.rollback({}).catch((e: unknown) => e);
    off();

    expect(error).toBeInstanceOf(DeployFailedError);
    expect((error as DeployFailedError).exitCode).toBe(4);
    expect((error as Error).message).toMatch(/halt requested/);
    expect(fleetsByRole(f.cloud)).toEqual({ live: [f.second.newGroup], standby: [f.first.newGroup] });
    expect(await settledProblems(f.aws, f.cloud, f.manifest, f.second.releaseId)).toEqual([]);
  });

  it('is finished by `deploy --resume` after a crash while the standby was being brought back', async () => {
    const f = await rollbackCrashedAfter('create-fleet');
    const resumed = await deploy(f.ctx(), { manifest: f.manifest, resume: true });

    expect(resumed.newGroup).toBe(f.first.newGroup);
    expect(fleetsByRole(f.cloud)).toEqual({ live: [f.first.newGroup], standby: [f.second.newGroup] });
    expect(f.aws.stats().byOperation['autoscaling:CreateAutoScalingGroup']).toBe(2);
    const history = await f.history();
    expect(history[0]).toMatchObject({ kind: 'rollback', outcome: 'live', rolledBackTo: f.first.releaseId });
    expect(await settledProblems(f.aws, f.cloud, f.manifest, resumed.releaseId)).toEqual([]);
  });

  it('is undone by `odin recover` after a crash past the cutover, the standby kept rather than deleted', async () => {
    const f = await rollbackCrashedAfter('cutover');
    const result = await recover(f.ctx(), f.manifest);

    expect(result.action).toBe('undone');
    expect(fleetsByRole(f.cloud)).toEqual({ live: [f.second.newGroup], standby: [f.first.newGroup] });
    expect(fleet(f, f.first.newGroup)?.targetGroups).toEqual([]);
    const actions = await f.aws.autoScaling.describeScheduledActions(f.first.newGroup);
    expect(actions.map((a) => a.name)).toEqual(['odin-standby-expiry']);
    expect(f.cloud.snapshot().launchTemplates[0]?.latestVersion).toBe(2);
    expect(await settledProblems(f.aws, f.cloud, f.manifest, f.second.releaseId)).toEqual([]);
  });
});
