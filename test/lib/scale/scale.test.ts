import { describe, expect, it } from 'vitest';
import { deploy, type DeployResult } from '../../../src/lib/deploy/index.js';
import {
  InvalidFlagError,
  LockHeldError,
  RefusedError,
  UnfinishedDeployError,
} from '../../../src/lib/errors/index.js';
import type { Manifest } from '../../../src/lib/manifest/types.js';
import { scale, type ScaleRequest, type ScaleResult } from '../../../src/lib/scale/index.js';
import { readLease } from '../../../src/lib/state/lease.js';
import { watchInvariants } from '../../helpers/invariants.js';
import { deployFixture, type DeployFixture } from '../deploy/support.js';

async function liveFleet(
  change: (m: Manifest) => Manifest = (m) => m,
): Promise<DeployFixture & { live: DeployResult }> {
  const f = await deployFixture();
  const manifest = change(f.manifest);
  const live = await deploy(f.ctx(), f.request({ manifest }));
  return { ...f, manifest, live };
}

function run(f: DeployFixture, request: Omit<ScaleRequest, 'manifest'>) {
  return scale(f.ctx(), { manifest: f.manifest, ...request });
}

/** AWS calls that change something (anything but Describe, Get, List), by operation. */
function mutatingCalls(f: DeployFixture): Record<string, number> {
  const byOperation = f.aws.stats().byOperation;
  return Object.fromEntries(
    Object.entries(byOperation).filter(([op]) => !/:(Describe|Get|List|Head)/.test(op)),
  );
}

function stateOf(f: DeployFixture) {
  const m = f.manifest;
  return { aws: f.aws, clock: f.clock, store: m.state, service: m.service, environment: m.environment };
}

/** A deploy of demo-app-v1 by another odin process; `onLeaseTaken` runs once it holds the lease and its journal. */
function deployFromAnotherProcess(f: DeployFixture, onLeaseTaken: () => void): Promise<DeployResult> {
  let fired = false;
  return f.otherProcess().then((other) =>
    deploy(
      {
        ...other.ctx(),
        sink: (e) => {
          if (fired || e.type !== 'step.done' || e.step !== 'lease') return;
          fired = true;
          onLeaseTaken();
        },
      },
      f.request({ manifest: f.manifest, imageOverride: 'name:demo-app-v1' }),
    ),
  );
}

function healthyTargets(f: DeployFixture): number {
  return (
    f.cloud
      .snapshot()
      .targetGroups.find((tg) => tg.name === 'demo-web')
      ?.targets.filter((t) => t.state === 'healthy').length ?? 0
  );
}

describe('scale', () => {
  it('scales out and waits until every new instance is healthy, showing progress', async () => {
    const f = await liveFleet();
    const result = await run(f, { desired: 5 });

    expect(result).toMatchObject({
      before: { desired: 2 },
      after: { min: 2, max: 6, desired: 5 },
      steps: [5],
      waited: true,
    });
    expect(f.cloud.snapshot().fleets.find((g) => g.name === f.live.newGroup)).toMatchObject({ desired: 5 });
    expect(healthyTargets(f)).toBe(5);
    const progress = f.events
      .filter((e) => e.type === 'step.progress' && e.step === 'scale')
      .map((e) => ('detail' in e ? e.detail : ''));
    expect(progress[0]).toMatch(/^[0-4]\/5 healthy$/);
    expect(progress.at(-1)).toBe('5/5 healthy');
  });

  it('scales in stepwise, never taking out more healthy instances than the floor allows while they drain', async () => {
    const f = await liveFleet();
    await run(f, { desired: 5 });
    const victim = f.cloud.snapshot().fleets.find((g) => g.name === f.live.newGroup)?.instances[0]?.id;
    f.cloud.killInstance(String(victim));
    await f.clock.advance(25_000);
    expect(healthyTargets(f)).toBe(4);

    const watch = watchInvariants(f.clock, f.cloud, f.manifest);
    const result = await run(f, { desired: 2 });
    watch.stop();

    expect(result.steps).toEqual([3, 2]);
    expect(watch.violations).toEqual([]);
    expect(watch.minServing).toBeGreaterThanOrEqual(2);
    expect(f.cloud.snapshot().fleets.find((g) => g.name === f.live.newGroup)?.instances).toHaveLength(2);
    expect(healthyTargets(f)).toBe(2);
  });

  it('returns at once with --no-wait', async () => {
    const f = await liveFleet();
    const before = f.clock.now();
    const result = await run(f, { desired: 4, max: 8, wait: false });

    expect(result).toMatchObject({ waited: false, after: { desired: 4, max: 8 } });
    expect(f.clock.now() - before).toBeLessThan(5_000);
    expect(f.cloud.snapshot().fleets.find((g) => g.name === f.live.newGroup)).toMatchObject({
      desired: 4,
      max: 8,
    });
  });

  it.each([
    [{ min: 4, max: 3 }, /^--min 4 is above --max 3$/],
    [{ max: 0, min: 0, desired: 0 }, /^--max 0 must be at least 1$/],
    [{ desired: 9, max: 8 }, /^--desired 9 is above --max 8$/],
    [{ desired: 1, min: 2, max: 4 }, /^--desired 1 is outside --min 2 \.\. --max 4$/],
    [{}, /Nothing to change/],
  ])('refuses %o with exit 2 before any AWS call', async (flags, message) => {
    const f = await liveFleet();
    const before = f.aws.stats().calls;
    const error = await run(f, flags).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidFlagError);
    expect((error as InvalidFlagError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(message);
    expect(f.aws.stats().calls - before).toBe(0);
  });

  it.each([
    [{ desired: 7 }, /^--desired 7 is outside current min 2 \.\. current max 6$/],
    [{ min: 3 }, /^current desired 2 is outside --min 3 \.\. current max 6$/],
  ])('refuses %o against the live fleet with exit 2 before any change or lease', async (flags, message) => {
    const f = await liveFleet();
    const before = mutatingCalls(f);
    const error = await run(f, flags).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidFlagError);
    expect((error as Error).message).toMatch(message);
    expect(mutatingCalls(f)).toEqual(before);
  });

  it('says the fleet is already at the asked-for capacity, taking no lease and changing nothing', async () => {
    const f = await liveFleet();
    const before = mutatingCalls(f);
    const seen = f.events.length;
    const result = await run(f, { desired: 2, max: 6 });

    expect(result).toMatchObject({ changed: false, steps: [], waited: false, after: { desired: 2, max: 6 } });
    expect(result.summary).toBe(`${f.live.newGroup} is already at min 2, desired 2, max 6; nothing changed`);
    expect(mutatingCalls(f)).toEqual(before);
    expect(f.events.slice(seen).some((e) => e.type === 'step.start' && e.step === 'lease')).toBe(false);
  });

  it('refuses a desired capacity below the healthy floor', async () => {
    const f = await liveFleet();
    const error = await run(f, { desired: 1, min: 1 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toMatch(/below the floor of 2/);
    expect(f.cloud.snapshot().fleets.find((g) => g.name === f.live.newGroup)).toMatchObject({
      min: 2,
      desired: 2,
    });
  });

  it('refuses with exit 3 naming the holder while a deploy runs, not as an unfinished deploy', async () => {
    const f = await liveFleet();
    const before = mutatingCalls(f);
    let scaling: Promise<unknown> | undefined;
    const deploying = deployFromAnotherProcess(f, () => (scaling = run(f, { desired: 3 }).catch((e) => e)));
    await deploying;
    const error = await scaling;

    expect(error).toBeInstanceOf(LockHeldError);
    expect((error as LockHeldError).exitCode).toBe(3);
    expect((error as Error).message).toMatch(
      /is locked by arn:\S+ on host \S+ \(pid \d+\) running `odin deploy`/,
    );
    expect((error as LockHeldError).hint).toContain('--lock-wait');
    // Only the lease's conditional create, refused because the deploy holds it.
    expect(mutatingCalls(f)).toEqual({ ...before, 's3:PutObject': (before['s3:PutObject'] ?? 0) + 1 });
  });

  it('waits with --lock-wait for the running deploy, then scales the fleet that deploy made live', async () => {
    const f = await liveFleet();
    let scaling: Promise<ScaleResult> | undefined;
    const deploying = deployFromAnotherProcess(
      f,
      () => (scaling = run(f, { desired: 3, lockWaitMs: 30 * 60_000, pollMs: 5_000 })),
    );
    const deployed = await deploying;
    const result = await scaling;

    expect(result).toMatchObject({ fleet: deployed.newGroup, after: { desired: 3 }, changed: true });
    expect(f.cloud.snapshot().fleets.find((g) => g.name === deployed.newGroup)).toMatchObject({ desired: 3 });
    expect(f.cloud.snapshot().fleets.find((g) => g.name === f.live.newGroup)?.desired).not.toBe(3);
    const logs = f.events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
    expect(logs.some((m) => m.startsWith('Waiting for the lease on demo-web/default'))).toBe(true);
    expect(logs.some((m) => m.startsWith('The live fleet changed while odin waited for the lease'))).toBe(
      true,
    );
  });

  it('refuses with exit 8 an unfinished deploy whose process is gone, and releases the lease again', async () => {
    const f = await liveFleet();
    await expect(
      deploy(f.ctx(), f.request({ manifest: f.manifest, crashAfter: 'create-fleet' })),
    ).rejects.toThrow(/simulated crash/);
    await f.clock.advance(3 * 60_000);
    const error = await run(f, { desired: 3 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnfinishedDeployError);
    expect((error as UnfinishedDeployError).exitCode).toBe(8);
    expect(await readLease(stateOf(f))).toBeUndefined();
    expect(f.cloud.snapshot().fleets.find((g) => g.name === f.live.newGroup)?.desired).toBe(2);
  });

  it('re-applies the manifest policies, removes odin policies it dropped, and keeps hand-made ones', async () => {
    const f = await liveFleet();
    await f.aws.autoScaling.putScalingPolicy(f.live.newGroup, {
      name: 'team-queue-depth',
      targetValue: 10,
      custom: { namespace: 'Team', metricName: 'QueueDepth', statistic: 'Average' },
    });
    const manifest: Manifest = {
      ...f.manifest,
      scaling: [
        { kind: 'cpu', target: 40, disableScaleIn: false },
        {
          kind: 'metric',
          target: 100,
          disableScaleIn: true,
          namespace: 'Demo',
          metric: 'Backlog',
          statistic: 'Average',
          dimensions: { Queue: 'jobs' },
        },
      ],
    };
    const result = await scale(f.ctx(), { manifest, policies: true });

    expect(result.policies).toEqual({
      installed: ['odin-cpu', 'odin-metric'],
      removed: ['odin-requests-per-target'],
    });
    expect(result.waited).toBe(false);
    const policies = await f.aws.autoScaling.describePolicies(f.live.newGroup);
    expect(policies.map((p) => p.name).sort()).toEqual(['odin-cpu', 'odin-metric', 'team-queue-depth']);
    expect(policies.find((p) => p.name === 'odin-cpu')?.targetValue).toBe(40);
    expect(policies.find((p) => p.name === 'odin-metric')).toMatchObject({
      disableScaleIn: true,
      custom: { namespace: 'Demo', metricName: 'Backlog', dimensions: [{ name: 'Queue', value: 'jobs' }] },
    });
  });

  it('reinstalls the ALB requests-per-target policy with the label of the target group it serves from', async () => {
    const f = await liveFleet();
    for (const policy of await f.aws.autoScaling.describePolicies(f.live.newGroup))
      await f.aws.autoScaling.deletePolicy(f.live.newGroup, policy.name);
    const result = await run(f, { policies: true });

    expect(result.policies).toEqual({ installed: ['odin-cpu', 'odin-requests-per-target'], removed: [] });
    const policies = await f.aws.autoScaling.describePolicies(f.live.newGroup);
    expect(policies.find((p) => p.name === 'odin-requests-per-target')?.predefined).toEqual({
      metric: 'ALBRequestCountPerTarget',
      resourceLabel: expect.stringMatching(/^app\/[\w-]+\/\w+\/targetgroup\/demo-web\/\w+$/),
    });
  });
});
