import { describe, expect, it } from 'vitest';
import { deploy, plan, requestHalt } from '../../../src/lib/deploy/index.js';
import { DeployFailedError } from '../../../src/lib/errors/index.js';
import type { Manifest } from '../../../src/lib/manifest/types.js';
import { rollback } from '../../../src/lib/rollback/index.js';
import { settledProblems, watchInvariants } from '../../helpers/invariants.js';
import { fleet, fleetNames, twoReleases } from '../rollback/support.js';
import { deployFixture, fleetsByRole } from './support.js';

function retaining(warmForMs: number, standbys = 1): (m: Manifest) => Manifest {
  return (m) => ({ ...m, retain: { standbys, warmForMs } });
}

describe('a warm window too short to schedule', () => {
  it.each([
    ['0s', 0],
    ['5s', 5_000],
    ['59s', 59_000],
  ])(
    'with warmFor %s keeps the previous fleet as a cold standby at once, and later deploys still succeed',
    async (_label, warmForMs) => {
      const f = await twoReleases(retaining(warmForMs));
      const watch = watchInvariants(f.clock, f.cloud, f.manifest);
      const third = await deploy(f.ctx(), f.request({ manifest: f.manifest }));
      watch.stop();

      expect(third.outcome).toBe('live');
      expect(watch.violations).toEqual([]);
      expect(fleetsByRole(f.cloud)).toEqual({ live: [third.newGroup], standby: [f.second.newGroup] });
      const standby = fleet(f, f.second.newGroup);
      expect(standby).toMatchObject({ min: 0, desired: 0, targetGroups: [] });
      expect(standby?.tags['odin:standby-expires']).toBe('');
      expect(await f.aws.autoScaling.describeScheduledActions(f.second.newGroup)).toEqual([]);
      const retired = f.events.findLast((e) => e.type === 'step.done' && e.step === 'retire');
      expect(retired?.type === 'step.done' && retired.title).toMatch(/cold standby/);
      expect(await settledProblems(f.aws, f.cloud, f.manifest, third.releaseId)).toEqual([]);
    },
  );

  it('lasts at least a minute for the fleet a rollback leaves draining, which is never cut mid-drain', async () => {
    const f = await twoReleases(retaining(0));
    const watch = watchInvariants(f.clock, f.cloud, f.manifest);
    const back = await rollback(f.ctx(), { manifest: f.manifest });
    const left = fleet(f, f.second.newGroup);
    expect(back.path).toBe('cold-standby');
    expect(left?.instances.filter((i) => i.lifecycleState === 'InService')).toHaveLength(2);
    const [expiry] = await f.aws.autoScaling.describeScheduledActions(f.second.newGroup);
    const retiring = f.events.findLast((e) => e.type === 'step.start' && e.step === 'retire');
    expect((expiry?.at ?? 0) - (retiring?.at ?? Infinity)).toBeGreaterThanOrEqual(60_000);

    await f.clock.advance(61_000);
    watch.stop();
    expect(fleet(f, f.second.newGroup)).toMatchObject({ min: 0, desired: 0 });
    expect(watch.violations).toEqual([]);
  });

  it('is scheduled in AWS once it is a minute long', async () => {
    const f = await twoReleases(retaining(60_000));
    const actions = await f.aws.autoScaling.describeScheduledActions(f.first.newGroup);
    expect(actions.map((a) => a.name)).toEqual(['odin-standby-expiry']);
    expect(fleet(f, f.first.newGroup)?.desired).toBe(2);
  });

  it('is planned as a cold standby', async () => {
    const f = await deployFixture();
    const manifest = retaining(0)(f.manifest);
    await deploy(f.ctx(), f.request({ manifest }));
    const planned = await plan(f.ctx(), f.request({ manifest }));
    expect(planned.changes.find((c) => c.action === 'keep-standby')?.detail).toMatch(/^cold: .* at once/);
  });

  it('ends at once when an undone rollback returns its standby with under a minute of warm window left', async () => {
    const f = await twoReleases(retaining(3 * 60_000));
    const expiresAt = Number(fleet(f, f.first.newGroup)?.tags['odin:standby-expires']);
    // Halted as soon as the standby is brought back; the undo then waits out its 30 s drain.
    await f.clock.advance(expiresAt - 80_000 - f.clock.now());
    let halted = false;
    const off = f.clock.onTick(() => {
      if (halted || fleet(f, f.first.newGroup)?.tags['odin:role'] !== 'deploying') return;
      halted = true;
      void requestHalt({ aws: f.aws, clock: f.clock, manifest: f.manifest });
    });
    const error = await rollback(f.ctx(), { manifest: f.manifest }).catch((e: unknown) => e);
    off();

    expect(error).toBeInstanceOf(DeployFailedError);
    expect(f.clock.now()).toBeLessThan(expiresAt);
    expect(f.clock.now()).toBeGreaterThan(expiresAt - 60_000);
    expect(fleetsByRole(f.cloud)).toEqual({ live: [f.second.newGroup], standby: [f.first.newGroup] });
    expect(fleet(f, f.first.newGroup)).toMatchObject({ min: 0, desired: 0 });
    expect(fleet(f, f.first.newGroup)?.tags['odin:standby-expires']).toBe('');
    expect(await f.aws.autoScaling.describeScheduledActions(f.first.newGroup)).toEqual([]);
    expect(await settledProblems(f.aws, f.cloud, f.manifest, f.second.releaseId)).toEqual([]);
  });
});

describe('trimming standbys', () => {
  it('keeps the standbys that were live most recently, not the most recently created', async () => {
    const f = await deployFixture();
    const m = f.manifest;
    const a = await deploy(f.ctx(), f.request({ imageOverride: 'name:demo-app-v1' }));
    const b = await deploy(f.ctx(), f.request({ imageOverride: 'name:demo-app-v2' }));
    const c = await deploy(f.ctx(), f.request({ imageOverride: 'name:demo-app-v1' }));
    await f.clock.advance(60_000);
    await rollback(f.ctx(), { manifest: m, to: a.releaseId });
    await f.clock.advance(60_000);
    await rollback(f.ctx(), { manifest: m, to: c.releaseId });
    await f.clock.advance(60_000);

    const watch = watchInvariants(f.clock, f.cloud, m);
    const d = await deploy(f.ctx(), f.request({ imageOverride: 'name:demo-app-v2' }));
    watch.stop();

    expect(watch.violations).toEqual([]);
    const byRole = fleetsByRole(f.cloud);
    expect(byRole['live']).toEqual([d.newGroup]);
    expect(byRole['standby']?.sort()).toEqual([a.newGroup, c.newGroup].sort());
    expect(fleetNames(f)).not.toContain(b.newGroup);
    // C, live until now, is the warm one; A, live before C came back, is kept cold.
    expect(fleet(f, c.newGroup)?.desired).toBe(2);
    expect(fleet(f, a.newGroup)).toMatchObject({ min: 0, desired: 0 });
  });
});
