import { describe, expect, it } from 'vitest';
import { deploy, requestHalt, type DeployResult } from '../../../src/lib/deploy/index.js';
import {
  DeployFailedError,
  InterruptedError,
  LockHeldError,
  OdinError,
} from '../../../src/lib/errors/index.js';
import { listReleases } from '../../../src/lib/state/history.js';
import { settledProblems, watchInvariants, type InvariantReport } from '../../helpers/invariants.js';
import { deployFixture, fleetsByRole, type DeployFixture } from './support.js';

/** A live release, with the invariants watched at every tick and call from before it was deployed. */
async function withLiveFleet(
  options: Parameters<typeof deployFixture>[0] = {},
): Promise<{ f: DeployFixture; live: DeployResult; watch: InvariantReport }> {
  const f = await deployFixture(options);
  const watch = watchInvariants(f.clock, f.cloud, f.manifest);
  const live = await deploy(f.ctx(), f.request());
  return { f, live, watch };
}

async function expectUndone(
  f: DeployFixture,
  live: DeployResult,
  error: unknown,
  watch: InvariantReport,
): Promise<void> {
  watch.stop();
  expect(watch.violations).toEqual([]);
  expect(watch.ticks).toBeGreaterThan(5);
  expect(fleetsByRole(f.cloud)).toEqual({ live: [live.newGroup] });
  const old = f.cloud.snapshot().fleets.find((g) => g.name === live.newGroup);
  expect(old).toMatchObject({ min: 2, max: 6, desired: 2, targetGroups: ['demo-web'] });
  expect(f.aws.stats().byOperation['ec2:DeleteLaunchTemplateVersions']).toBe(1);
  const m = f.manifest;
  const history = await listReleases({
    aws: f.aws,
    clock: f.clock,
    store: m.state,
    service: m.service,
    environment: m.environment,
  });
  expect(history[0]?.outcome).toBe('rolled-back');
  expect(history[1]).toMatchObject({ id: live.releaseId, outcome: 'live' });
  expect(await settledProblems(f.aws, f.cloud, f.manifest, live.releaseId)).toEqual([]);
  expect(error).toBeInstanceOf(OdinError);
}

/** Runs `act` once, at the first tick where the new fleet of the deploy under way exists. */
function whenNewFleetExists(f: DeployFixture, live: DeployResult, act: () => void): () => void {
  let done = false;
  return f.clock.onTick(() => {
    if (done) return;
    if (
      f.cloud.snapshot().fleets.some((g) => g.tags['odin:role'] === 'deploying' && g.name !== live.newGroup)
    ) {
      done = true;
      act();
    }
  });
}

describe('deploy failures', () => {
  it('undoes a release whose instances never pass health checks and exits 4', async () => {
    const { f, live, watch } = await withLiveFleet();
    const error = await deploy(f.ctx(), f.request({ imageOverride: 'name:demo-app-broken' })).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(DeployFailedError);
    expect((error as DeployFailedError).exitCode).toBe(4);
    expect((error as DeployFailedError).message).toMatch(/health check/);
    await expectUndone(f, live, error, watch);
  });

  it('undoes a release that is not healthy within health.timeout', async () => {
    const { f, live, watch } = await withLiveFleet();
    const manifest = { ...f.manifest, health: { ...f.manifest.health, timeoutMs: 30_000 } };
    const error = await deploy(f.ctx(), f.request({ manifest })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DeployFailedError);
    expect((error as Error).message).toMatch(/not healthy within 30s/);
    await expectUndone(f, live, error, watch);
  });

  it('undoes itself within one poll interval of `odin halt`', async () => {
    const { f, live, watch } = await withLiveFleet();
    const other = await f.otherProcess();
    let haltedAt = 0;
    const off = whenNewFleetExists(f, live, () => {
      haltedAt = f.clock.now();
      void requestHalt({ aws: other.aws, clock: f.clock, manifest: f.manifest }, { reason: 'test' });
    });
    const error = await deploy(f.ctx(), f.request()).catch((e: unknown) => e);
    off();

    expect(error).toBeInstanceOf(DeployFailedError);
    expect((error as Error).message).toMatch(/halt/);
    const undoStart = f.events.find((e) => e.type === 'step.start' && e.step === 'undo');
    expect(haltedAt).toBeGreaterThan(0);
    expect((undoStart?.at ?? Infinity) - haltedAt).toBeLessThanOrEqual(5_000 + 1_000);
    await expectUndone(f, live, error, watch);
  });

  it('undoes itself when interrupted and ends with exit code 130', async () => {
    const { f, live, watch } = await withLiveFleet();
    const controller = new AbortController();
    const off = whenNewFleetExists(f, live, () => controller.abort(new InterruptedError()));
    const error = await deploy(f.ctx(controller.signal), f.request()).catch((e: unknown) => e);
    off();

    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(130);
    await expectUndone(f, live, error, watch);
  });

  it('lets exactly one of two racing deploys proceed; the other exits 3 naming the holder', async () => {
    const { f, live, watch } = await withLiveFleet();
    const other = await f.otherProcess();
    const results = await Promise.allSettled([
      deploy(f.ctx(), f.request()),
      deploy(other.ctx(), f.request()),
    ]);

    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(LockHeldError);
    expect((lost[0]?.reason as LockHeldError).exitCode).toBe(3);
    expect((lost[0]?.reason as Error).message).toMatch(/odin deploy/);
    const winner = (won[0] as PromiseFulfilledResult<DeployResult>).value;
    expect(winner.oldGroup).toBe(live.newGroup);
    watch.stop();
    expect(watch.violations).toEqual([]);
    expect(await settledProblems(f.aws, f.cloud, f.manifest, winner.releaseId)).toEqual([]);
  });

  it('still succeeds when 30% of AWS calls are throttled, and reports the throttling', async () => {
    const { f, watch } = await withLiveFleet({ seed: 11 });
    f.cloud.setFaults({ throttleRate: 0.3 });
    const before = f.aws.stats();
    const result = await deploy(f.ctx(), f.request());
    watch.stop();

    expect(result.awsCalls.throttled).toBeGreaterThan(before.throttled);
    expect(result.awsCalls.retried).toBeGreaterThan(0);
    expect(watch.violations).toEqual([]);
    f.cloud.setFaults({ throttleRate: 0 });
    expect(await settledProblems(f.aws, f.cloud, f.manifest, result.releaseId)).toEqual([]);
  });
});
