import type { Aws } from '../aws/types.js';
import { findFleets, type Fleet } from '../fleet/find-fleets.js';
import { TAG } from '../fleet/tags.js';
import { formatSpan } from '../state/lease-holder.js';
import { deleteFleet, scaleToZero, type DeleteContext } from './delete-fleet.js';
import type { DeployRun } from './deploy-run.js';

/** The scheduled action that ends a warm standby's window even when no odin process runs. */
export const STANDBY_EXPIRY_ACTION = 'odin-standby-expiry';

/** Schedules the end of a standby's warm window at `at`: the fleet goes to zero inside AWS. */
export async function scheduleStandbyExpiry(aws: Aws, groupName: string, at: number): Promise<void> {
  await aws.autoScaling.putScheduledAction({
    groupName,
    name: STANDBY_EXPIRY_ACTION,
    at,
    min: 0,
    max: 0,
    desired: 0,
  });
}

/**
 * Retires the fleet that was live: detach and drain (the strategy's job), then per `retain`:
 * keep it as the warm standby, or delete it; and trims older standbys. Returns a summary.
 * Only called once traffic on the new fleet has been read back and verified (invariant 1).
 *
 * A rollback that keeps the fleet it leaves as a warm standby does not wait for the drain: the
 * instances stay running, so their connections finish on their own, and the standby's expiry is
 * set no earlier than the drain's end. That is what lets a rollback onto a warm standby end
 * one health-check cycle after it starts instead of a deregistration delay later.
 */
export async function retireOldFleet(run: DeployRun): Promise<string> {
  const plan = run.journal.plan;
  const parts: string[] = [];
  const old = run.oldRef();
  if (plan?.oldGroup && old) {
    const keepsRunning = run.request.rollback !== undefined && run.manifest.retain.standbys > 0;
    const drainSec = await run.prepared.strategy.retireFrom(run.trafficContext('retire'), old, {
      wait: !keepsRunning,
    });
    parts.push(await keepOrDelete(run, plan.oldGroup, keepsRunning ? drainSec * 1000 : 0));
  }
  parts.push(...(await trimStandbys(run, plan?.oldGroup)));
  return parts.filter(Boolean).join('; ') || 'nothing to retire';
}

/** `drainingMs`: how much longer the fleet's connections may still be draining. */
async function keepOrDelete(run: DeployRun, name: string, drainingMs: number): Promise<string> {
  const { aws, clock } = run.ctx;
  const { retain } = run.manifest;
  await removeOdinPolicies(run, name);
  if (retain.standbys === 0) {
    // From here on the old fleet cannot come back: a halt or interrupt now would undo into nothing.
    run.pastPointOfNoReturn = true;
    await deleteFleet(deleteContext(run), name);
    return `deleted ${name}`;
  }
  const expiresAt = clock.now() + Math.max(retain.warmForMs, drainingMs);
  await aws.autoScaling.setTags(name, { [TAG.role]: 'standby', [TAG.standbyExpires]: String(expiresAt) });
  // min back to 0 so the standby does not hold capacity beyond its warm window; the scheduled
  // action ends that window inside AWS, even if no odin ever runs again.
  await aws.autoScaling.updateCapacity(name, { min: 0 });
  await scheduleStandbyExpiry(aws, name, expiresAt);
  const draining = drainingMs > 0 ? `, draining for ${formatSpan(drainingMs)}` : '';
  return `kept ${name} as warm standby for ${formatSpan(expiresAt - clock.now())}${draining}`;
}

/** Older standbys: within `retain.standbys` they are scaled to zero (cold); beyond it, deleted. */
async function trimStandbys(run: DeployRun, justRetired?: string): Promise<string[]> {
  const m = run.manifest;
  const fleets = await findFleets(run.ctx.aws, m.service, m.environment);
  const older = fleets.standbys.filter((f: Fleet) => f.group.name !== justRetired);
  const coldSlots = Math.max(0, m.retain.standbys - (justRetired && m.retain.standbys > 0 ? 1 : 0));
  const notes: string[] = [];
  for (const [index, fleet] of older.entries()) {
    // A standby a rollback left draining may still be finishing requests: wait that out first
    // (at once when nothing of it is registered any more).
    await run.prepared.strategy.retireFrom(run.trafficContext('retire'), {
      name: fleet.group.name,
      slot: fleet.slot,
      targetGroupArns: fleet.group.targetGroupArns,
    });
    if (index < coldSlots) {
      await scaleToZero(run.ctx.aws, fleet.group.name);
      continue;
    }
    await deleteFleet(deleteContext(run), fleet.group.name);
    notes.push(`deleted old standby ${fleet.group.name}`);
  }
  return notes;
}

async function removeOdinPolicies(run: DeployRun, name: string): Promise<void> {
  const { aws } = run.ctx;
  for (const policy of await aws.autoScaling.describePolicies(name)) {
    if (policy.name.startsWith('odin-')) await aws.autoScaling.deletePolicy(name, policy.name);
  }
}

function deleteContext(run: DeployRun): DeleteContext {
  return {
    aws: run.ctx.aws,
    clock: run.ctx.clock,
    reporter: run.reporter,
    step: 'retire',
    pollMs: run.pollMs,
  };
}
