import { throwIfAborted } from '../clock/clock.js';
import { closePollMs } from './health-poll-schedule.js';
import type { WaitContext } from './wait-for-healthy-fleet.js';

/** Options for a drain wait. */
export interface DrainOptions {
  pollMs: number;
  signal?: AbortSignal;
  /**
   * false: detach and return at once, leaving the instances running while their connections
   * drain (the caller must keep them running at least the returned delay). Default true.
   */
  wait?: boolean;
}

/**
 * Detaches a group from target groups and waits until its targets have drained: until none of
 * its instances is still registered (draining) or the target groups' ACTUAL deregistration delay,
 * read from AWS as the group is looked up, has passed since the detach. Deleting or scaling in
 * before that cuts in-flight requests (the 502 spikes of detaching and deleting at once). The
 * wait polls its end when the delay ends, not at the next interval. Idempotent: a group already
 * detached is only waited on for targets still draining. Returns the deregistration delay in seconds.
 */
export async function detachAndDrain(
  ctx: WaitContext,
  groupName: string,
  targetGroupArns: string[],
  options: DrainOptions,
): Promise<number> {
  const [[group], delays] = await Promise.all([
    ctx.aws.autoScaling.describeGroups([groupName]),
    Promise.all(targetGroupArns.map((arn) => ctx.aws.elbv2.getDeregistrationDelaySec(arn))),
  ]);
  if (!group || targetGroupArns.length === 0) return 0;
  const ids = new Set(group.instances.map((i) => i.id));
  const attached = targetGroupArns.filter((arn) => group.targetGroupArns.includes(arn));
  if (attached.length > 0) await ctx.aws.autoScaling.detachTargetGroups(groupName, attached);
  // Deregistration starts with the detach: the delay counts from its answer.
  const delaySec = Math.max(0, ...delays);
  if (options.wait === false) return delaySec;
  await waitForDrain(
    ctx,
    groupName,
    { targetGroupArns, ids, endsAt: ctx.clock.now() + delaySec * 1000 },
    options,
  );
  return delaySec;
}

/**
 * Polls every interval until the drain is due to end, then at its end. AWS deregisters a
 * detached group's targets moments after the detach answers, so one still draining then is
 * polled for closely, for at most one more interval.
 */
async function waitForDrain(
  ctx: WaitContext,
  groupName: string,
  drain: { targetGroupArns: string[]; ids: Set<string>; endsAt: number },
  options: DrainOptions,
): Promise<void> {
  const giveUpAt = drain.endsAt + options.pollMs;
  for (;;) {
    throwIfAborted(options.signal);
    const remaining = await countRegistered(ctx, drain.targetGroupArns, drain.ids);
    const now = ctx.clock.now();
    if (remaining === 0 || now >= giveUpAt) return;
    const leftSec = Math.max(0, Math.ceil((drain.endsAt - now) / 1000));
    ctx.reporter.progress(ctx.step, `draining, ${leftSec}s left`, {
      group: groupName,
      targets: remaining,
      secondsLeft: leftSec,
    });
    await ctx.checkpoint?.();
    const untilEnd = drain.endsAt - ctx.clock.now();
    const pause = untilEnd > 0 ? Math.min(options.pollMs, untilEnd) : closePollMs(options.pollMs);
    await ctx.clock.sleep(Math.min(pause, Math.max(0, giveUpAt - ctx.clock.now())), options.signal);
  }
}

async function countRegistered(
  ctx: WaitContext,
  targetGroupArns: string[],
  ids: Set<string>,
): Promise<number> {
  const read = await Promise.all(targetGroupArns.map((arn) => ctx.aws.elbv2.describeTargetHealth(arn)));
  return read.reduce((count, targets) => count + targets.filter((t) => ids.has(t.id)).length, 0);
}
