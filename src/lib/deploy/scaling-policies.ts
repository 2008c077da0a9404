import type { Aws, ScalingPolicySpec } from '../aws/types.js';
import type { ScalingPolicy } from '../manifest/types.js';
import { together } from './together.js';

/** The Auto Scaling target-tracking policies a manifest asks for, named `odin-<kind>`. */
export function scalingPolicySpecs(policies: ScalingPolicy[], resourceLabel?: string): ScalingPolicySpec[] {
  return policies.map((policy) => {
    const base = {
      name: `odin-${policy.kind}`,
      targetValue: policy.target,
      disableScaleIn: policy.disableScaleIn,
    };
    switch (policy.kind) {
      case 'cpu':
        return { ...base, predefined: { metric: 'ASGAverageCPUUtilization' as const } };
      case 'requests-per-target':
        return { ...base, predefined: { metric: 'ALBRequestCountPerTarget' as const, resourceLabel } };
      case 'metric':
        return {
          ...base,
          custom: {
            namespace: policy.namespace,
            metricName: policy.metric,
            statistic: policy.statistic,
            dimensions: Object.entries(policy.dimensions).map(([name, value]) => ({ name, value })),
            ...(policy.unit ? { unit: policy.unit } : {}),
          },
        };
    }
  });
}

/**
 * ALBRequestCountPerTarget needs `app/<lb>/<id>/targetgroup/<tg>/<id>`: the suffixes of the
 * load balancer's and the target group's ARNs.
 */
export function requestCountResourceLabel(
  loadBalancerArn: string | undefined,
  targetGroupArn: string | undefined,
): string | undefined {
  if (!loadBalancerArn || !targetGroupArn) return undefined;
  const lb = /:loadbalancer\/(.+)$/.exec(loadBalancerArn)?.[1];
  const tg = /:(targetgroup\/.+)$/.exec(targetGroupArn)?.[1];
  return lb && tg ? `${lb}/${tg}` : undefined;
}

/**
 * Installs the policies on a group and removes odin policies the manifest no longer lists.
 * Idempotent. The read of what is there goes out with the first put (only policies the manifest
 * does not list are deleted, so it need not see the puts); the changes go one at a time, since
 * AWS may answer concurrent changes to one group with ResourceContention.
 */
export async function installScalingPolicies(
  aws: Aws,
  groupName: string,
  specs: ScalingPolicySpec[],
): Promise<void> {
  const wanted = new Set(specs.map((s) => s.name));
  const puts = async (): Promise<void> => {
    for (const spec of specs) await aws.autoScaling.putScalingPolicy(groupName, spec);
  };
  const [existing] = await together([aws.autoScaling.describePolicies(groupName), puts()]);
  for (const stale of existing.filter((p) => p.name.startsWith('odin-') && !wanted.has(p.name)))
    await aws.autoScaling.deletePolicy(groupName, stale.name);
}
