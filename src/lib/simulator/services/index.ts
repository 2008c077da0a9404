import type { ServiceName } from '../types.js';
import { cloudwatchHandlers, iamHandlers, ssmHandlers, stsHandlers } from './account.js';
import { autoScalingActionHandlers } from './autoscaling-actions.js';
import { autoScalingGroupHandlers } from './autoscaling-groups.js';
import { autoScalingScheduleHandlers } from './autoscaling-schedules.js';
import { ec2LaunchTemplateHandlers } from './ec2-launch-templates.js';
import { ec2ResourceHandlers } from './ec2-resources.js';
import { elbv2DescribeHandlers } from './elbv2-describe.js';
import { elbv2ModifyHandlers } from './elbv2-modify.js';
import { route53Handlers } from './route53.js';
import { s3Handlers } from './s3.js';
import type { Handler } from './shapes.js';

/** Every modelled operation, by service and SDK operation name (the command name without `Command`). */
export const HANDLERS: Record<ServiceName, Record<string, Handler>> = {
  autoscaling: { ...autoScalingGroupHandlers, ...autoScalingActionHandlers, ...autoScalingScheduleHandlers },
  elbv2: { ...elbv2DescribeHandlers, ...elbv2ModifyHandlers },
  ec2: { ...ec2ResourceHandlers, ...ec2LaunchTemplateHandlers },
  route53: route53Handlers,
  s3: s3Handlers,
  sts: stsHandlers,
  cloudwatch: cloudwatchHandlers,
  ssm: ssmHandlers,
  iam: iamHandlers,
};

export type { Handler } from './shapes.js';
