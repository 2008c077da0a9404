import { TAG } from '../fleet/tags.js';
import type { DeployRun } from './deploy-run.js';
import { resolvedTargetGroups } from './prepare.js';
import { recordLive } from './release-record.js';
import { installScalingPolicies, requestCountResourceLabel, scalingPolicySpecs } from './scaling-policies.js';
import { together } from './together.js';

/**
 * Unpins the new fleet's min, installs the scaling policies and records the release as live. The
 * group's changes go one at a time (AWS may answer concurrent changes to one group with
 * ResourceContention); the release records are S3 objects and are written alongside. A crash
 * part-way leaves a step that `--resume` runs again (each part is idempotent).
 */
export async function finishRelease(run: DeployRun): Promise<void> {
  const plan = run.journal.plan;
  if (!plan) throw new Error('the journal has no plan');
  await together([finishFleet(run, plan.newGroup, plan.newCapacity), recordLive(run)]);
}

async function finishFleet(
  run: DeployRun,
  name: string,
  capacity: { min: number; max: number },
): Promise<void> {
  const { aws } = run.ctx;
  await aws.autoScaling.updateCapacity(name, { min: capacity.min, max: capacity.max });
  await installScalingPolicies(aws, name, scalingPolicySpecs(run.manifest.scaling, resourceLabel(run)));
  await aws.autoScaling.setTags(name, { [TAG.role]: 'live' });
}

function resourceLabel(run: DeployRun): string | undefined {
  const arn = run.journal.plan?.targetGroupArns[0];
  const tg = resolvedTargetGroups(run.prepared.resolved).find((g) => g.arn === arn);
  return requestCountResourceLabel(tg?.loadBalancerArns[0], arn);
}
