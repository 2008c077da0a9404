import {
  AttachLoadBalancerTargetGroupsCommand,
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  CreateOrUpdateTagsCommand,
  DeleteAutoScalingGroupCommand,
  DeletePolicyCommand,
  DeleteScheduledActionCommand,
  DescribeAutoScalingGroupsCommand,
  DescribePoliciesCommand,
  DescribeScalingActivitiesCommand,
  DescribeScheduledActionsCommand,
  DetachLoadBalancerTargetGroupsCommand,
  PutScalingPolicyCommand,
  PutScheduledUpdateGroupActionCommand,
  ResumeProcessesCommand,
  SuspendProcessesCommand,
  TerminateInstanceInAutoScalingGroupCommand,
  UpdateAutoScalingGroupCommand,
  type Filter,
} from '@aws-sdk/client-auto-scaling';
import {
  toActivity,
  toGroup,
  toScalingPolicy,
  toScheduledAction,
  toTargetTracking,
} from './auto-scaling-shapes.js';
import type { ServiceCaller } from './caller.js';
import type { ClientConfig } from './client-config.js';
import { chunk, collectPages } from './pages.js';
import type {
  AutoScaling,
  CapacityChange,
  CreateGroupSpec,
  Group,
  ScalingActivity,
  ScalingPolicy,
  ScalingPolicySpec,
  ScheduledAction,
  Tags,
} from './types.js';

// DescribeAutoScalingGroups refuses more than 50 names per call.
const NAMES_PER_CALL = 50;
// Attach/DetachLoadBalancerTargetGroups take at most 10 target groups per call.
const TARGET_GROUPS_PER_CALL = 10;

/** An Auto Scaling client configured the way odin needs it. */
export function createAutoScalingClient(config: ClientConfig): AutoScalingClient {
  return new AutoScalingClient(config);
}

/** odin's AutoScaling interface over the SDK client. */
export class AutoScalingAdapter implements AutoScaling {
  constructor(private readonly caller: ServiceCaller) {}

  async describeGroups(names: string[]): Promise<Group[]> {
    const groups: Group[] = [];
    for (const batch of chunk([...new Set(names)], NAMES_PER_CALL)) {
      groups.push(...(await this.describe({ AutoScalingGroupNames: batch })));
    }
    return groups;
  }

  findGroupsByTags(tags: Tags): Promise<Group[]> {
    const filters: Filter[] = Object.entries(tags).map(([key, value]) => ({
      Name: `tag:${key}`,
      Values: [value],
    }));
    return this.describe({ Filters: filters });
  }

  async createGroup(spec: CreateGroupSpec): Promise<void> {
    const template = { LaunchTemplateId: spec.launchTemplate.id, Version: spec.launchTemplate.version };
    const types = spec.instanceTypes ?? [];
    // CreateAutoScalingGroup takes no client token: when an attempt failed with a 5xx, AWS may
    // have created the group all the same, and the retry then answers AlreadyExists. The group's
    // name is odin's own (one per release, under the lease), so that answer means it is done.
    const retried = { doneIfRetryAnswers: ['AlreadyExists'] };
    await this.caller.send(
      CreateAutoScalingGroupCommand,
      {
        AutoScalingGroupName: spec.name,
        ...(types.length > 1
          ? {
              MixedInstancesPolicy: {
                LaunchTemplate: {
                  LaunchTemplateSpecification: template,
                  Overrides: types.map((type) => ({ InstanceType: type })),
                },
              },
            }
          : { LaunchTemplate: template }),
        MinSize: spec.min,
        MaxSize: spec.max,
        DesiredCapacity: spec.desired,
        VPCZoneIdentifier: spec.subnetIds.join(','),
        TargetGroupARNs: spec.targetGroupArns,
        HealthCheckType: spec.healthCheckType,
        HealthCheckGracePeriod: spec.healthCheckGracePeriodSec,
        // Group tags carry odin's bookkeeping (role, release), which changes over a group's
        // life; instance tags come from the launch template, so nothing propagates.
        Tags: Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: false })),
      },
      retried,
    );
  }

  async updateCapacity(name: string, change: CapacityChange): Promise<void> {
    await this.caller.send(UpdateAutoScalingGroupCommand, {
      AutoScalingGroupName: name,
      MinSize: change.min,
      MaxSize: change.max,
      DesiredCapacity: change.desired,
    });
  }

  async deleteGroup(name: string, options: { force?: boolean } = {}): Promise<void> {
    await this.caller.send(DeleteAutoScalingGroupCommand, {
      AutoScalingGroupName: name,
      ForceDelete: options.force ?? false,
    });
  }

  async attachTargetGroups(name: string, targetGroupArns: string[]): Promise<void> {
    for (const batch of chunk(targetGroupArns, TARGET_GROUPS_PER_CALL)) {
      await this.caller.send(AttachLoadBalancerTargetGroupsCommand, {
        AutoScalingGroupName: name,
        TargetGroupARNs: batch,
      });
    }
  }

  async detachTargetGroups(name: string, targetGroupArns: string[]): Promise<void> {
    for (const batch of chunk(targetGroupArns, TARGET_GROUPS_PER_CALL)) {
      await this.caller.send(DetachLoadBalancerTargetGroupsCommand, {
        AutoScalingGroupName: name,
        TargetGroupARNs: batch,
      });
    }
  }

  async describeActivities(name: string, options: { max?: number } = {}): Promise<ScalingActivity[]> {
    const max = options.max ?? Number.POSITIVE_INFINITY;
    const activities: ScalingActivity[] = [];
    let token: string | undefined;
    do {
      const page = await this.caller.send(DescribeScalingActivitiesCommand, {
        AutoScalingGroupName: name,
        MaxRecords: Math.min(100, max - activities.length),
        NextToken: token,
      });
      activities.push(...(page.Activities ?? []).map(toActivity));
      token = page.NextToken || undefined;
    } while (token && activities.length < max);
    return activities.slice(0, max);
  }

  async setTags(name: string, tags: Tags): Promise<void> {
    const entries = Object.entries(tags);
    if (entries.length === 0) return;
    await this.caller.send(CreateOrUpdateTagsCommand, {
      Tags: entries.map(([Key, Value]) => ({
        ResourceId: name,
        ResourceType: 'auto-scaling-group',
        Key,
        Value,
        PropagateAtLaunch: false,
      })),
    });
  }

  async putScheduledAction(action: ScheduledAction): Promise<void> {
    await this.caller.send(PutScheduledUpdateGroupActionCommand, {
      AutoScalingGroupName: action.groupName,
      ScheduledActionName: action.name,
      StartTime: new Date(action.at),
      MinSize: action.min,
      MaxSize: action.max,
      DesiredCapacity: action.desired,
    });
  }

  describeScheduledActions(groupName: string): Promise<ScheduledAction[]> {
    return collectPages(async (token) => {
      const page = await this.caller.send(DescribeScheduledActionsCommand, {
        AutoScalingGroupName: groupName,
        NextToken: token,
      });
      return { items: (page.ScheduledUpdateGroupActions ?? []).map(toScheduledAction), next: page.NextToken };
    });
  }

  async deleteScheduledAction(groupName: string, actionName: string): Promise<void> {
    await this.caller.send(DeleteScheduledActionCommand, {
      AutoScalingGroupName: groupName,
      ScheduledActionName: actionName,
    });
  }

  async putScalingPolicy(groupName: string, policy: ScalingPolicySpec): Promise<void> {
    await this.caller.send(PutScalingPolicyCommand, {
      AutoScalingGroupName: groupName,
      PolicyName: policy.name,
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingConfiguration: toTargetTracking(policy),
    });
  }

  describePolicies(groupName: string): Promise<ScalingPolicy[]> {
    return collectPages(async (token) => {
      const page = await this.caller.send(DescribePoliciesCommand, {
        AutoScalingGroupName: groupName,
        NextToken: token,
      });
      const policies = (page.ScalingPolicies ?? []).flatMap((p) => toScalingPolicy(p) ?? []);
      return { items: policies, next: page.NextToken };
    });
  }

  async deletePolicy(groupName: string, policyName: string): Promise<void> {
    await this.caller.send(DeletePolicyCommand, { AutoScalingGroupName: groupName, PolicyName: policyName });
  }

  async suspendProcesses(groupName: string, processes: string[]): Promise<void> {
    await this.caller.send(SuspendProcessesCommand, {
      AutoScalingGroupName: groupName,
      ScalingProcesses: processes,
    });
  }

  async resumeProcesses(groupName: string, processes: string[]): Promise<void> {
    await this.caller.send(ResumeProcessesCommand, {
      AutoScalingGroupName: groupName,
      ScalingProcesses: processes,
    });
  }

  async terminateInstance(instanceId: string, options: { decrementDesired: boolean }): Promise<void> {
    await this.caller.send(TerminateInstanceInAutoScalingGroupCommand, {
      InstanceId: instanceId,
      ShouldDecrementDesiredCapacity: options.decrementDesired,
    });
  }

  private describe(input: { AutoScalingGroupNames?: string[]; Filters?: Filter[] }): Promise<Group[]> {
    return collectPages(async (token) => {
      const page = await this.caller.send(DescribeAutoScalingGroupsCommand, {
        ...input,
        MaxRecords: 100,
        NextToken: token,
      });
      return { items: (page.AutoScalingGroups ?? []).map(toGroup), next: page.NextToken };
    });
  }
}
