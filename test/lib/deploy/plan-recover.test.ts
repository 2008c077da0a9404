import { describe, expect, it } from 'vitest';
import { deploy, plan, recover } from '../../../src/lib/deploy/index.js';
import { DeployFailedError } from '../../../src/lib/errors/index.js';
import { fleetTags } from '../../../src/lib/fleet/tags.js';
import { settledProblems, watchInvariants } from '../../helpers/invariants.js';
import { deployFixture, fleetsByRole } from './support.js';

describe('plan', () => {
  it('lists every change of a deploy over a live fleet and makes none', async () => {
    const f = await deployFixture();
    const live = await deploy(f.ctx(), f.request());
    const before = f.cloud.snapshot();
    const callsBefore = f.aws.stats().byOperation;
    const result = await plan(f.ctx(), f.request({ releaseId: 'v2' }));
    const callsAfter = f.aws.stats().byOperation;

    expect(result.newFleet).toMatchObject({
      name: 'demo-web-default-v2',
      min: 2,
      max: 6,
      desired: 2,
      targetGroupArns: [expect.stringContaining('demo-web')],
    });
    expect(result.live?.name).toBe(live.newGroup);
    expect(result.changes.map((c) => c.action)).toEqual([
      'add-template-version',
      'create-group',
      'wait-healthy',
      'verify',
      'detach',
      'wait-drain',
      'keep-standby',
      'unpin-min',
      'put-scaling-policy',
      'put-scaling-policy',
    ]);
    expect(result.changes.find((c) => c.action === 'unpin-min')?.detail).toBe(
      "min 2 (the pin equals the manifest's min), max 6",
    );
    expect(result.blockers).toEqual([]);
    const after = f.cloud.snapshot();
    expect(after.fleets).toEqual(before.fleets);
    expect(after.launchTemplates).toEqual(before.launchTemplates);
    expect(after.buckets).toEqual(before.buckets);
    // Counted per operation, so a PutObject or CreateAutoScalingGroup the deploy also made counts too.
    const madeByPlan = Object.entries(callsAfter)
      .filter(([op]) => !/:(Describe|Get|List|Head)/.test(op))
      .map(([op, n]) => [op, n - (callsBefore[op] ?? 0)])
      .filter(([, n]) => n !== 0);
    expect(madeByPlan).toEqual([]);
    expect(Object.values(callsAfter).reduce((a, b) => a + b, 0)).toBeGreaterThan(
      Object.values(callsBefore).reduce((a, b) => a + b, 0),
    );
  });
});

describe('first deploy failure', () => {
  it('deletes the new fleet and leaves nothing behind when there was no live fleet', async () => {
    const f = await deployFixture();
    const watch = watchInvariants(f.clock, f.cloud, f.manifest);
    const error = await deploy(f.ctx(), f.request({ imageOverride: 'name:demo-app-broken' })).catch(
      (e: unknown) => e,
    );
    watch.stop();

    expect(watch.violations).toEqual([]);
    expect(watch.ticks).toBeGreaterThan(5);

    expect(error).toBeInstanceOf(DeployFailedError);
    expect((error as Error).message).toMatch(/there was no live fleet/);
    expect(fleetsByRole(f.cloud)).toEqual({});
    expect(f.cloud.snapshot().launchTemplates.filter((t) => t.name === 'odin-demo-web-default')).toEqual([]);
    expect(await settledProblems(f.aws, f.cloud, f.manifest)).toEqual([]);
  });

  it('keeps the failed fleet detached and tagged failed with keepFailed', async () => {
    const f = await deployFixture();
    await deploy(f.ctx(), f.request());
    const error = await deploy(
      f.ctx(),
      f.request({ imageOverride: 'name:demo-app-broken', keepFailed: true, releaseId: 'bad' }),
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DeployFailedError);
    const kept = f.cloud.snapshot().fleets.find((g) => g.name === 'demo-web-default-bad');
    expect(kept?.tags['odin:role']).toBe('failed');
    expect(kept?.targetGroups).toEqual([]);
  });
});

describe('recover', () => {
  it('finds fleets orphaned without a journal and deletes them only when asked', async () => {
    const f = await deployFixture();
    await deploy(f.ctx(), f.request());
    const template = f.cloud.snapshot().launchTemplates[0];
    const subnets = await f.aws.ec2.describeSubnets({ names: ['private-a'] });
    await f.aws.autoScaling.createGroup({
      name: 'demo-web-default-orphan',
      launchTemplate: { id: template?.id ?? '', version: '1' },
      min: 1,
      max: 1,
      desired: 1,
      subnetIds: subnets.map((s) => s.id),
      targetGroupArns: [],
      healthCheckType: 'EC2',
      healthCheckGracePeriodSec: 0,
      tags: fleetTags({
        service: 'demo-web',
        environment: 'default',
        releaseId: 'orphan',
        role: 'deploying',
      }),
    });

    const found = await recover(f.ctx(), f.manifest);
    expect(found).toMatchObject({ action: 'orphans-found', orphans: ['demo-web-default-orphan'] });
    expect(fleetsByRole(f.cloud).deploying).toEqual(['demo-web-default-orphan']);
    const cleaned = await recover(f.ctx(), f.manifest, { deleteOrphans: true });
    expect(cleaned.action).toBe('orphans-deleted');
    expect(fleetsByRole(f.cloud).deploying).toBeUndefined();
  });
});
