import type {
  DeletePolicyCommandInput,
  DeleteScheduledActionCommandInput,
  DescribePoliciesCommandInput,
  DescribePoliciesCommandOutput,
  DescribeScheduledActionsCommandInput,
  DescribeScheduledActionsCommandOutput,
  PutScalingPolicyCommandInput,
  PutScalingPolicyCommandOutput,
  PutScheduledUpdateGroupActionCommandInput,
  TargetTrackingConfiguration,
} from '@aws-sdk/client-auto-scaling';

import { validationError } from '../aws-fault.js';
import type { PolicyState } from '../types.js';
import type { World } from '../world.js';
import { requireGroup } from './autoscaling-groups.js';
import { copy, date, page, type Handler } from './shapes.js';

type Out<T> = Omit<T, '$metadata'>;

function putScheduledAction(world: World, input: PutScheduledUpdateGroupActionCommandInput): object {
  const group = requireGroup(world, input.AutoScalingGroupName);
  const name = input.ScheduledActionName ?? '';
  const start = input.StartTime ?? input.Time;
  if (!start && !input.Recurrence) throw validationError('Either StartTime or Recurrence must be specified.');
  const startTime = start ? new Date(start).getTime() : world.now;
  if (start && startTime < world.now) throw validationError('Given start time is in the past');
  const { MinSize: min, MaxSize: max, DesiredCapacity: desired } = input;
  if (min === undefined && max === undefined && desired === undefined) {
    throw validationError('At least one of MinSize, MaxSize or DesiredCapacity must be specified.');
  }
  const arn = `arn:aws:autoscaling:${world.state.region}:${world.state.account}:scheduledUpdateGroupAction:${world.uuid()}:autoScalingGroupName/${group.name}:scheduledActionName/${name}`;
  group.scheduledActions[name] = { name, arn, startTime, min, max, desired, recurrence: input.Recurrence };
  // Recurring (cron) actions are stored and listed but never run: see docs/simulator.md.
  if (!input.Recurrence)
    world.schedule(startTime, { kind: 'scheduled-action', group: group.name, action: name, startTime });
  return {};
}

function describeScheduledActions(
  world: World,
  input: DescribeScheduledActionsCommandInput,
): Out<DescribeScheduledActionsCommandOutput> {
  const groups = input.AutoScalingGroupName
    ? [requireGroup(world, input.AutoScalingGroupName, { allowDeleting: true })]
    : Object.values(world.state.groups);
  const names = input.ScheduledActionNames;
  const all = groups.flatMap((g) =>
    Object.values(g.scheduledActions)
      .filter((a) => !names || names.length === 0 || names.includes(a.name))
      .map((a) => ({
        AutoScalingGroupName: g.name,
        ScheduledActionName: a.name,
        ScheduledActionARN: a.arn,
        Time: date(a.startTime),
        StartTime: date(a.startTime),
        Recurrence: a.recurrence,
        MinSize: a.min,
        MaxSize: a.max,
        DesiredCapacity: a.desired,
      })),
  );
  const { items, next } = page(all, input.NextToken, input.MaxRecords ?? 50);
  return { ScheduledUpdateGroupActions: items, NextToken: next };
}

function deleteScheduledAction(world: World, input: DeleteScheduledActionCommandInput): object {
  const group = requireGroup(world, input.AutoScalingGroupName, { allowDeleting: true });
  const name = input.ScheduledActionName ?? '';
  if (!group.scheduledActions[name])
    throw validationError(
      `Scheduled Update Group Action name not found - Could not find scheduled action ${name}.`,
    );
  delete group.scheduledActions[name];
  return {};
}

function checkTargetTracking(config: PutScalingPolicyCommandInput['TargetTrackingConfiguration']): void {
  if (!config || config.TargetValue === undefined)
    throw validationError(
      'TargetTrackingConfiguration with a TargetValue is required for TargetTrackingScaling policies.',
    );
  const predefined = config.PredefinedMetricSpecification;
  if (!predefined && !config.CustomizedMetricSpecification) {
    throw validationError(
      'Either PredefinedMetricSpecification or CustomizedMetricSpecification must be specified.',
    );
  }
  if (predefined?.PredefinedMetricType === 'ALBRequestCountPerTarget') {
    const label = predefined.ResourceLabel ?? '';
    if (!/^app\/[^/]+\/[0-9a-f]+\/targetgroup\/[^/]+\/[0-9a-f]+$/.test(label)) {
      throw validationError(`The ResourceLabel '${label}' is not valid for ALBRequestCountPerTarget.`);
    }
  }
}

function putScalingPolicy(
  world: World,
  input: PutScalingPolicyCommandInput,
): Out<PutScalingPolicyCommandOutput> {
  const group = requireGroup(world, input.AutoScalingGroupName);
  const type = input.PolicyType ?? 'SimpleScaling';
  if (type === 'TargetTrackingScaling') checkTargetTracking(input.TargetTrackingConfiguration);
  const name = input.PolicyName ?? '';
  const existing = group.policies[name];
  const id = world.uuid();
  const region = world.state.region;
  const alarms =
    existing?.alarms ??
    (type === 'TargetTrackingScaling'
      ? ['AlarmHigh', 'AlarmLow'].map((kind) => {
          const alarmName = `TargetTracking-${group.name}-${kind}-${world.uuid()}`;
          return {
            name: alarmName,
            arn: `arn:aws:cloudwatch:${region}:${world.state.account}:alarm:${alarmName}`,
          };
        })
      : []);
  const policy: PolicyState = {
    name,
    arn:
      existing?.arn ??
      `arn:aws:autoscaling:${region}:${world.state.account}:scalingPolicy:${id}:autoScalingGroupName/${group.name}:policyName/${name}`,
    type,
    targetTracking: input.TargetTrackingConfiguration
      ? (copy(input.TargetTrackingConfiguration) as unknown as Record<string, unknown>)
      : undefined,
    alarms,
  };
  group.policies[name] = policy;
  return { PolicyARN: policy.arn, Alarms: alarms.map((a) => ({ AlarmName: a.name, AlarmARN: a.arn })) };
}

function describePolicies(
  world: World,
  input: DescribePoliciesCommandInput,
): Out<DescribePoliciesCommandOutput> {
  const groups = input.AutoScalingGroupName
    ? [requireGroup(world, input.AutoScalingGroupName, { allowDeleting: true })]
    : Object.values(world.state.groups);
  const all = groups.flatMap((g) =>
    Object.values(g.policies)
      .filter(
        (p) => !input.PolicyNames || input.PolicyNames.length === 0 || input.PolicyNames.includes(p.name),
      )
      .filter(
        (p) => !input.PolicyTypes || input.PolicyTypes.length === 0 || input.PolicyTypes.includes(p.type),
      )
      .map((p) => ({
        AutoScalingGroupName: g.name,
        PolicyName: p.name,
        PolicyARN: p.arn,
        PolicyType: p.type,
        TargetTrackingConfiguration: copy(p.targetTracking) as unknown as
          TargetTrackingConfiguration | undefined,
        Alarms: p.alarms.map((a) => ({ AlarmName: a.name, AlarmARN: a.arn })),
        Enabled: true,
      })),
  );
  const { items, next } = page(all, input.NextToken, input.MaxRecords ?? 50);
  return { ScalingPolicies: items, NextToken: next };
}

function deletePolicy(world: World, input: DeletePolicyCommandInput): object {
  const group = requireGroup(world, input.AutoScalingGroupName, { allowDeleting: true });
  const name = input.PolicyName ?? '';
  if (!group.policies[name])
    throw validationError(`The scaling policy ${name} does not exist for the group ${group.name}.`);
  delete group.policies[name];
  return {};
}

/** Auto Scaling: scheduled actions (which run at their time) and scaling policies (stored). */
export const autoScalingScheduleHandlers: Record<string, Handler> = {
  PutScheduledUpdateGroupAction: putScheduledAction,
  DescribeScheduledActions: describeScheduledActions,
  DeleteScheduledAction: deleteScheduledAction,
  PutScalingPolicy: putScalingPolicy,
  DescribePolicies: describePolicies,
  DeletePolicy: deletePolicy,
};
