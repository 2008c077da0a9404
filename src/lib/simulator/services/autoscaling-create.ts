import type {
  CreateAutoScalingGroupCommandInput,
  LaunchTemplateSpecification,
  MixedInstancesPolicy,
} from '@aws-sdk/client-auto-scaling';

import { validationError } from '../aws-fault.js';
import { resolveVersion } from '../model/launch.js';
import type { GroupState } from '../types.js';
import type { World } from '../world.js';
import { copy } from './shapes.js';

type TemplateFields = Pick<GroupState, 'launchTemplate' | 'mixedInstancesPolicy' | 'instanceTypes'>;

function resolveSpec(
  world: World,
  spec: LaunchTemplateSpecification,
): { id: string; name: string; version: string } {
  const template = spec.LaunchTemplateId
    ? world.state.launchTemplates[spec.LaunchTemplateId]
    : Object.values(world.state.launchTemplates).find((t) => t.name === spec.LaunchTemplateName);
  const label = spec.LaunchTemplateId
    ? `template ID ${spec.LaunchTemplateId}`
    : `template name ${spec.LaunchTemplateName}`;
  if (!template)
    throw validationError(
      `You must use a valid fully-formed launch template. The specified launch template, with ${label}, does not exist.`,
    );
  const version = spec.Version ?? '$Default';
  if (!resolveVersion(world, template.id, version)) {
    throw validationError(
      `You must use a valid fully-formed launch template. The specified launch template, with ${label}, version ${version}, does not exist.`,
    );
  }
  return { id: template.id, name: template.name, version };
}

/** The launch template (or mixed instances policy) of a create or update request, checked. */
export function resolveTemplateSpec(
  world: World,
  input: { LaunchTemplate?: LaunchTemplateSpecification; MixedInstancesPolicy?: MixedInstancesPolicy },
): TemplateFields {
  if (input.LaunchTemplate && input.MixedInstancesPolicy) {
    throw validationError(
      'Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.',
    );
  }
  if (input.LaunchTemplate)
    return {
      launchTemplate: resolveSpec(world, input.LaunchTemplate),
      mixedInstancesPolicy: undefined,
      instanceTypes: [],
    };
  const policy = input.MixedInstancesPolicy;
  const spec = policy?.LaunchTemplate?.LaunchTemplateSpecification;
  if (!policy || !spec) {
    throw validationError(
      'Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.',
    );
  }
  const launchTemplate = resolveSpec(world, spec);
  const stored = copy(policy) as Record<string, unknown> & {
    LaunchTemplate: { LaunchTemplateSpecification: LaunchTemplateSpecification };
  };
  stored.LaunchTemplate.LaunchTemplateSpecification = {
    LaunchTemplateId: launchTemplate.id,
    LaunchTemplateName: launchTemplate.name,
    Version: launchTemplate.version,
  };
  const instanceTypes = (policy.LaunchTemplate?.Overrides ?? []).flatMap((o) =>
    o.InstanceType ? [o.InstanceType] : [],
  );
  return { launchTemplate, mixedInstancesPolicy: stored, instanceTypes };
}

/** The subnets of a VPCZoneIdentifier, each of which must exist. */
export function resolveSubnets(world: World, vpcZoneIdentifier: string | undefined): string[] {
  const ids = (vpcZoneIdentifier ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw validationError('At least one Availability Zone or VPC Subnet is required.');
  for (const id of ids)
    if (!world.state.subnets[id]) throw validationError(`The subnet ID '${id}' does not exist`);
  return ids;
}

/** Target group ARNs an ASG is asked to join; AWS refuses ones that do not exist. */
export function resolveTargetGroups(world: World, arns: string[] | undefined): string[] {
  for (const arn of arns ?? []) {
    if (!world.state.targetGroups[arn])
      throw validationError(
        'Provided Target Groups may not be valid. Please ensure they exist and try again.',
      );
  }
  return [...new Set(arns ?? [])];
}

/** A new group's state from CreateAutoScalingGroup's input, validated as AWS validates it. */
export function groupFromInput(world: World, input: CreateAutoScalingGroupCommandInput): GroupState {
  const name = input.AutoScalingGroupName ?? '';
  if (!/^[\S ]{1,255}$/.test(name))
    throw validationError(`The AutoScalingGroup name '${name}' is not valid.`);
  const template = resolveTemplateSpec(world, input);
  const min = input.MinSize ?? 0;
  const max = input.MaxSize ?? 0;
  return {
    name,
    arn: `arn:aws:autoscaling:${world.state.region}:${world.state.account}:autoScalingGroup:${world.uuid()}:autoScalingGroupName/${name}`,
    createdAt: world.now,
    visibleAt: world.now + world.state.faults.consistencyDelayMs,
    ...template,
    min,
    max,
    desired: input.DesiredCapacity ?? min,
    defaultCooldown: input.DefaultCooldown ?? 300,
    subnetIds: resolveSubnets(world, input.VPCZoneIdentifier),
    targetGroupArns: resolveTargetGroups(world, input.TargetGroupARNs),
    healthCheckType: input.HealthCheckType === 'ELB' ? 'ELB' : 'EC2',
    healthCheckGracePeriodSec: input.HealthCheckGracePeriod ?? 0,
    tags: (input.Tags ?? []).map((t) => ({
      key: t.Key ?? '',
      value: t.Value ?? '',
      propagateAtLaunch: t.PropagateAtLaunch ?? false,
    })),
    suspended: [],
    instances: [],
    activities: [],
    scheduledActions: {},
    policies: {},
    deleting: false,
    launchCount: 0,
  };
}
