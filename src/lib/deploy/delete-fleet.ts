import type { Aws } from '../aws/types.js';
import type { Clock } from '../clock/clock.js';
import type { Reporter } from '../events/reporter.js';

/** How long to wait for a scaled-to-zero group's instances to terminate before deleting it anyway. */
const EMPTY_TIMEOUT_MS = 15 * 60_000;

/** What deleting a fleet needs. */
export interface DeleteContext {
  aws: Aws;
  clock: Clock;
  reporter: Reporter;
  step: string;
  pollMs: number;
}

/**
 * Deletes a fleet that no longer takes traffic (already detached and drained): scales it to zero,
 * waits for its instances to terminate, then deletes it without ForceDelete, which would skip
 * lifecycle hooks. Only if instances linger past the timeout is the now-unregistered remainder
 * force-deleted. Idempotent: a missing group is already deleted.
 */
export async function deleteFleet(ctx: DeleteContext, name: string): Promise<void> {
  const [group] = await ctx.aws.autoScaling.describeGroups([name]);
  if (!group) return;
  if (group.status?.toLowerCase().includes('delete')) return;
  if (group.targetGroupArns.length > 0)
    await ctx.aws.autoScaling.detachTargetGroups(name, group.targetGroupArns);
  if (group.min !== 0 || group.desired !== 0)
    await ctx.aws.autoScaling.updateCapacity(name, { min: 0, desired: 0 });
  const empty = await waitUntilEmpty(ctx, name);
  await ctx.aws.autoScaling.deleteGroup(name, empty ? {} : { force: true });
}

/** Scales a fleet to zero and keeps it (a cold standby). */
export async function scaleToZero(aws: Aws, name: string): Promise<void> {
  const [group] = await aws.autoScaling.describeGroups([name]);
  if (group && (group.min !== 0 || group.desired !== 0))
    await aws.autoScaling.updateCapacity(name, { min: 0, desired: 0 });
}

async function waitUntilEmpty(ctx: DeleteContext, name: string): Promise<boolean> {
  const deadline = ctx.clock.now() + EMPTY_TIMEOUT_MS;
  for (;;) {
    const [group] = await ctx.aws.autoScaling.describeGroups([name]);
    const left = group?.instances.filter((i) => i.lifecycleState !== 'Terminated').length ?? 0;
    if (left === 0) return true;
    if (ctx.clock.now() >= deadline) return false;
    ctx.reporter.progress(ctx.step, `${name}: ${left} instances terminating`);
    await ctx.clock.sleep(ctx.pollMs);
  }
}
