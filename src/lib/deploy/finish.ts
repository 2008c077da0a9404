import { TAG } from '../fleet/tags.js';
import type { DeployRun } from './deploy-run.js';
import { resolvedTargetGroups } from './prepare.js';
import { recordLive } from './release-record.js';
import { installScalingPolicies, requestCountResourceLabel, scalingPolicySpecs } from './scaling-policies.js';
import { together } from './together.js';

/**
 * Unpins the new fleet's min, installs the scaling policies and records the release as live. The
 * old fleet is retired by now, so none of these depends on another: they go out together, and a
 * crash part-way leaves a step that `--resume` runs again (each part is idempotent).
 */
export async function finishRelease(run: DeployRun): Promise<void> {
  const { aws } = run.ctx;
  const plan = run.journal.plan;
  if (!plan) throw new Error('the journal has no plan');
  const { min, max } = plan.newCapacity;
  await together([
    aws.autoScaling.updateCapacity(plan.newGroup, { min, max }),
    installScalingPolicies(aws, plan.newGroup, scalingPolicySpecs(run.manifest.scaling, resourceLabel(run))),
    aws.autoScaling.setTags(plan.newGroup, { [TAG.role]: 'live' }),
    recordLive(run),
  ]);
}

function resourceLabel(run: DeployRun): string | undefined {
  const arn = run.journal.plan?.targetGroupArns[0];
  const tg = resolvedTargetGroups(run.prepared.resolved).find((g) => g.arn === arn);
  return requestCountResourceLabel(tg?.loadBalancerArns[0], arn);
}
