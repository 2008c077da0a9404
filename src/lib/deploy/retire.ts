import type { Aws } from '../aws/types.js';
import { findFleets, type Fleet } from '../fleet/find-fleets.js';
import { TAG } from '../fleet/tags.js';
import { formatSpan } from '../state/lease-holder.js';
import { deleteFleet, scaleToZero, type DeleteContext } from './delete-fleet.js';
import type { DeployRun } from './deploy-run.js';
import { together } from './together.js';
import { resolvedTargetGroups } from './prepare.js';

/** The scheduled action that ends a warm standby's window even when no odin process runs. */
export const STANDBY_EXPIRY_ACTION = 'odin-standby-expiry';

/**
 * AWS rejects a scheduled action whose start time is in the past, and a start only seconds away
 * is in the past by the time the request lands (latency, clock skew). A warm window ending
 * sooner than this is ended at once instead.
 */
export const MIN_SCHEDULE_LEAD_MS = 60_000;

/** True when a warm window ending at `at` is too close (or past) to schedule its end in AWS. */
export function endsTooSoonToSchedule(at: number, now: number): boolean {
  return at - now < MIN_SCHEDULE_LEAD_MS;
}

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
  const old = run.oldRef();
  const name = plan?.oldGroup && old ? plan.oldGroup : undefined;
  const keepsRunning = run.request.rollback !== undefined && run.manifest.retain.standbys > 0;
  // What retiring changes next is read while the old fleet drains: the standbys to trim and the
  // old fleet's own policies. Nothing is changed before the drain has ended.
  const [drainSec, found] = await together([
    old ? run.prepared.strategy.retireFrom(run.trafficContext('retire'), old, { wait: !keepsRunning }) : 0,
    lookUp(run, name),
  ]);
  const drainingMs = keepsRunning ? drainSec * 1000 : 0;
  // Keeping or deleting the old fleet and trimming the older standbys change different groups.
  const parts = await together([
    name ? keepOrDelete(run, name, drainingMs, found.policies) : '',
    trimStandbys(run, found.standbys),
  ]);
  return parts.flat().filter(Boolean).join('; ') || 'nothing to retire';
}

/** The older standbys (not `justRetired`) and the odin policies of `justRetired`. */
async function lookUp(
  run: DeployRun,
  justRetired: string | undefined,
): Promise<{ standbys: Fleet[]; policies: string[] }> {
  const m = run.manifest;
  const { aws } = run.ctx;
  const [fleets, policies] = await Promise.all([
    findFleets(aws, m.service, m.environment),
    justRetired && m.retain.standbys > 0 ? aws.autoScaling.describePolicies(justRetired) : [],
  ]);
  // Mid-retirement both fleets may still be tagged live, and either may rank as the standby:
  // neither is an older standby, whatever the tags say.
  const current = new Set([justRetired, run.journal.plan?.newGroup]);
  return {
    standbys: fleets.standbys.filter((f: Fleet) => !current.has(f.group.name)),
    policies: policies.map((p) => p.name).filter((n) => n.startsWith('odin-')),
  };
}

/** `drainingMs`: how much longer the fleet's connections may still be draining. */
async function keepOrDelete(
  run: DeployRun,
  name: string,
  drainingMs: number,
  policies: string[],
): Promise<string> {
  if (run.manifest.retain.standbys === 0) {
    // From here on the old fleet cannot come back. Recorded in the journal before the delete, so
    // that this run and any resumed one finish forward instead of undoing into no fleet at all.
    await run.passPointOfNoReturn();
    await deleteFleet(deleteContext(run), name);
    return `deleted ${name}`;
  }
  // One change at a time to the one group: AWS may answer concurrent ones with ResourceContention.
  for (const policy of policies) await run.ctx.aws.autoScaling.deletePolicy(name, policy);
  return keepAsStandby(run, name, drainingMs);
}

/**
 * Keeps the retired fleet as the standby, tagged with when it was last live (standbys are ranked
 * by it). The warm window ends by a scheduled action inside AWS, even if no odin ever runs again;
 * a window too short to schedule ends now, unless the fleet is still draining, which it must
 * outlive: then the window is stretched to the soonest start AWS accepts.
 */
async function keepAsStandby(run: DeployRun, name: string, drainingMs: number): Promise<string> {
  const { aws, clock } = run.ctx;
  const now = clock.now();
  const minimum = drainingMs > 0 ? Math.max(drainingMs, MIN_SCHEDULE_LEAD_MS) : 0;
  const expiresAt = now + Math.max(run.manifest.retain.warmForMs, minimum);
  const retired = { [TAG.role]: 'standby', [TAG.lastLive]: String(now) };
  if (endsTooSoonToSchedule(expiresAt, now)) {
    await aws.autoScaling.setTags(name, { ...retired, [TAG.standbyExpires]: '' });
    await scaleToZero(aws, name);
    return `kept ${name} as a cold standby (a warm window under a minute is ended at once)`;
  }
  await aws.autoScaling.setTags(name, { ...retired, [TAG.standbyExpires]: String(expiresAt) });
  // min back to 0 so the standby does not hold capacity beyond its warm window.
  await aws.autoScaling.updateCapacity(name, { min: 0 });
  await scheduleStandbyExpiry(aws, name, expiresAt);
  const draining = drainingMs > 0 ? `, draining for ${formatSpan(drainingMs)}` : '';
  return `kept ${name} as warm standby for ${formatSpan(expiresAt - now)}${draining}`;
}

/** Older standbys: within `retain.standbys` they are scaled to zero (cold); beyond it, deleted. */
async function trimStandbys(run: DeployRun, older: Fleet[]): Promise<string[]> {
  const m = run.manifest;
  const justRetired = run.journal.plan?.oldGroup;
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

function deleteContext(run: DeployRun): DeleteContext {
  return {
    aws: run.ctx.aws,
    clock: run.ctx.clock,
    reporter: run.reporter,
    step: 'retire',
    pollMs: run.pollMs,
    // A retired fleet is detached already: every target group of the service is where one of its
    // lingering instances could still be registered, so all are checked before a ForceDelete.
    targetGroupArns: resolvedTargetGroups(run.prepared.resolved).map((tg) => tg.arn),
  };
}
