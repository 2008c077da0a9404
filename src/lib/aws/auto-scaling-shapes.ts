import type {
  AutoScalingGroup,
  Activity as SdkActivity,
  ScalingPolicy as SdkPolicy,
  ScheduledUpdateGroupAction,
  TargetTrackingConfiguration,
} from '@aws-sdk/client-auto-scaling';
import { tagsToRecord, toEpochMs } from './shapes.js';
import type { Group, ScalingActivity, ScalingPolicy, ScalingPolicySpec, ScheduledAction } from './types.js';

/** An SDK Auto Scaling group as odin's Group. */
export function toGroup(group: AutoScalingGroup): Group {
  const template =
    group.LaunchTemplate ?? group.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  return {
    name: group.AutoScalingGroupName ?? '',
    arn: group.AutoScalingGroupARN,
    launchTemplate: template?.LaunchTemplateId
      ? {
          id: template.LaunchTemplateId,
          name: template.LaunchTemplateName,
          version: template.Version ?? '$Default',
        }
      : undefined,
    min: group.MinSize ?? 0,
    max: group.MaxSize ?? 0,
    desired: group.DesiredCapacity ?? 0,
    instances: (group.Instances ?? []).map((instance) => ({
      id: instance.InstanceId ?? '',
      lifecycleState: instance.LifecycleState ?? 'Unknown',
      healthStatus: instance.HealthStatus === 'Unhealthy' ? 'Unhealthy' : 'Healthy',
      availabilityZone: instance.AvailabilityZone,
      launchTemplateVersion: instance.LaunchTemplate?.Version,
    })),
    targetGroupArns: group.TargetGroupARNs ?? [],
    // AWS accepts combinations such as "EC2,ELB"; any ELB check makes target health count.
    healthCheckType: (group.HealthCheckType ?? 'EC2').includes('ELB') ? 'ELB' : 'EC2',
    healthCheckGracePeriodSec: group.HealthCheckGracePeriod ?? 0,
    subnetIds: (group.VPCZoneIdentifier ?? '').split(',').filter((id) => id.length > 0),
    tags: tagsToRecord(group.Tags),
    createdAt: toEpochMs(group.CreatedTime),
    status: group.Status,
    suspendedProcesses: (group.SuspendedProcesses ?? []).flatMap((p) =>
      p.ProcessName ? [p.ProcessName] : [],
    ),
  };
}

/** An SDK scaling activity as odin's ScalingActivity. */
export function toActivity(activity: SdkActivity): ScalingActivity {
  return {
    id: activity.ActivityId ?? '',
    groupName: activity.AutoScalingGroupName ?? '',
    status: activity.StatusCode ?? 'Unknown',
    description: activity.Description ?? '',
    cause: activity.Cause ?? '',
    statusMessage: activity.StatusMessage,
    startTime: toEpochMs(activity.StartTime),
    endTime: activity.EndTime ? toEpochMs(activity.EndTime) : undefined,
  };
}

/** An SDK scheduled action as odin's ScheduledAction. */
export function toScheduledAction(action: ScheduledUpdateGroupAction): ScheduledAction {
  return {
    groupName: action.AutoScalingGroupName ?? '',
    name: action.ScheduledActionName ?? '',
    at: toEpochMs(action.StartTime ?? action.Time),
    min: action.MinSize,
    max: action.MaxSize,
    desired: action.DesiredCapacity,
  };
}

/** odin's target-tracking spec as the SDK's TargetTrackingConfiguration. */
export function toTargetTracking(policy: ScalingPolicySpec): TargetTrackingConfiguration {
  const { predefined, custom } = policy;
  return {
    TargetValue: policy.targetValue,
    DisableScaleIn: policy.disableScaleIn,
    PredefinedMetricSpecification: predefined
      ? { PredefinedMetricType: predefined.metric, ResourceLabel: predefined.resourceLabel }
      : undefined,
    CustomizedMetricSpecification: custom
      ? {
          Namespace: custom.namespace,
          MetricName: custom.metricName,
          Statistic: custom.statistic,
          Dimensions: custom.dimensions?.map((d) => ({ Name: d.name, Value: d.value })),
          Unit: custom.unit,
        }
      : undefined,
  };
}

/** An SDK target-tracking policy as odin's ScalingPolicy; other policy types are not odin's. */
export function toScalingPolicy(policy: SdkPolicy): ScalingPolicy | undefined {
  const tracking = policy.TargetTrackingConfiguration;
  if (!tracking) return undefined;
  const predefined = tracking.PredefinedMetricSpecification;
  const custom = tracking.CustomizedMetricSpecification;
  return {
    arn: policy.PolicyARN ?? '',
    groupName: policy.AutoScalingGroupName ?? '',
    name: policy.PolicyName ?? '',
    targetValue: tracking.TargetValue ?? 0,
    disableScaleIn: tracking.DisableScaleIn,
    predefined: predefined?.PredefinedMetricType
      ? {
          metric: predefined.PredefinedMetricType as NonNullable<ScalingPolicySpec['predefined']>['metric'],
          resourceLabel: predefined.ResourceLabel,
        }
      : undefined,
    custom:
      custom?.MetricName && custom.Namespace
        ? {
            namespace: custom.Namespace,
            metricName: custom.MetricName,
            statistic: (custom.Statistic ?? 'Average') as NonNullable<
              ScalingPolicySpec['custom']
            >['statistic'],
            dimensions: custom.Dimensions?.map((d) => ({ name: d.Name ?? '', value: d.Value ?? '' })),
            unit: custom.Unit,
          }
        : undefined,
  };
}
