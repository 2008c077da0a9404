import type { Aws, Group, TargetHealth } from '../aws/types.js';
import type { Clock } from '../clock/clock.js';
import { silentSink } from '../events/event.js';
import { Reporter } from '../events/reporter.js';
import { findFleets, type Fleet } from '../fleet/find-fleets.js';
import { readJournal } from '../journal/journal.js';
import type { Manifest } from '../manifest/types.js';
import { ProblemList } from '../resolve/problems.js';
import { resolveTraffic, type TrafficResolution } from '../resolve/resolve-traffic.js';
import { listReleases, type ReleaseRecord } from '../state/history.js';
import { readLease } from '../state/lease.js';
import type { StateContext } from '../state/state-context.js';
import { strategyFor } from '../traffic/index.js';
import type { FleetRef, TrafficContext } from '../traffic/strategy.js';
import type {
  ActivityStatus,
  DeployInProgress,
  FleetStatus,
  LeaseStatus,
  LiveStatus,
  ServiceStatus,
  StandbyStatus,
  TargetGroupStatus,
  TrafficStatus,
} from './service-status.js';

/** What reading a status needs: AWS and the clock that says what "now" is. */
export interface StatusContext {
  aws: Aws;
  clock: Clock;
}

/** How many scaling activities of the live fleet status shows. */
const ACTIVITY_LIMIT = 8;

/**
 * Reads where one service environment stands: the live release and its fleet, target health,
 * the traffic split, standbys and their expiry, an unfinished deploy and the lease holder, and
 * recent scaling activity. Changes nothing; a part that cannot be read becomes a warning.
 */
export async function readStatus(ctx: StatusContext, manifest: Manifest): Promise<ServiceStatus> {
  const now = ctx.clock.now();
  const state = stateOf(ctx, manifest);
  const problems = new ProblemList();
  const [fleets, releases, journal, lease, resolution] = await Promise.all([
    findFleets(ctx.aws, manifest.service, manifest.environment),
    listReleases(state, { limit: 20 }),
    readJournal(state),
    readLease(state),
    resolveTraffic(ctx.aws, manifest, problems),
  ]);
  const warnings = [...fleets.warnings, ...problems.items.map((p) => `${p.where}: ${p.message}`)];
  const liveGroup = fleets.live?.group;
  const [targetGroups, split, activity] = await Promise.all([
    targetGroupStatus(ctx.aws, resolution, liveGroup, fleets.all),
    problems.empty ? trafficStatus(ctx, manifest, resolution, fleets.all, warnings) : undefined,
    liveGroup ? activityOf(ctx.aws, liveGroup) : Promise.resolve([]),
  ]);
  const traffic = split && withOtherFleets(split, targetGroups);
  const status = journal?.record.status;
  return {
    service: manifest.service,
    environment: manifest.environment,
    region: ctx.aws.region,
    at: now,
    ...(fleets.live ? { live: liveStatus(fleets.live, releases, now) } : {}),
    targetGroups,
    ...(traffic ? { traffic } : {}),
    standbys: fleets.standbys.map((f) => standbyStatus(f, now)),
    ...(journal && (status === 'running' || status === 'needs-attention')
      ? { deploy: deployOf(journal.record, status) }
      : {}),
    ...(lease ? { lease: leaseOf(lease) } : {}),
    activity,
    warnings,
  };
}

function liveStatus(live: Fleet, releases: ReleaseRecord[], now: number): LiveStatus {
  const record =
    releases.find((r) => r.outcome === 'live' && r.groupName === live.group.name) ??
    releases.find((r) => r.id === live.releaseId);
  const since = record ? (record.finishedAt ?? record.startedAt) : undefined;
  return {
    releaseId: record?.id ?? live.releaseId,
    ...(record
      ? {
          kind: record.kind,
          ...(record.rolledBackTo ? { rolledBackTo: record.rolledBackTo } : {}),
          image: record.image,
          author: record.author,
          ...(record.message ? { message: record.message } : {}),
        }
      : {}),
    ...(since !== undefined ? { since, ageMs: now - since } : {}),
    fleet: fleetStatus(live.group),
  };
}

/** Capacity and instance counts of a group. */
export function fleetStatus(group: Group): FleetStatus {
  const instances: Record<string, number> = {};
  for (const i of group.instances) instances[i.lifecycleState] = (instances[i.lifecycleState] ?? 0) + 1;
  return {
    name: group.name,
    min: group.min,
    max: group.max,
    desired: group.desired,
    instances,
    unhealthyInstances: group.instances.filter((i) => i.healthStatus === 'Unhealthy').length,
  };
}

function standbyStatus(fleet: Fleet, now: number): StandbyStatus {
  const running = fleet.group.instances.filter((i) => i.lifecycleState === 'InService').length;
  const expiresAt = fleet.standbyExpiresAt;
  return {
    name: fleet.group.name,
    releaseId: fleet.releaseId,
    warm: fleet.group.desired > 0,
    running,
    desired: fleet.group.desired,
    ...(expiresAt !== undefined && fleet.group.desired > 0
      ? { expiresAt, expiresInMs: expiresAt - now }
      : {}),
  };
}

async function targetGroupStatus(
  aws: Aws,
  resolution: TrafficResolution,
  live: Group | undefined,
  fleets: Fleet[],
): Promise<TargetGroupStatus[]> {
  const byArn = new Map([...resolution.targetGroups.values()].map((tg) => [tg.arn, tg.name]));
  const ids = {
    live: new Set(live?.instances.map((i) => i.id)),
    ours: new Set(fleets.flatMap((f) => f.group.instances.map((i) => i.id))),
  };
  return Promise.all(
    [...byArn].map(async ([arn, name]) =>
      countTargets(arn, name, await aws.elbv2.describeTargetHealth(arn), ids),
    ),
  );
}

function countTargets(
  arn: string,
  name: string,
  targets: TargetHealth[],
  ids: { live: Set<string>; ours: Set<string> },
): TargetGroupStatus {
  const count = (state: string, list = targets): number => list.filter((t) => t.state === state).length;
  const live = targets.filter((t) => ids.live.has(t.id));
  const others = targets.filter((t) => !ids.ours.has(t.id));
  const known = ['healthy', 'unhealthy', 'initial', 'draining'];
  return {
    arn,
    name,
    healthy: count('healthy'),
    unhealthy: count('unhealthy'),
    initial: count('initial'),
    draining: count('draining'),
    other: targets.filter((t) => !known.includes(t.state)).length,
    live: { healthy: count('healthy', live), unhealthy: count('unhealthy', live) },
    otherFleets: { healthy: count('healthy', others), unhealthy: count('unhealthy', others) },
  };
}

/**
 * A target group can be shared with other environments or services (the examples share one
 * across environments): when none of this environment's fleets serves, the strategy's "no
 * healthy targets" must not read as contradicting a targets line that counts someone else's.
 */
function withOtherFleets(traffic: TrafficStatus, targetGroups: TargetGroupStatus[]): TrafficStatus {
  if (traffic.entries.some((e) => e.percent > 0)) return traffic;
  const shared = targetGroups.filter((tg) => tg.otherFleets.healthy > 0);
  if (shared.length === 0) return traffic;
  const names = targetGroups.map((tg) => tg.name).join(', ');
  const healthy = shared.reduce((sum, tg) => sum + tg.otherFleets.healthy, 0);
  const targets = healthy === 1 ? 'target' : 'targets';
  return {
    ...traffic,
    summary: `no healthy targets of this environment's fleets in ${names} (${healthy} healthy ${targets} of other fleets)`,
  };
}

async function trafficStatus(
  ctx: StatusContext,
  manifest: Manifest,
  resolved: TrafficResolution,
  fleets: Fleet[],
  warnings: string[],
): Promise<TrafficStatus | undefined> {
  try {
    const strategy = strategyFor(manifest, {
      targetGroups: Object.fromEntries([...resolved.targetGroups].map(([ref, tg]) => [ref, tg.arn])),
      loadBalancers: Object.fromEntries([...resolved.loadBalancers].map(([ref, lb]) => [ref, lb.arn])),
      ...(resolved.traffic?.strategy === 'dns' ? { zoneId: resolved.traffic.zoneId } : {}),
    });
    const refs: FleetRef[] = fleets
      .filter((f) => f.role === 'live' || f.role === 'deploying' || f.group.targetGroupArns.length > 0)
      .map((f) => ({ name: f.group.name, slot: f.slot, targetGroupArns: f.group.targetGroupArns }));
    const split = await strategy.split(splitContext(ctx, manifest), refs);
    return { strategy: strategy.name, summary: split.summary, entries: split.entries };
  } catch (error) {
    warnings.push(
      `could not read the traffic split: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}

function splitContext(ctx: StatusContext, manifest: Manifest): TrafficContext {
  return {
    aws: ctx.aws,
    clock: ctx.clock,
    reporter: new Reporter(silentSink, ctx.clock),
    manifest,
    store: manifest.state,
    releaseId: '',
    pollMs: 5_000,
    verifyTimeoutMs: 0,
    checkpoint: async () => {},
    step: 'status',
  };
}

async function activityOf(aws: Aws, group: Group): Promise<ActivityStatus[]> {
  const activities = await aws.autoScaling.describeActivities(group.name, { max: ACTIVITY_LIMIT });
  return activities.map((a) => ({
    at: a.startTime,
    status: a.status,
    description: a.description,
    cause: a.cause,
    // The ASG's own health check takes an unhealthy instance out; the launch that follows replaces it.
    replacement: /health check/i.test(a.cause),
  }));
}

function deployOf(
  record: NonNullable<Awaited<ReturnType<typeof readJournal>>>['record'],
  status: 'running' | 'needs-attention',
): DeployInProgress {
  return {
    deployId: record.deployId,
    releaseId: record.releaseId,
    kind: record.kind,
    status,
    lastStep: record.steps.at(-1)?.step ?? 'start',
    startedAt: record.startedAt,
    updatedAt: record.updatedAt,
    author: record.author,
  };
}

function leaseOf(lease: NonNullable<Awaited<ReturnType<typeof readLease>>>): LeaseStatus {
  return {
    state: lease.expired ? 'expired' : 'held',
    holder: lease.holder.arn,
    host: lease.holder.host,
    command: lease.holder.command,
    ...(lease.holder.releaseId ? { releaseId: lease.holder.releaseId } : {}),
    expiresAt: lease.expiresAt,
  };
}

function stateOf(ctx: StatusContext, manifest: Manifest): StateContext {
  return {
    aws: ctx.aws,
    clock: ctx.clock,
    store: manifest.state,
    service: manifest.service,
    environment: manifest.environment,
  };
}
