import { throwIfAborted } from '../clock/clock.js';
import { NeedsAttentionError } from '../errors/errors.js';
import { healthOf, type FleetHealth } from '../fleet/fleet-health.js';
import type { WaitContext } from '../fleet/wait-for-healthy-fleet.js';

/** How long and how often to wait, and what stops it. */
export interface SizeWaitOptions {
  timeoutMs: number;
  pollMs: number;
  signal?: AbortSignal;
}

/**
 * Waits until a fleet is exactly `desired` instances, all healthy in every target group, with
 * none left terminating (instances taken out have drained and gone). Reports "3/4 healthy, 1
 * draining" at every poll; one DescribeAutoScalingGroups and one DescribeTargetHealth per target
 * group per poll, whatever the size.
 */
export async function waitForSize(
  ctx: WaitContext,
  groupName: string,
  desired: number,
  options: SizeWaitOptions,
): Promise<FleetHealth> {
  const deadline = ctx.clock.now() + options.timeoutMs;
  for (;;) {
    throwIfAborted(options.signal);
    await ctx.checkpoint?.();
    const [group] = await ctx.aws.autoScaling.describeGroups([groupName]);
    if (!group)
      throw new NeedsAttentionError(`Auto Scaling group ${groupName} disappeared while odin waited for it`);
    const health = await healthOf(ctx.aws, group, group.targetGroupArns);
    const leaving = group.instances.filter((i) => /^Terminating/.test(i.lifecycleState)).length;
    const staying = group.instances.length - leaving;
    ctx.reporter.progress(
      ctx.step,
      `${health.healthyInAll}/${desired} healthy${leaving > 0 ? `, ${leaving} draining` : ''}`,
      { healthy: health.healthyInAll, desired, instances: staying, draining: leaving },
    );
    if (staying === desired && leaving === 0 && health.healthyInAll >= desired) return health;
    if (ctx.clock.now() + options.pollMs > deadline) {
      throw new NeedsAttentionError(
        `${groupName} did not reach ${desired} healthy instances within ${Math.round(options.timeoutMs / 1000)}s: ` +
          `${health.healthyInAll} healthy, ${staying} instances, ${leaving} draining`,
        { hint: 'The new capacity is set; check `odin status` for failed launches or unhealthy targets.' },
      );
    }
    await ctx.clock.sleep(options.pollMs, options.signal);
  }
}
