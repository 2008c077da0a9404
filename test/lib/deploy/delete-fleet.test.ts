import { describe, expect, it } from 'vitest';
import type { Aws, AutoScaling } from '../../../src/lib/aws/types.js';
import { deleteFleet, type DeleteContext } from '../../../src/lib/deploy/delete-fleet.js';
import { deploy } from '../../../src/lib/deploy/index.js';
import { NeedsAttentionError } from '../../../src/lib/errors/index.js';
import { Reporter } from '../../../src/lib/events/reporter.js';
import { deployFixture, type DeployFixture } from './support.js';

/** What the wrapped Auto Scaling client ignores, to model instances that outlive a scale to zero. */
interface Stuck {
  /** Scale-in held (scale-in protection, a lifecycle hook): instances keep running. */
  capacity?: boolean;
  /** Targets registered outside the group's attachment: detaching the group leaves them registered. */
  detach?: boolean;
  /** Another process deletes the group just before this one does. */
  raced?: boolean;
}

/** The local cloud's client with some Auto Scaling calls ignored, and every DeleteAutoScalingGroup recorded. */
function stuckAws(aws: Aws, stuck: Stuck, deletes: Array<{ force?: boolean }>): Aws {
  const autoScaling = new Proxy(aws.autoScaling, {
    get(target, key: keyof AutoScaling) {
      if (key === 'updateCapacity' && stuck.capacity) return async () => undefined;
      if (key === 'detachTargetGroups' && stuck.detach) return async () => undefined;
      if (key === 'deleteGroup')
        return async (name: string, options: { force?: boolean } = {}) => {
          deletes.push(options);
          if (stuck.raced) await target.deleteGroup(name);
          await target.deleteGroup(name, options);
        };
      const value = target[key];
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return new Proxy(aws, {
    get: (target, key: keyof Aws) => (key === 'autoScaling' ? autoScaling : target[key]),
  });
}

async function liveFleet(): Promise<{ f: DeployFixture; name: string; tg: string }> {
  const f = await deployFixture();
  const live = await deploy(f.ctx(), f.request());
  const [tg] = await f.aws.elbv2.findTargetGroups(['demo-web']);
  return { f, name: live.newGroup, tg: tg?.arn ?? '' };
}

function context(f: DeployFixture, aws: Aws, targetGroupArns?: string[]): DeleteContext {
  return {
    aws,
    clock: f.clock,
    reporter: new Reporter(() => undefined, f.clock),
    step: 'test',
    pollMs: 5_000,
    ...(targetGroupArns ? { targetGroupArns } : {}),
  };
}

function exists(f: DeployFixture, name: string): boolean {
  return f.cloud.snapshot().fleets.some((g) => g.name === name && !g.status);
}

describe('deleteFleet', () => {
  it('deletes an emptied fleet without ForceDelete', async () => {
    const { f, name } = await liveFleet();
    const deletes: Array<{ force?: boolean }> = [];

    await deleteFleet(context(f, stuckAws(f.aws, {}, deletes)), name);

    expect(deletes).toEqual([{}]);
    expect(exists(f, name)).toBe(false);
  });

  it('counts a fleet another process deleted first as deleted', async () => {
    const { f, name } = await liveFleet();
    const deletes: Array<{ force?: boolean }> = [];

    await deleteFleet(context(f, stuckAws(f.aws, { raced: true }, deletes)), name);

    expect(deletes).toEqual([{}]);
    expect(exists(f, name)).toBe(false);
  });

  it('sends no ForceDelete while lingering instances are still registered, and needs attention', async () => {
    const { f, name, tg } = await liveFleet();
    const deletes: Array<{ force?: boolean }> = [];
    const start = f.clock.now();

    const error = await deleteFleet(
      context(f, stuckAws(f.aws, { capacity: true, detach: true }, deletes)),
      name,
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NeedsAttentionError);
    expect((error as NeedsAttentionError).exitCode).toBe(5);
    expect((error as Error).message).toContain(`are still registered in ${tg}`);
    expect(deletes).toEqual([]);
    expect(exists(f, name)).toBe(true);
    expect(f.clock.now() - start).toBeGreaterThanOrEqual(15 * 60_000);
  });

  it('force-deletes lingering instances only once they are registered nowhere', async () => {
    const { f, name } = await liveFleet();
    const deletes: Array<{ force?: boolean }> = [];

    await deleteFleet(context(f, stuckAws(f.aws, { capacity: true }, deletes)), name);

    expect(deletes).toEqual([{ force: true }]);
  });

  it('checks the target groups a detached fleet was in, and refuses when it knows none', async () => {
    const { f, name, tg } = await liveFleet();
    await f.aws.autoScaling.detachTargetGroups(name, [tg]);
    const deletes: Array<{ force?: boolean }> = [];
    const aws = stuckAws(f.aws, { capacity: true }, deletes);

    const error = await deleteFleet(context(f, aws), name).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NeedsAttentionError);
    expect((error as Error).message).toContain('odin knows no target group to check them in');
    expect(deletes).toEqual([]);
    await deleteFleet(context(f, aws, [tg]), name);
    expect(deletes).toEqual([{ force: true }]);
  });
});
