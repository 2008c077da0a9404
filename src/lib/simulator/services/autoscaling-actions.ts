import type {
  AttachLoadBalancerTargetGroupsCommandInput,
  CreateOrUpdateTagsCommandInput,
  DeleteTagsCommandInput,
  DescribeLoadBalancerTargetGroupsCommandInput,
  DescribeScalingActivitiesCommandInput,
  DescribeScalingActivitiesCommandOutput,
  DetachLoadBalancerTargetGroupsCommandInput,
  ScalingProcessQuery,
  TerminateInstanceInAutoScalingGroupCommandInput,
  TerminateInstanceInAutoScalingGroupCommandOutput,
} from '@aws-sdk/client-auto-scaling';

import { validationError } from '../aws-fault.js';
import { causeTime } from '../model/activities.js';
import { beginTermination, recheckHealth, reconcile } from '../model/fleet.js';
import { deregisterTarget, registerTarget } from '../model/targets.js';
import type { ActivityState, GroupState } from '../types.js';
import type { World } from '../world.js';
import { requireGroup } from './autoscaling-groups.js';
import { resolveTargetGroups } from './autoscaling-create.js';
import { date, page, type Handler } from './shapes.js';

type Out<T> = Omit<T, '$metadata'>;

const PROCESSES = [
  'Launch',
  'Terminate',
  'AddToLoadBalancer',
  'AlarmNotification',
  'AZRebalance',
  'HealthCheck',
  'InstanceRefresh',
  'ReplaceUnhealthy',
  'ScheduledActions',
];

function activityShape(group: GroupState, a: ActivityState) {
  return {
    ActivityId: a.id,
    AutoScalingGroupName: group.name,
    AutoScalingGroupARN: group.arn,
    Description: a.description,
    Cause: a.cause,
    StartTime: date(a.startTime),
    EndTime: a.endTime === undefined ? undefined : date(a.endTime),
    StatusCode: a.status as 'Successful',
    StatusMessage: a.statusMessage,
    Progress: a.endTime === undefined ? 30 : 100,
    Details: a.details,
  };
}

function describeScalingActivities(
  world: World,
  input: DescribeScalingActivitiesCommandInput,
): Out<DescribeScalingActivitiesCommandOutput> {
  const max = input.MaxRecords ?? 100;
  if (max < 1 || max > 100)
    throw validationError(
      `1 validation error detected: Value '${max}' at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to 100`,
    );
  const groups = input.AutoScalingGroupName
    ? [requireGroup(world, input.AutoScalingGroupName, { allowDeleting: true })]
    : Object.values(world.state.groups);
  const all = groups
    .flatMap((g) => g.activities.map((a) => ({ g, a })))
    .filter(({ a }) => !input.ActivityIds || input.ActivityIds.includes(a.id))
    .sort((x, y) => y.a.startTime - x.a.startTime);
  const { items, next } = page(all, input.NextToken, max);
  return { Activities: items.map(({ g, a }) => activityShape(g, a)), NextToken: next };
}

function createOrUpdateTags(world: World, input: CreateOrUpdateTagsCommandInput): object {
  const tags = input.Tags ?? [];
  for (const tag of tags) requireGroup(world, tag.ResourceId, { allowDeleting: true });
  for (const tag of tags) {
    const group = world.state.groups[tag.ResourceId ?? '']!;
    const entry = {
      key: tag.Key ?? '',
      value: tag.Value ?? '',
      propagateAtLaunch: tag.PropagateAtLaunch ?? false,
    };
    const index = group.tags.findIndex((t) => t.key === entry.key);
    if (index >= 0) group.tags[index] = entry;
    else group.tags.push(entry);
  }
  return {};
}

function deleteTags(world: World, input: DeleteTagsCommandInput): object {
  for (const tag of input.Tags ?? []) {
    const group = requireGroup(world, tag.ResourceId, { allowDeleting: true });
    group.tags = group.tags.filter((t) => t.key !== tag.Key);
  }
  return {};
}

function changeProcesses(world: World, input: ScalingProcessQuery, suspend: boolean): object {
  const group = requireGroup(world, input.AutoScalingGroupName);
  const asked =
    input.ScalingProcesses && input.ScalingProcesses.length > 0 ? input.ScalingProcesses : PROCESSES;
  for (const p of asked)
    if (!PROCESSES.includes(p)) throw validationError(`Process ${p} is not a valid process name.`);
  group.suspended = suspend
    ? [...new Set([...group.suspended, ...asked])]
    : group.suspended.filter((p) => !asked.includes(p));
  if (suspend) return {};
  reconcile(world, group);
  if (['HealthCheck', 'ReplaceUnhealthy', 'Terminate'].some((p) => asked.includes(p)))
    recheckHealth(world, group);
  return {};
}

function terminateInstance(
  world: World,
  input: TerminateInstanceInAutoScalingGroupCommandInput,
): Out<TerminateInstanceInAutoScalingGroupCommandOutput> {
  const instance = world.state.instances[input.InstanceId ?? ''];
  if (!instance)
    throw validationError(
      `Instance Id not found - No managed instance found for instance ID: ${input.InstanceId}`,
    );
  const group = requireGroup(world, instance.group);
  if (input.ShouldDecrementDesiredCapacity && instance.lifecycleState !== 'Terminating') {
    if (group.desired <= group.min) {
      throw validationError(
        `Currently, desiredSize equals minSize (${group.min}). Terminating instance without replacement will violate group's min size constraint. ` +
          `Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.`,
      );
    }
    group.desired -= 1;
  }
  const why = input.ShouldDecrementDesiredCapacity ? 'shrinking the capacity' : 'with a replacement launched';
  beginTermination(
    world,
    instance,
    `At ${causeTime(world.now)} instance ${instance.id} was taken out of service in response to a user request, ${why}.`,
  );
  reconcile(world, group);
  const activity =
    group.activities.find((a) => a.id === instance.terminationActivityId) ?? group.activities[0]!;
  return { Activity: activityShape(group, activity) };
}

function attachTargetGroups(world: World, input: AttachLoadBalancerTargetGroupsCommandInput): object {
  const group = requireGroup(world, input.AutoScalingGroupName);
  const arns = resolveTargetGroups(world, input.TargetGroupARNs);
  if (arns.length > 10) throw validationError('You can attach at most 10 target groups in one call.');
  for (const arn of arns) {
    if (group.targetGroupArns.includes(arn)) continue;
    group.targetGroupArns.push(arn);
    const tg = world.state.targetGroups[arn]!;
    for (const id of group.instances)
      if (world.state.instances[id]?.lifecycleState === 'InService') registerTarget(world, tg, id);
  }
  return {};
}

function detachTargetGroups(world: World, input: DetachLoadBalancerTargetGroupsCommandInput): object {
  const group = requireGroup(world, input.AutoScalingGroupName, { allowDeleting: true });
  const arns = input.TargetGroupARNs ?? [];
  for (const arn of arns) {
    const tg = world.state.targetGroups[arn];
    if (!tg || !group.targetGroupArns.includes(arn)) continue;
    for (const id of group.instances) deregisterTarget(world, tg, id);
  }
  group.targetGroupArns = group.targetGroupArns.filter((arn) => !arns.includes(arn));
  return {};
}

function describeLoadBalancerTargetGroups(
  world: World,
  input: DescribeLoadBalancerTargetGroupsCommandInput,
): object {
  const group = requireGroup(world, input.AutoScalingGroupName, { allowDeleting: true });
  const states = group.targetGroupArns.map((arn) => {
    const targets = world.state.targetGroups[arn]?.targets ?? {};
    const inService = group.instances.some((id) => targets[id]?.state === 'healthy');
    return { LoadBalancerTargetGroupARN: arn, State: inService ? 'InService' : 'Added' };
  });
  return { LoadBalancerTargetGroups: states };
}

/** Auto Scaling: activities, tags, processes, instance termination and target group attachment. */
export const autoScalingActionHandlers: Record<string, Handler> = {
  DescribeScalingActivities: describeScalingActivities,
  CreateOrUpdateTags: createOrUpdateTags,
  DeleteTags: deleteTags,
  SuspendProcesses: (world: World, input: ScalingProcessQuery) => changeProcesses(world, input, true),
  ResumeProcesses: (world: World, input: ScalingProcessQuery) => changeProcesses(world, input, false),
  TerminateInstanceInAutoScalingGroup: terminateInstance,
  AttachLoadBalancerTargetGroups: attachTargetGroups,
  DetachLoadBalancerTargetGroups: detachTargetGroups,
  DescribeLoadBalancerTargetGroups: describeLoadBalancerTargetGroups,
};
