import type { Aws, Group } from '../aws/types.js';
import {
  installScalingPolicies,
  requestCountResourceLabel,
  scalingPolicySpecs,
} from '../deploy/scaling-policies.js';
import type { Manifest } from '../manifest/types.js';

/** Which odin policies a fleet has after re-applying the manifest's, and which were removed. */
export interface PolicyChange {
  installed: string[];
  removed: string[];
}

/**
 * Re-applies the manifest's target-tracking policies to a fleet with the deploy's own installer,
 * removing odin policies the manifest no longer lists; policies someone added by hand (not named
 * `odin-*`) are left alone.
 */
export async function applyScalingPolicies(
  aws: Aws,
  manifest: Manifest,
  group: Group,
): Promise<PolicyChange> {
  const before = (await aws.autoScaling.describePolicies(group.name))
    .map((p) => p.name)
    .filter((name) => name.startsWith('odin-'));
  const specs = scalingPolicySpecs(manifest.scaling, await resourceLabel(aws, group));
  await installScalingPolicies(aws, group.name, specs);
  const installed = specs.map((s) => s.name);
  return { installed, removed: before.filter((name) => !installed.includes(name)) };
}

/** ALBRequestCountPerTarget is measured on the target group the fleet serves from, behind its load balancer. */
async function resourceLabel(aws: Aws, group: Group): Promise<string | undefined> {
  const arn = group.targetGroupArns[0];
  if (!arn) return undefined;
  const [tg] = await aws.elbv2.findTargetGroups([arn]);
  return requestCountResourceLabel(tg?.loadBalancerArns[0], arn);
}
