import { describe, expect, it } from 'vitest';
import { deploy } from '../../../src/lib/deploy/index.js';
import { DeployFailedError, InterruptedError } from '../../../src/lib/errors/index.js';
import { settledProblems, watchInvariants } from '../../helpers/invariants.js';
import { deployFixture, fleetsByRole, type DeployFixture } from './support.js';
import { onceProgress } from './triggers.js';

/** DescribeAutoScalingGroups lists a new group only this long after CreateAutoScalingGroup. */
const DELAY_MS = 5_000;

/** Runs `act` once, at the first tick where a second fleet of demo-web exists in the local cloud. */
function whenSecondFleetExists(f: DeployFixture, liveGroup: string, act: (name: string) => void): () => void {
  let done = false;
  return f.clock.onTick(() => {
    if (done) return;
    const fresh = f.cloud.snapshot().fleets.find((g) => g.name !== liveGroup && !g.status);
    if (!fresh) return;
    done = true;
    act(fresh.name);
  });
}

function attachedTo(f: DeployFixture, name: string): string[] | undefined {
  return f.cloud.snapshot().fleets.find((g) => g.name === name && !g.status)?.targetGroups;
}

describe('deploys while AWS lists new groups late (eventual consistency)', () => {
  it('puts a healthy release live, first and over a live fleet', async () => {
    const f = await deployFixture({ faults: { consistencyDelayMs: DELAY_MS } });
    const first = await deploy(f.ctx(), f.request());
    const watch = watchInvariants(f.clock, f.cloud, f.manifest);
    const second = await deploy(f.ctx(), f.request({ imageOverride: 'name:demo-app-v1' }));
    watch.stop();

    expect(first.outcome).toBe('live');
    expect(second.outcome).toBe('live');
    expect(fleetsByRole(f.cloud).live).toEqual([second.newGroup]);
    expect(watch.violations).toEqual([]);
    const notVisible = f.events.filter(
      (e) =>
        e.type === 'step.progress' && e.step === 'wait-healthy' && /not visible in AWS yet/.test(e.detail),
    );
    expect(notVisible.length).toBeGreaterThan(0);
    expect(await settledProblems(f.aws, f.cloud, f.manifest, second.releaseId)).toEqual([]);
  });

  it('undoes a bad release and leaves no fleet behind', async () => {
    const f = await deployFixture({ faults: { consistencyDelayMs: DELAY_MS } });
    const live = await deploy(f.ctx(), f.request());
    const error = await deploy(f.ctx(), f.request({ imageOverride: 'name:demo-app-broken' })).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(DeployFailedError);
    expect((error as Error).message).toMatch(/keep failing health checks/);
    expect((error as Error).message).toMatch(/deleted demo-web-default-r/);
    expect(fleetsByRole(f.cloud)).toEqual({ live: [live.newGroup] });
    expect(await settledProblems(f.aws, f.cloud, f.manifest, live.releaseId)).toEqual([]);
  });

  it('deletes a fleet interrupted before AWS lists it, instead of leaving it taking traffic', async () => {
    const f = await deployFixture({ faults: { consistencyDelayMs: 30_000 } });
    const live = await deploy(f.ctx(), f.request());
    const abort = new AbortController();
    let created = '';
    const off = whenSecondFleetExists(f, live.newGroup, (name) => {
      created = name;
      abort.abort(new InterruptedError());
    });
    const error = await deploy(f.ctx(abort.signal), f.request()).catch((e: unknown) => e);
    off();

    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as Error).message).toContain(`deleted ${created}`);
    expect(attachedTo(f, created)).toBeUndefined();
    expect(fleetsByRole(f.cloud)).toEqual({ live: [live.newGroup] });
  });

  it('undoes a fleet never listed within health.timeout once AWS lists it', async () => {
    const f = await deployFixture({ faults: { consistencyDelayMs: 60_000 } });
    const live = await deploy(f.ctx(), f.request());
    const manifest = { ...f.manifest, health: { ...f.manifest.health, timeoutMs: 30_000 } };
    const error = await deploy(f.ctx(), f.request({ manifest })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DeployFailedError);
    expect((error as Error).message).toMatch(/was not visible in DescribeAutoScalingGroups within 30s/);
    expect((error as Error).message).toMatch(/deleted demo-web-default-r/);
    expect(fleetsByRole(f.cloud)).toEqual({ live: [live.newGroup] });
  });

  it('still fails at once when a fleet it has seen is deleted by someone else', async () => {
    const f = await deployFixture();
    const live = await deploy(f.ctx(), f.request());
    const other = await f.otherProcess();
    let seenAt = 0;
    const off = onceProgress(f, { step: 'wait-healthy', detail: /targets healthy/ }, () => {
      seenAt = f.clock.now();
      const name = f.cloud.snapshot().fleets.find((g) => g.name !== live.newGroup)?.name ?? '';
      void other.aws.autoScaling.deleteGroup(name, { force: true });
    });
    const error = await deploy(f.ctx(), f.request()).catch((e: unknown) => e);
    off();

    expect(error).toBeInstanceOf(DeployFailedError);
    expect((error as Error).message).toMatch(/disappeared while odin waited for it/);
    expect(f.clock.now() - seenAt).toBeLessThan(f.manifest.health.timeoutMs);
  });
});
