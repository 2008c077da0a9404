import { describe, expect, it } from 'vitest';
import { deploy } from '../../../src/lib/deploy/index.js';
import { InterruptedError } from '../../../src/lib/errors/index.js';
import { acquireLease } from '../../../src/lib/state/lease.js';
import { settledProblems, watchInvariants } from '../../helpers/invariants.js';
import { fleetsByRole } from '../deploy/support.js';
import { fleet, fleetNames, stateOf, twoReleases } from './support.js';

const HEALTH_CHECK_CYCLE_MS = 2 * 10_000; // demo-web: healthy threshold 2 × interval 10 s
const POLL_MS = 5_000;

describe('rollback', () => {
  it('brings the warm standby back within one health-check cycle, launching no fleet, and retires the bad one as a standby', async () => {
    const f = await twoReleases();
    const before = fleetNames(f);
    const watch = watchInvariants(f.clock, f.cloud, f.manifest);
    const started = f.clock.now();
    const result = await f.rollback();
    watch.stop();

    expect(result).toMatchObject({ path: 'warm-standby', rolledBackTo: f.first.releaseId });
    expect(result.newGroup).toBe(f.first.newGroup);
    expect(result.oldGroup).toBe(f.second.newGroup);
    expect(fleetNames(f)).toEqual(before);
    expect(f.aws.stats().byOperation['autoscaling:CreateAutoScalingGroup']).toBe(2);
    expect(fleetsByRole(f.cloud)).toEqual({ live: [f.first.newGroup], standby: [f.second.newGroup] });
    expect(watch.violations).toEqual([]);

    const cutover = f.events.find((e) => e.type === 'step.done' && e.step === 'cutover');
    expect((cutover?.at ?? Infinity) - started).toBeLessThanOrEqual(HEALTH_CHECK_CYCLE_MS + POLL_MS);
    // The whole rollback, too: the bad fleet drains while it runs on as a standby, unwaited.
    expect(f.clock.now() - started).toBeLessThanOrEqual(HEALTH_CHECK_CYCLE_MS + POLL_MS);
    const bad = fleet(f, f.second.newGroup);
    expect(bad?.targetGroups).toEqual([]);
    expect(bad?.instances.map((i) => i.lifecycleState)).toEqual(['InService', 'InService']);
    const draining = f.cloud.snapshot().targetGroups.find((tg) => tg.name === 'demo-web')?.targets;
    expect(
      draining
        ?.filter((t) => t.state === 'draining')
        .map((t) => t.id)
        .sort(),
    ).toEqual(bad?.instances.map((i) => i.id).sort());

    const revived = fleet(f, f.first.newGroup);
    expect(revived).toMatchObject({ min: 2, max: 6, desired: 2, targetGroups: ['demo-web'] });
    expect(revived?.tags['odin:standby-expires']).toBe('');
    expect(await f.aws.autoScaling.describeScheduledActions(f.first.newGroup)).toEqual([]);
    const policies = await f.aws.autoScaling.describePolicies(f.first.newGroup);
    expect(policies.map((p) => p.name).sort()).toEqual(['odin-cpu', 'odin-requests-per-target']);
    const retired = await f.aws.autoScaling.describeScheduledActions(f.second.newGroup);
    expect(retired.map((a) => a.name)).toEqual(['odin-standby-expiry']);

    const history = await f.history();
    expect(history.map((r) => [r.id, r.kind, r.outcome, r.rolledBackTo])).toEqual([
      [result.releaseId, 'rollback', 'live', f.first.releaseId],
      [f.second.releaseId, 'deploy', 'superseded', undefined],
      [f.first.releaseId, 'deploy', 'superseded', undefined],
    ]);
    expect(history[0]).toMatchObject({ groupName: f.first.newGroup, image: { name: 'demo-app-v1' } });
    expect(await settledProblems(f.aws, f.cloud, f.manifest, result.releaseId)).toEqual([]);
  });

  it('names the chosen release in the past tense once chosen', async () => {
    const f = await twoReleases();
    await f.rollback();

    const chosen = f.events.find((e) => e.type === 'step.done' && e.step === 'choose-release');
    expect(chosen && 'title' in chosen ? chosen.title : '').toBe(
      `Chose to roll back from ${f.second.releaseId} to ${f.first.releaseId} (demo-app-v1): ` +
        `reusing warm standby ${f.first.newGroup}`,
    );
  });

  it('records its whole run as its duration, the choice and the wait for the lease included', async () => {
    const f = await twoReleases();
    const held = await acquireLease(stateOf(f, f.manifest), {
      command: 'odin deploy',
      callerArn: 'arn:aws:iam::123456789012:user/bob',
    });
    void f.clock.sleep(90_000).then(() => held.release());
    const started = f.clock.now();
    const result = await f.rollback({ lockWaitMs: 10 * 60_000 });
    const took = f.clock.now() - started;

    expect(took).toBeGreaterThanOrEqual(90_000);
    expect(result.durationMs).toBe(took);
    const record = (await f.history())[0];
    expect(record).toMatchObject({ id: result.releaseId, startedAt: started });
    // Written just before the lease is released, the run's last call.
    expect(took - (record?.durationMs ?? 0)).toBeGreaterThanOrEqual(0);
    expect(took - (record?.durationMs ?? 0)).toBeLessThan(1_000);
  });

  it('scales a standby whose warm window ended (by its scheduled action, no odin running) back up', async () => {
    const f = await twoReleases();
    await f.clock.advance(61 * 60_000);
    expect(fleet(f, f.first.newGroup)).toMatchObject({ min: 0, max: 0, desired: 0, instances: [] });

    const watch = watchInvariants(f.clock, f.cloud, f.manifest);
    const result = await f.rollback();
    watch.stop();

    expect(result.path).toBe('cold-standby');
    expect(result.newGroup).toBe(f.first.newGroup);
    expect(fleet(f, f.first.newGroup)).toMatchObject({ min: 2, max: 6, desired: 2 });
    expect(fleet(f, f.first.newGroup)?.instances.every((i) => i.lifecycleState === 'InService')).toBe(true);
    expect(watch.violations).toEqual([]);
    expect(await settledProblems(f.aws, f.cloud, f.manifest, result.releaseId)).toEqual([]);
  });

  it('redeploys the release from its record when its fleet is gone', async () => {
    const f = await twoReleases((m) => ({ ...m, retain: { standbys: 0, warmForMs: 0 } }));
    expect(fleetNames(f)).toEqual([f.second.newGroup]);

    const result = await f.rollback({ message: 'v2 leaks memory' });

    expect(result.path).toBe('redeploy');
    expect(result.newGroup).toBe(`demo-web-default-${result.releaseId}`);
    expect(result.image).toEqual(f.first.image);
    expect(fleetNames(f)).toEqual([result.newGroup]);
    const history = await f.history();
    expect(history[0]).toMatchObject({
      kind: 'rollback',
      outcome: 'live',
      rolledBackTo: f.first.releaseId,
      message: 'v2 leaks memory',
      image: f.first.image,
    });
    expect(await settledProblems(f.aws, f.cloud, f.manifest, result.releaseId)).toEqual([]);
  });

  it('rolls a rollback back by reusing the fleet it retired', async () => {
    const f = await twoReleases();
    const back = await f.rollback();
    const again = await f.rollback();

    expect(again).toMatchObject({ path: 'warm-standby', rolledBackTo: f.second.releaseId });
    expect(again.newGroup).toBe(f.second.newGroup);
    expect(fleetsByRole(f.cloud)).toEqual({ live: [f.second.newGroup], standby: [f.first.newGroup] });
    const history = await f.history();
    expect(history.map((r) => [r.id, r.outcome])).toEqual([
      [again.releaseId, 'live'],
      [back.releaseId, 'superseded'],
      [f.second.releaseId, 'superseded'],
      [f.first.releaseId, 'superseded'],
    ]);
    expect(await settledProblems(f.aws, f.cloud, f.manifest, again.releaseId)).toEqual([]);
  });

  it('lets the fleet a rollback left draining finish its drain before a second rollback scales it in', async () => {
    const f = await twoReleases();
    f.cloud.setDeregistrationDelay('demo-web', 300);
    const third = await deploy(f.ctx(), f.request({ manifest: f.manifest }));
    const watch = watchInvariants(f.clock, f.cloud, f.manifest);
    const started = f.clock.now();
    const back = await f.rollback();
    expect(back).toMatchObject({ path: 'warm-standby', newGroup: f.second.newGroup });
    expect(f.clock.now() - started).toBeLessThan(60_000);

    const again = await f.rollback({ to: f.first.releaseId });
    watch.stop();

    expect(again).toMatchObject({ path: 'cold-standby', newGroup: f.first.newGroup });
    // The third release's fleet was scaled in only after its 300 s drain, never cut off mid-drain.
    expect(watch.violations).toEqual([]);
    expect(f.clock.now() - started).toBeGreaterThanOrEqual(300_000);
    expect(fleet(f, third.newGroup)).toMatchObject({ min: 0, desired: 0 });
    expect(await settledProblems(f.aws, f.cloud, f.manifest, again.releaseId)).toEqual([]);
  });

  it('rolls back to a named older release kept cold, and trims standbys per retain', async () => {
    const f = await twoReleases();
    const third = await deploy(f.ctx(), f.request({ manifest: f.manifest }));
    expect(fleet(f, f.first.newGroup)).toMatchObject({ desired: 0 });

    const result = await f.rollback({ to: f.first.releaseId });

    expect(result).toMatchObject({ path: 'cold-standby', newGroup: f.first.newGroup });
    expect(fleetsByRole(f.cloud)).toEqual({
      live: [f.first.newGroup],
      standby: [third.newGroup, f.second.newGroup].sort(),
    });
    expect(fleet(f, f.second.newGroup)).toMatchObject({ desired: 0 });
    expect(await settledProblems(f.aws, f.cloud, f.manifest, result.releaseId)).toEqual([]);
  });

  it('is undone by an interrupt: traffic stays on the live fleet and the standby goes back to being one', async () => {
    const f = await twoReleases();
    await f.clock.advance(61 * 60_000);
    const controller = new AbortController();
    const off = f.clock.onTick(() => {
      if (fleet(f, f.first.newGroup)?.tags['odin:role'] === 'deploying')
        controller.abort(new InterruptedError());
    });
    const watch = watchInvariants(f.clock, f.cloud, f.manifest);
    const error = await f.rollback({}, controller.signal).catch((e: unknown) => e);
    off();
    watch.stop();

    expect(error).toBeInstanceOf(InterruptedError);
    expect(watch.violations).toEqual([]);
    expect(fleetsByRole(f.cloud)).toEqual({ live: [f.second.newGroup], standby: [f.first.newGroup] });
    expect(fleet(f, f.first.newGroup)).toMatchObject({ min: 0, desired: 0, targetGroups: [] });
    const history = await f.history();
    expect(history[0]).toMatchObject({ kind: 'rollback', outcome: 'rolled-back' });
    expect(await settledProblems(f.aws, f.cloud, f.manifest, f.second.releaseId)).toEqual([]);
  });
});
