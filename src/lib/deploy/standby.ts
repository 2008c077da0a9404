import type { Aws, Group } from '../aws/types.js';
import { RefusedError } from '../errors/errors.js';
import { toFleet } from '../fleet/find-fleets.js';
import { TAG } from '../fleet/tags.js';
import type { ReusedStandby } from '../journal/journal-record.js';
import type { DeployRun } from './deploy-run.js';
import { endsTooSoonToSchedule, scheduleStandbyExpiry, STANDBY_EXPIRY_ACTION } from './retire.js';

/** A retained standby fleet a rollback is about to bring back, and what it looked like before. */
export async function describeStandby(
  aws: Aws,
  name: string,
): Promise<{ group: Group; reused: ReusedStandby }> {
  const [group] = await aws.autoScaling.describeGroups([name]);
  const fleet = group && !group.status?.toLowerCase().includes('delete') ? toFleet(group) : undefined;
  if (!group || fleet?.role !== 'standby') {
    throw new RefusedError(`Fleet ${name} is no longer a standby that a rollback can reuse`, {
      hint: 'Run `odin rollback` again: it redeploys the release when its fleet is gone.',
    });
  }
  const original = { min: group.min, max: group.max, desired: group.desired };
  return {
    group,
    reused: { original, ...(fleet.standbyExpiresAt ? { expiresAt: fleet.standbyExpiresAt } : {}) },
  };
}

/**
 * Brings a retained standby back for a rollback. Its expiry action goes first, so the warm window
 * cannot end (scale it to zero) in the middle of the rollback; then it is pinned at the new
 * capacity (a cold or scaled-in standby launches what it lacks) and attached where the strategy
 * places a new fleet. Idempotent: a resumed rollback runs it again.
 */
export async function reviveStandby(run: DeployRun): Promise<string> {
  const { aws } = run.ctx;
  const plan = run.journal.plan;
  if (!plan?.reused) throw new Error('the journal has no standby to reuse');
  const name = plan.newGroup;
  const actions = await aws.autoScaling.describeScheduledActions(name);
  if (actions.some((a) => a.name === STANDBY_EXPIRY_ACTION))
    await aws.autoScaling.deleteScheduledAction(name, STANDBY_EXPIRY_ACTION);
  await aws.autoScaling.setTags(name, { [TAG.role]: 'deploying', [TAG.standbyExpires]: '' });
  const { desired, max } = plan.newCapacity;
  await aws.autoScaling.updateCapacity(name, { min: desired, max: Math.max(max, desired), desired });
  const [group] = await aws.autoScaling.describeGroups([name]);
  const missing = plan.targetGroupArns.filter((arn) => !group?.targetGroupArns.includes(arn));
  if (missing.length > 0) await aws.autoScaling.attachTargetGroups(name, missing);
  const before = plan.reused.original.desired;
  return before >= desired
    ? `Brought back warm standby ${name} (${desired} instances running)`
    : `Brought back standby ${name}: scaling ${before} → ${desired} instances`;
}

/**
 * The undo of a reuse: the standby detached (by the caller, through the strategy) goes back to
 * what it was: its capacity, its tags, and its expiry action. A warm window that ended meanwhile,
 * or ends too soon to schedule (AWS rejects a start time in the past), ends now: it is left cold.
 */
export async function returnToStandby(run: DeployRun): Promise<string> {
  const { aws, clock } = run.ctx;
  const plan = run.journal.plan;
  if (!plan?.reused) throw new Error('the journal has no reused standby');
  const name = plan.newGroup;
  const { original, expiresAt } = plan.reused;
  const warm = expiresAt !== undefined && !endsTooSoonToSchedule(expiresAt, clock.now());
  await aws.autoScaling.updateCapacity(name, warm ? original : { min: 0, desired: 0 });
  await aws.autoScaling.setTags(name, {
    [TAG.role]: 'standby',
    [TAG.standbyExpires]: warm ? String(expiresAt) : '',
  });
  if (warm) await scheduleStandbyExpiry(aws, name, expiresAt);
  return warm ? `${name} is a warm standby again` : `${name} is a cold standby again`;
}
