import { actionTargets, drainMs, targetGroupInUse } from './model/targets.js';
import type { ActionState, Faults } from './types.js';
import type { World } from './world.js';

/** One fleet (Auto Scaling group) as `odin simulator show` lists it. */
export interface FleetSnapshot {
  name: string;
  min: number;
  max: number;
  desired: number;
  status?: string;
  healthCheckType: string;
  launchTemplate?: { id: string; name: string; version: string };
  targetGroups: string[];
  suspendedProcesses: string[];
  tags: Record<string, string>;
  instances: Array<{
    id: string;
    lifecycleState: string;
    healthStatus: string;
    availabilityZone: string;
    imageId: string;
    launchedAt: string;
    dead: boolean;
  }>;
}

/** Plain-JSON view of the whole local cloud, for `odin simulator show --json` and for tests. */
export interface LocalCloudSnapshot {
  now: string;
  nowMs: number;
  account: string;
  region: string;
  faults: Faults;
  fleets: FleetSnapshot[];
  targetGroups: Array<{
    name: string;
    arn: string;
    inUse: boolean;
    deregistrationDelaySec: number;
    targets: Array<{ id: string; state: string; reason?: string }>;
  }>;
  listeners: Array<{
    arn: string;
    loadBalancer: string;
    port: number;
    protocol: string;
    forward: Array<{ targetGroup: string; weight: number }>;
  }>;
  rules: Array<{
    arn: string;
    listenerArn: string;
    priority: string;
    forward: Array<{ targetGroup: string; weight: number }>;
  }>;
  records: Array<{
    zone: string;
    name: string;
    type: string;
    setIdentifier?: string;
    weight?: number;
    ttl?: number;
    values?: string[];
    alias?: string;
  }>;
  pendingChanges: number;
  images: Array<{ id: string; name: string; state: string; bad: boolean }>;
  launchTemplates: Array<{ id: string; name: string; latestVersion: number; defaultVersion: number }>;
  alarms: Array<{ name: string; state: string }>;
  buckets: Array<{ name: string; keys: string[] }>;
}

function weights(world: World, actions: ActionState[]): Array<{ targetGroup: string; weight: number }> {
  const forward = actions.find((a) => a.Type === 'forward');
  if (!forward) return [];
  const config = forward.ForwardConfig as
    { TargetGroups?: Array<{ TargetGroupArn?: string; Weight?: number }> } | undefined;
  const entries =
    config?.TargetGroups ?? actionTargets(forward).map((arn) => ({ TargetGroupArn: arn, Weight: 1 }));
  return entries.map((e) => ({
    targetGroup: world.state.targetGroups[e.TargetGroupArn ?? '']?.name ?? e.TargetGroupArn ?? '',
    weight: e.Weight ?? 1,
  }));
}

function fleets(world: World): FleetSnapshot[] {
  return Object.values(world.state.groups)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((g) => ({
      name: g.name,
      min: g.min,
      max: g.max,
      desired: g.desired,
      status: g.deleting ? 'Delete in progress' : undefined,
      healthCheckType: g.healthCheckType,
      launchTemplate: g.launchTemplate && { ...g.launchTemplate },
      targetGroups: g.targetGroupArns.map((arn) => world.state.targetGroups[arn]?.name ?? arn),
      suspendedProcesses: [...g.suspended],
      tags: Object.fromEntries(g.tags.map((t) => [t.key, t.value])),
      instances: g.instances.flatMap((id) => {
        const i = world.state.instances[id];
        if (!i) return [];
        const launchedAt = new Date(i.launchedAt).toISOString();
        return [
          {
            id,
            lifecycleState: i.lifecycleState,
            healthStatus: i.healthStatus,
            availabilityZone: i.availabilityZone,
            imageId: i.imageId,
            launchedAt,
            dead: i.diedAt !== undefined,
          },
        ];
      }),
    }));
}

function targetGroups(world: World): LocalCloudSnapshot['targetGroups'] {
  return Object.values(world.state.targetGroups).map((tg) => {
    const inUse = targetGroupInUse(world, tg.arn);
    const targets = Object.values(tg.targets).map((t) => ({
      id: t.id,
      state: inUse || t.state === 'draining' ? t.state : 'unused',
      reason: t.reason,
    }));
    return { name: tg.name, arn: tg.arn, inUse, deregistrationDelaySec: drainMs(tg) / 1000, targets };
  });
}

function traffic(world: World): Pick<LocalCloudSnapshot, 'listeners' | 'rules'> {
  const s = world.state;
  return {
    listeners: Object.values(s.listeners).map((l) => ({
      arn: l.arn,
      loadBalancer: s.loadBalancers[l.loadBalancerArn]?.name ?? l.loadBalancerArn,
      port: l.port,
      protocol: l.protocol,
      forward: weights(world, l.defaultActions),
    })),
    rules: Object.values(s.rules).map((r) => ({
      arn: r.arn,
      listenerArn: r.listenerArn,
      priority: r.priority,
      forward: weights(world, r.actions),
    })),
  };
}

function records(world: World): LocalCloudSnapshot['records'] {
  return Object.values(world.state.hostedZones).flatMap((z) =>
    z.records
      .filter((r) => r.type !== 'NS' && r.type !== 'SOA')
      .map((r) => ({
        zone: z.name,
        name: r.name,
        type: r.type,
        setIdentifier: r.setIdentifier,
        weight: r.weight,
        ttl: r.ttl,
        values: r.values,
        alias: r.alias?.dnsName,
      })),
  );
}

/** Takes a plain-JSON snapshot of the world as it is now (advance the model first). */
export function takeSnapshot(world: World): LocalCloudSnapshot {
  const s = world.state;
  return {
    now: new Date(s.now).toISOString(),
    nowMs: s.now,
    account: s.account,
    region: s.region,
    faults: JSON.parse(JSON.stringify(s.faults)) as Faults,
    fleets: fleets(world),
    targetGroups: targetGroups(world),
    ...traffic(world),
    records: records(world),
    pendingChanges: Object.values(s.changes).filter((c) => c.insyncAt > s.now).length,
    images: Object.values(s.images).map((i) => ({ id: i.id, name: i.name, state: i.state, bad: i.bad })),
    launchTemplates: Object.values(s.launchTemplates).map((t) => ({
      id: t.id,
      name: t.name,
      latestVersion: t.latestVersion,
      defaultVersion: t.defaultVersion,
    })),
    alarms: Object.values(s.alarms).map((a) => ({ name: a.name, state: a.state })),
    buckets: Object.values(s.buckets).map((b) => ({ name: b.name, keys: Object.keys(b.objects).sort() })),
  };
}
