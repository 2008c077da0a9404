import type { Aws } from '../aws/types.js';
import type { Clock } from '../clock/clock.js';
import { NeedsAttentionError } from '../errors/errors.js';
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
  /**
   * Target groups the fleet was attached to before it was detached, checked before a ForceDelete
   * (those it is still attached to are checked anyway). Without any, lingering instances are
   * never force-deleted.
   */
  targetGroupArns?: string[];
  /** Called at every poll; throws to stop waiting (a recovery that lost its lease). */
  checkpoint?: () => Promise<void>;
}

/**
 * Deletes a fleet that no longer takes traffic (already detached and drained): scales it to zero,
 * waits for its instances to terminate, then deletes it without ForceDelete, which would skip
 * lifecycle hooks. Only if instances linger past the timeout, and none of them is registered in
 * any of its target groups, is the remainder force-deleted; a registered one stops the delete with
 * NeedsAttentionError. Idempotent: a missing group is already deleted.
 */
export async function deleteFleet(ctx: DeleteContext, name: string): Promise<void> {
  const [group] = await ctx.aws.autoScaling.describeGroups([name]);
  if (!group || group.status?.toLowerCase().includes('delete')) return;
  const targetGroupArns = [...new Set([...(ctx.targetGroupArns ?? []), ...group.targetGroupArns])];
  if (group.targetGroupArns.length > 0)
    await ctx.aws.autoScaling.detachTargetGroups(name, group.targetGroupArns);
  if (group.min !== 0 || group.desired !== 0)
    await ctx.aws.autoScaling.updateCapacity(name, { min: 0, desired: 0 });
  const lingering = await waitUntilEmpty(ctx, name);
  if (lingering.length > 0) await refuseWhileRegistered(ctx, name, lingering, targetGroupArns);
  try {
    await ctx.aws.autoScaling.deleteGroup(name, lingering.length === 0 ? {} : { force: true });
  } catch (error) {
    // Another odin (a recovery that took over an expired lease) may have deleted it meanwhile.
    if (await isGone(ctx.aws, name)) return;
    throw error;
  }
}

async function isGone(aws: Aws, name: string): Promise<boolean> {
  const [group] = await aws.autoScaling.describeGroups([name]);
  return !group || group.status?.toLowerCase().includes('delete') === true;
}

/** Scales a fleet to zero and keeps it (a cold standby). */
export async function scaleToZero(aws: Aws, name: string): Promise<void> {
  const [group] = await aws.autoScaling.describeGroups([name]);
  if (group && (group.min !== 0 || group.desired !== 0))
    await aws.autoScaling.updateCapacity(name, { min: 0, desired: 0 });
}

/** Waits for the group's instances to terminate; returns those still there at the timeout. */
async function waitUntilEmpty(ctx: DeleteContext, name: string): Promise<string[]> {
  const deadline = ctx.clock.now() + EMPTY_TIMEOUT_MS;
  for (;;) {
    const [group] = await ctx.aws.autoScaling.describeGroups([name]);
    const left = (group?.instances ?? []).filter((i) => i.lifecycleState !== 'Terminated').map((i) => i.id);
    if (left.length === 0 || ctx.clock.now() >= deadline) return left;
    ctx.reporter.progress(ctx.step, `${name}: ${left.length} instances terminating`);
    await ctx.checkpoint?.();
    await ctx.clock.sleep(ctx.pollMs);
  }
}

/**
 * ForceDelete terminates instances at once, cutting requests in flight: it is only for instances
 * odin has read back as registered nowhere. Unknown target groups mean nothing could be read back.
 */
async function refuseWhileRegistered(
  ctx: DeleteContext,
  name: string,
  instanceIds: string[],
  targetGroupArns: string[],
): Promise<void> {
  const ids = new Set(instanceIds);
  const registered: string[] = [];
  for (const arn of targetGroupArns) {
    const targets = await ctx.aws.elbv2.describeTargetHealth(arn);
    if (targets.some((t) => ids.has(t.id))) registered.push(arn);
  }
  if (registered.length === 0 && targetGroupArns.length > 0) return;
  const minutes = Math.round(EMPTY_TIMEOUT_MS / 60_000);
  const instances = `${instanceIds.length} instance(s) of ${name} (${instanceIds.join(', ')})`;
  const where =
    registered.length > 0
      ? `are still registered in ${registered.join(', ')}`
      : 'are still running and odin knows no target group to check them in';
  throw new NeedsAttentionError(
    `${instances} ${where} ${minutes} minutes after it was scaled to zero; odin does not force-delete them`,
    {
      hint: `Check the group's lifecycle hooks and scaling activities, deregister the instances from every target group, then delete ${name} without --force-delete.`,
    },
  );
}
