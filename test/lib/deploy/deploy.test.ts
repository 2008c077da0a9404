import { describe, expect, it } from 'vitest';
import { deploy } from '../../../src/lib/deploy/index.js';
import { listReleases } from '../../../src/lib/state/history.js';
import { settledProblems, watchInvariants } from '../../helpers/invariants.js';
import { deployFixture, fleetsByRole } from './support.js';

function stateOf(f: Awaited<ReturnType<typeof deployFixture>>) {
  const m = f.manifest;
  return { aws: f.aws, clock: f.clock, store: m.state, service: m.service, environment: m.environment };
}

describe('deploy', () => {
  it('puts the first release live on a new fleet when nothing was live', async () => {
    const f = await deployFixture();
    const watch = watchInvariants(f.clock, f.cloud, f.manifest);
    const result = await deploy(f.ctx(), f.request({ message: 'first' }));
    // The fleet becomes live at the end of the deploy: watch it serve a while to arm the floor check.
    await f.clock.advance(30_000);
    watch.stop();

    expect(watch.violations).toEqual([]);
    expect(watch.ticks).toBeGreaterThan(5);
    expect(watch.minServing).toBe(2);
    expect(result.outcome).toBe('live');
    expect(result.oldGroup).toBeUndefined();
    expect(result.newGroup).toBe(`demo-web-default-${result.releaseId}`);
    const fleet = f.cloud.snapshot().fleets.find((g) => g.name === result.newGroup);
    expect(fleet).toMatchObject({
      min: 2,
      max: 6,
      desired: 2,
      healthCheckType: 'ELB',
      targetGroups: ['demo-web'],
    });
    expect(fleet?.tags).toMatchObject({
      'odin:managed-by': 'odin',
      'odin:role': 'live',
      'odin:release': result.releaseId,
    });
    expect(await settledProblems(f.aws, f.cloud, f.manifest, result.releaseId)).toEqual([]);
  });

  it('replaces the live fleet, keeps it as a warm standby that expires on its own, and never drops below the floor', async () => {
    const f = await deployFixture();
    const first = await deploy(f.ctx(), f.request());
    const watch = watchInvariants(f.clock, f.cloud, f.manifest);
    const second = await deploy(f.ctx(), f.request({ message: 'second' }));
    watch.stop();

    expect(watch.violations).toEqual([]);
    expect(watch.ticks).toBeGreaterThan(5);
    expect(second.oldGroup).toBe(first.newGroup);
    expect(fleetsByRole(f.cloud)).toEqual({ live: [second.newGroup], standby: [first.newGroup] });
    const standby = f.cloud.snapshot().fleets.find((g) => g.name === first.newGroup);
    expect(standby).toMatchObject({ min: 0, desired: 2, targetGroups: [] });
    const expires = Number(standby?.tags['odin:standby-expires']);
    expect(expires - f.clock.now()).toBeGreaterThan(59 * 60_000);
    const actions = await f.aws.autoScaling.describeScheduledActions(first.newGroup);
    expect(actions).toEqual([
      expect.objectContaining({ name: 'odin-standby-expiry', at: expires, min: 0, max: 0, desired: 0 }),
    ]);
    const policies = await f.aws.autoScaling.describePolicies(second.newGroup);
    expect(policies.map((p) => p.name).sort()).toEqual(['odin-cpu', 'odin-requests-per-target']);
    const history = await listReleases(stateOf(f));
    expect(history.map((r) => [r.id, r.outcome])).toEqual([
      [second.releaseId, 'live'],
      [first.releaseId, 'superseded'],
    ]);
    expect(await settledProblems(f.aws, f.cloud, f.manifest, second.releaseId)).toEqual([]);
  });

  it('waits out the target group deregistration delay before the old fleet is retired', async () => {
    const f = await deployFixture();
    await deploy(f.ctx(), f.request());
    f.cloud.setDeregistrationDelay('demo-web', 142);
    await deploy(f.ctx(), f.request());

    const draining = f.events
      .filter((e) => e.type === 'step.progress' && e.step === 'retire')
      .map((e) => ('detail' in e ? e.detail : ''));
    expect(draining[0]).toMatch(/^draining, 14\ds left$/);
    const retireDurations = f.events
      .filter((e) => e.type === 'step.done' && e.step === 'retire')
      .map((e) => ('durationMs' in e ? e.durationMs : 0));
    expect(retireDurations.at(-1)).toBeGreaterThanOrEqual(140_000);
  });

  it('carries the live fleet desired capacity over and pins both fleets while the deploy runs', async () => {
    const f = await deployFixture();
    const first = await deploy(f.ctx(), f.request());
    await f.aws.autoScaling.updateCapacity(first.newGroup, { desired: 3 });
    const pins: Array<{ at: number; min: number }> = [];
    const off = f.clock.onTick(() => {
      const old = f.cloud.snapshot().fleets.find((g) => g.name === first.newGroup);
      if (old?.tags['odin:role'] === 'live') pins.push({ at: f.clock.now(), min: old.min });
    });
    const second = await deploy(f.ctx(), f.request());
    off();

    expect(f.cloud.snapshot().fleets.find((g) => g.name === second.newGroup)).toMatchObject({
      desired: 3,
      min: 2,
      max: 6,
    });
    expect(pins.some((p) => p.min === 3)).toBe(true);
  });

  it('never reports user data in events or the journal', async () => {
    const f = await deployFixture();
    const result = await deploy(f.ctx(), f.request());
    const journal = await f.aws.s3.getObject('odin-state-123456789012', 'demo-web/default/journal.json');
    const text = JSON.stringify(f.events) + (journal?.body ?? '');
    expect(result.steps.length).toBeGreaterThan(5);
    expect(text).not.toMatch(/userData"\s*:\s*"[A-Za-z0-9+/=]{16,}/);
    expect(text).not.toContain('#!/');
  });
});
