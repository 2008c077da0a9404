import type {
  AutoScalingGroup,
  Instance,
  TagDescription,
  CreateAutoScalingGroupCommandInput,
  DeleteAutoScalingGroupCommandInput,
  DescribeAutoScalingGroupsCommandInput,
  DescribeAutoScalingGroupsCommandOutput,
  SetDesiredCapacityCommandInput,
  UpdateAutoScalingGroupCommandInput,
} from '@aws-sdk/client-auto-scaling';

import { AwsFault, lengthConstraint, validationError } from '../aws-fault.js';
import { addActivity, causeTime } from '../model/activities.js';
import { beginTermination, liveInstances, reconcile } from '../model/fleet.js';
import type { GroupState } from '../types.js';
import type { World } from '../world.js';
import { copy, date, page, passesFilters, type Handler } from './shapes.js';
import { groupFromInput, resolveSubnets, resolveTemplateSpec } from './autoscaling-create.js';

type Out<T> = Omit<T, '$metadata'>;

/** How many Auto Scaling groups one account may have per region (AWS's default quota). */
export const GROUP_QUOTA = 500;

/** The group, or AWS's ValidationError for a missing (or deleting) one. */
export function requireGroup(
  world: World,
  name: string | undefined,
  options: { allowDeleting?: boolean } = {},
): GroupState {
  const group = world.state.groups[name ?? ''];
  if (!group) throw validationError(`AutoScalingGroup name not found - AutoScalingGroup ${name} not found`);
  if (group.deleting && !options.allowDeleting) {
    throw new AwsFault('ScalingActivityInProgress', `AutoScalingGroup ${name} is pending delete.`);
  }
  return group;
}

function checkBounds(min: number, max: number, desired: number): void {
  if (min > max)
    throw validationError(`Max bound, ${max}, must be greater than or equal to min bound, ${min}`);
  if (desired < min || desired > max) {
    throw validationError(
      `Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`,
    );
  }
}

function createAutoScalingGroup(world: World, input: CreateAutoScalingGroupCommandInput): object {
  const name = input.AutoScalingGroupName ?? '';
  if (world.state.groups[name]) {
    throw new AwsFault(
      'AlreadyExists',
      `AutoScalingGroup by this name already exists - A group with the name ${name} already exists`,
    );
  }
  if (Object.keys(world.state.groups).length >= GROUP_QUOTA) {
    throw new AwsFault('LimitExceeded', `You have reached your quota of ${GROUP_QUOTA} Auto Scaling groups.`);
  }
  const group = groupFromInput(world, input);
  checkBounds(group.min, group.max, group.desired);
  world.state.groups[name] = group;
  if (group.desired > 0) {
    addActivity(world, group, {
      description: `Created AutoScalingGroup ${name}`,
      cause: `At ${causeTime(world.now)} a user request created an AutoScalingGroup changing the desired capacity from 0 to ${group.desired}.`,
      status: 'Successful',
      endTime: world.now,
    });
  }
  reconcile(world, group);
  return {};
}

function instanceShapes(world: World, group: GroupState): Instance[] {
  return group.instances.flatMap((id) => {
    const i = world.state.instances[id];
    if (!i) return [];
    const lt = {
      LaunchTemplateId: i.launchTemplate.id,
      LaunchTemplateName: i.launchTemplate.name,
      Version: i.launchTemplate.version,
    };
    const {
      instanceType: InstanceType,
      availabilityZone: AvailabilityZone,
      lifecycleState: LifecycleState,
      healthStatus: HealthStatus,
    } = i;
    return [
      {
        InstanceId: i.id,
        InstanceType,
        AvailabilityZone,
        LifecycleState,
        HealthStatus,
        LaunchTemplate: lt,
        ProtectedFromScaleIn: false,
      },
    ];
  });
}

function tagShapes(group: GroupState): TagDescription[] {
  return group.tags.map((t) => ({
    ResourceId: group.name,
    ResourceType: 'auto-scaling-group',
    Key: t.key,
    Value: t.value,
    PropagateAtLaunch: t.propagateAtLaunch,
  }));
}

// AWS reports either the launch template or the mixed instances policy, as the group was created.
function templateShape(group: GroupState): Pick<AutoScalingGroup, 'LaunchTemplate' | 'MixedInstancesPolicy'> {
  const lt = group.launchTemplate;
  if (group.mixedInstancesPolicy) return { MixedInstancesPolicy: copy(group.mixedInstancesPolicy) };
  return lt
    ? { LaunchTemplate: { LaunchTemplateId: lt.id, LaunchTemplateName: lt.name, Version: lt.version } }
    : {};
}

/** The group in the SDK's DescribeAutoScalingGroups shape. */
export function groupShape(world: World, group: GroupState): AutoScalingGroup {
  const instances = instanceShapes(world, group);
  const azs = [
    ...new Set(
      group.subnetIds.map((s) => world.state.subnets[s]?.availabilityZone ?? `${world.state.region}a`),
    ),
  ];
  return {
    AutoScalingGroupName: group.name,
    AutoScalingGroupARN: group.arn,
    ...templateShape(group),
    MinSize: group.min,
    MaxSize: group.max,
    DesiredCapacity: group.desired,
    DefaultCooldown: group.defaultCooldown,
    AvailabilityZones: azs,
    LoadBalancerNames: [],
    TargetGroupARNs: [...group.targetGroupArns],
    TrafficSources: group.targetGroupArns.map((arn) => ({ Identifier: arn, Type: 'elbv2' })),
    HealthCheckType: group.healthCheckType,
    HealthCheckGracePeriod: group.healthCheckGracePeriodSec,
    Instances: instances,
    CreatedTime: date(group.createdAt),
    SuspendedProcesses: group.suspended.map((p) => ({
      ProcessName: p,
      SuspensionReason: `User suspended at ${causeTime(group.createdAt)}`,
    })),
    VPCZoneIdentifier: group.subnetIds.join(','),
    EnabledMetrics: [],
    Tags: tagShapes(group),
    TerminationPolicies: ['Default'],
    NewInstancesProtectedFromScaleIn: false,
    ServiceLinkedRoleARN: `arn:aws:iam::${world.state.account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
    CapacityRebalance: false,
    ...(group.deleting ? { Status: 'Delete in progress' } : {}),
  };
}

function groupTagFilter(group: GroupState, name: string): string | string[] | undefined {
  if (name.startsWith('tag:')) return group.tags.find((t) => t.key === name.slice(4))?.value;
  if (name === 'tag-key') return group.tags.map((t) => t.key);
  if (name === 'tag-value') return group.tags.map((t) => t.value);
  return undefined;
}

function describeAutoScalingGroups(
  world: World,
  input: DescribeAutoScalingGroupsCommandInput,
): Out<DescribeAutoScalingGroupsCommandOutput> {
  const names = input.AutoScalingGroupNames;
  if (names && names.length > 50) throw lengthConstraint('autoScalingGroupNames', names, 50);
  const max = input.MaxRecords ?? 50;
  if (max < 1 || max > 100)
    throw validationError(
      `1 validation error detected: Value '${max}' at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to 100`,
    );
  // Eventual consistency: a group just created may not be listed yet.
  const candidates =
    names && names.length > 0 ? names.map((n) => world.state.groups[n]) : Object.values(world.state.groups);
  const found = candidates
    .filter((g): g is GroupState => g !== undefined && g.visibleAt <= world.now)
    .filter((g) => passesFilters(input.Filters, (name) => groupTagFilter(g, name)))
    .sort((a, b) => a.name.localeCompare(b.name));
  const { items, next } = page(found, input.NextToken, max);
  return { AutoScalingGroups: items.map((g) => groupShape(world, g)), NextToken: next };
}

function updateAutoScalingGroup(world: World, input: UpdateAutoScalingGroupCommandInput): object {
  const group = requireGroup(world, input.AutoScalingGroupName);
  const min = input.MinSize ?? group.min;
  const max = input.MaxSize ?? group.max;
  let desired = input.DesiredCapacity ?? group.desired;
  // AWS moves desired into the new bounds when only min or max was given.
  if (input.DesiredCapacity === undefined) desired = Math.min(max, Math.max(min, desired));
  checkBounds(min, max, desired);
  const template =
    input.LaunchTemplate || input.MixedInstancesPolicy ? resolveTemplateSpec(world, input) : undefined;
  const subnetIds =
    input.VPCZoneIdentifier !== undefined ? resolveSubnets(world, input.VPCZoneIdentifier) : undefined;
  if (template) Object.assign(group, template);
  if (subnetIds) group.subnetIds = subnetIds;
  if (input.HealthCheckType) group.healthCheckType = input.HealthCheckType === 'ELB' ? 'ELB' : 'EC2';
  if (input.HealthCheckGracePeriod !== undefined)
    group.healthCheckGracePeriodSec = input.HealthCheckGracePeriod;
  if (input.DefaultCooldown !== undefined) group.defaultCooldown = input.DefaultCooldown;
  setCapacity(world, group, { min, max, desired }, 'a user request update of AutoScalingGroup constraints');
  return {};
}

function setCapacity(
  world: World,
  group: GroupState,
  next: { min: number; max: number; desired: number },
  why: string,
): void {
  const before = group.desired;
  Object.assign(group, next);
  if (before !== next.desired) {
    addActivity(world, group, {
      description: `Changed desired capacity of ${group.name}`,
      cause: `At ${causeTime(world.now)} ${why} changing the desired capacity from ${before} to ${next.desired}.`,
      status: 'Successful',
      endTime: world.now,
    });
  }
  reconcile(world, group);
}

function setDesiredCapacity(world: World, input: SetDesiredCapacityCommandInput): object {
  const group = requireGroup(world, input.AutoScalingGroupName);
  const desired = input.DesiredCapacity ?? group.desired;
  if (desired > group.max)
    throw validationError(
      `New SetDesiredCapacity value ${desired} is above max value ${group.max} for the AutoScalingGroup.`,
    );
  if (desired < group.min)
    throw validationError(
      `New SetDesiredCapacity value ${desired} is below min value ${group.min} for the AutoScalingGroup.`,
    );
  setCapacity(
    world,
    group,
    { min: group.min, max: group.max, desired },
    'a user request explicitly set group desired capacity',
  );
  return {};
}

function deleteAutoScalingGroup(world: World, input: DeleteAutoScalingGroupCommandInput): object {
  const group = requireGroup(world, input.AutoScalingGroupName, { allowDeleting: true });
  if (group.deleting) return {};
  const live = liveInstances(world, group);
  if (!input.ForceDelete) {
    if (live.length > 0) {
      throw new AwsFault(
        'ResourceInUse',
        'You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.',
      );
    }
    if (group.instances.length > 0) {
      throw new AwsFault(
        'ScalingActivityInProgress',
        'You cannot delete an AutoScalingGroup while there are scaling activities in progress for that group.',
      );
    }
  }
  if (group.instances.length === 0) {
    delete world.state.groups[group.name];
    return {};
  }
  group.deleting = true;
  group.min = group.max = group.desired = 0;
  const cause = `At ${causeTime(world.now)} a user request deleted the AutoScalingGroup.`;
  for (const instance of live) beginTermination(world, instance, cause);
  return {};
}

/** Auto Scaling groups: create, describe, resize, delete. */
export const autoScalingGroupHandlers: Record<string, Handler> = {
  CreateAutoScalingGroup: createAutoScalingGroup,
  DescribeAutoScalingGroups: describeAutoScalingGroups,
  UpdateAutoScalingGroup: updateAutoScalingGroup,
  SetDesiredCapacity: setDesiredCapacity,
  DeleteAutoScalingGroup: deleteAutoScalingGroup,
};
