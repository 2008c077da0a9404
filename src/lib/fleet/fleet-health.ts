import type { Aws, Group, TargetState } from '../aws/types.js';
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
  const ids = new Set(group.instances.map((i) => i.id));
  const inServiceIds = group.instances
    .filter((i) => i.lifecycleState === 'InService' && i.healthStatus === 'Healthy')
    .map((i) => i.id);
  const perTargetGroup: TargetGroupCounts[] = [];
  let healthyEverywhere = new Set(inServiceIds);
  for (const arn of targetGroupArns) {
    const targets = (await aws.elbv2.describeTargetHealth(arn)).filter((t) => ids.has(t.id));
    perTargetGroup.push(
      countTargets(
        arn,
        targets.map((t) => t.state),
      ),
    );
    const healthy = new Set(targets.filter((t) => t.state === 'healthy').map((t) => t.id));
    healthyEverywhere = new Set([...healthyEverywhere].filter((id) => healthy.has(id)));
  }
  const healthyIds = [...healthyEverywhere];
  return {
    groupName: group.name,
    desired: group.desired,
    inService: inServiceIds.length,
    healthyInAll: healthyIds.length,
    perTargetGroup,
    healthyIds,
    isHealthyEnough: (percent, minHealthy = 0) =>
      healthyIds.length >= Math.max(minHealthy, requiredHealthy(group.desired, percent)),
  };
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
