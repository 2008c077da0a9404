import type { Aws, Group, TargetGroup, TargetHealth, TargetState } from '../aws/types.js';
import type { Manifest } from '../manifest/types.js';

/** A fleet's targets in one target group. */
export interface TargetGroupCounts {
  targetGroupArn: string;
  registered: number;
  healthy: number;
  unhealthy: number;
  initial: number;
  draining: number;
}

/** A fleet's health across its gating target groups, as one poll saw it. */
export interface FleetHealth {
  groupName: string;
  desired: number;
  /** Instances the ASG reports InService and Healthy. */
  inService: number;
  /** Instances healthy in EVERY gating target group (what serves). */
  healthyInAll: number;
  /** Instances registered (health checks running or passed, not draining) in every gating target group. */
  registeredInAll: number;
  perTargetGroup: TargetGroupCounts[];
  /** Instance ids healthy in every target group. */
  healthyIds: string[];
  /** True when at least `percent`% of desired (at least one, at least `minHealthy`) are healthy everywhere. */
  isHealthyEnough(percent: number, minHealthy?: number): boolean;
}

/** How many instances `percent`% of `desired` means; at least one so "healthy" never means empty. */
export function requiredHealthy(desired: number, percent: number): number {
  return Math.max(1, Math.ceil((desired * percent) / 100));
}

/** Healthy serving capacity may never drop below this (invariant 2): health.floor, else min, at least 1. */
export function servingFloor(manifest: Manifest, desired: number): number {
  return Math.min(desired, Math.max(1, manifest.health.floor ?? manifest.capacity.min));
}

/** Reads one fleet's health: one DescribeTargetHealth per target group, whatever the fleet size. */
export async function healthOf(aws: Aws, group: Group, targetGroupArns: string[]): Promise<FleetHealth> {
  return healthFrom(group, await readTargetHealth(aws, targetGroupArns));
}

/** Each target group's targets, read at the same time: one DescribeTargetHealth per target group. */
export async function readTargetHealth(
  aws: Aws,
  targetGroupArns: string[],
): Promise<Map<string, TargetHealth[]>> {
  const read = await Promise.all(targetGroupArns.map((arn) => aws.elbv2.describeTargetHealth(arn)));
  return new Map(targetGroupArns.map((arn, i) => [arn, read[i] ?? []]));
}

/**
 * Describes a group and reads its target groups' health in one round trip (the calls do not
 * depend on each other); `health` is undefined when the group is not listed.
 */
export async function readFleetHealth(
  aws: Aws,
  groupName: string,
  targetGroupArns: string[],
): Promise<{ group?: Group; health?: FleetHealth }> {
  const [[group], targets] = await Promise.all([
    aws.autoScaling.describeGroups([groupName]),
    readTargetHealth(aws, targetGroupArns),
  ]);
  return group ? { group, health: healthFrom(group, targets) } : {};
}

/** A fleet's health from target health already read (`targets` by target group ARN). */
export function healthFrom(group: Group, targets: Map<string, TargetHealth[]>): FleetHealth {
  const ids = new Set(group.instances.map((i) => i.id));
  const inServiceIds = group.instances
    .filter((i) => i.lifecycleState === 'InService' && i.healthStatus === 'Healthy')
    .map((i) => i.id);
  const perTargetGroup: TargetGroupCounts[] = [];
  let healthyEverywhere = new Set(inServiceIds);
  let registeredEverywhere = new Set(inServiceIds);
  for (const [arn, all] of targets) {
    const mine = all.filter((t) => ids.has(t.id));
    perTargetGroup.push(
      countTargets(
        arn,
        mine.map((t) => t.state),
      ),
    );
    const healthy = new Set(mine.filter((t) => t.state === 'healthy').map((t) => t.id));
    const registered = new Set(mine.filter((t) => isChecked(t.state)).map((t) => t.id));
    healthyEverywhere = new Set([...healthyEverywhere].filter((id) => healthy.has(id)));
    registeredEverywhere = new Set([...registeredEverywhere].filter((id) => registered.has(id)));
  }
  const healthyIds = [...healthyEverywhere];
  return {
    groupName: group.name,
    desired: group.desired,
    inService: inServiceIds.length,
    healthyInAll: healthyIds.length,
    registeredInAll: registeredEverywhere.size,
    perTargetGroup,
    healthyIds,
    isHealthyEnough: (percent, minHealthy = 0) =>
      healthyIds.length >= Math.max(minHealthy, requiredHealthy(group.desired, percent)),
  };
}

/**
 * How long after registering a target can first be healthy in all of `targetGroups`: the
 * slowest group's health-check interval × healthy threshold.
 */
export function healthCheckSpanMs(targetGroups: TargetGroup[]): number {
  return Math.max(
    0,
    ...targetGroups.map((tg) => tg.healthCheck.intervalSec * tg.healthCheck.healthyThreshold * 1000),
  );
}

function isChecked(state: TargetState): boolean {
  return state === 'initial' || state === 'healthy' || state === 'unhealthy';
}

function countTargets(targetGroupArn: string, states: TargetState[]): TargetGroupCounts {
  const count = (s: TargetState): number => states.filter((x) => x === s).length;
  return {
    targetGroupArn,
    registered: states.length,
    healthy: count('healthy'),
    unhealthy: count('unhealthy'),
    initial: count('initial'),
    draining: count('draining'),
  };
}
