import { IAM_PREFIX, type AwsServiceName } from './service-name.js';

/** One permission a call needs: the SDK operation and an IAM action it requires. */
export interface AwsOperation {
  service: AwsServiceName;
  operation: string;
  iamAction: string;
}

const SENT: Record<AwsServiceName, readonly string[]> = {
  autoscaling: [
    'DescribeAutoScalingGroups',
    'CreateAutoScalingGroup',
    'UpdateAutoScalingGroup',
    'DeleteAutoScalingGroup',
    'AttachLoadBalancerTargetGroups',
    'DetachLoadBalancerTargetGroups',
    'DescribeScalingActivities',
    'CreateOrUpdateTags',
    'PutScheduledUpdateGroupAction',
    'DescribeScheduledActions',
    'DeleteScheduledAction',
    'PutScalingPolicy',
    'DescribePolicies',
    'DeletePolicy',
    'SuspendProcesses',
    'ResumeProcesses',
    'TerminateInstanceInAutoScalingGroup',
  ],
  elbv2: [
    'DescribeTargetGroups',
    'DescribeTargetHealth',
    'DescribeTargetGroupAttributes',
    'DescribeLoadBalancers',
    'DescribeListeners',
    'DescribeRules',
    'ModifyListener',
    'ModifyRule',
  ],
  ec2: [
    'DescribeImages',
    'DescribeSubnets',
    'DescribeSecurityGroups',
    'DescribeKeyPairs',
    'DescribeLaunchTemplates',
    'CreateLaunchTemplate',
    'CreateLaunchTemplateVersion',
    'DeleteLaunchTemplateVersions',
    'DeleteLaunchTemplate',
  ],
  route53: [
    'GetHostedZone',
    'ListHostedZonesByName',
    'ListResourceRecordSets',
    'ChangeResourceRecordSets',
    'GetChange',
  ],
  s3: ['HeadBucket', 'GetObject', 'PutObject', 'DeleteObject', 'ListObjectsV2'],
  sts: ['GetCallerIdentity'],
  cloudwatch: ['DescribeAlarms'],
  ssm: ['GetParameter'],
  iam: ['GetInstanceProfile'],
};

// S3 names its permissions after the resource, not the API call.
const S3_ACTIONS: Record<string, string> = {
  HeadBucket: 's3:ListBucket',
  ListObjectsV2: 's3:ListBucket',
};

// Calls that need more than their own action: using a launch template launches instances (and
// passes the instance profile's role); creating one with tags needs tagging rights.
const EXTRA_ACTIONS: readonly AwsOperation[] = [
  { service: 'ec2', operation: 'CreateLaunchTemplate', iamAction: 'ec2:CreateTags' },
  { service: 'ec2', operation: 'CreateLaunchTemplate', iamAction: 'iam:PassRole' },
  { service: 'ec2', operation: 'CreateLaunchTemplateVersion', iamAction: 'iam:PassRole' },
  { service: 'autoscaling', operation: 'CreateAutoScalingGroup', iamAction: 'ec2:RunInstances' },
  { service: 'autoscaling', operation: 'CreateAutoScalingGroup', iamAction: 'ec2:CreateTags' },
  { service: 'autoscaling', operation: 'CreateAutoScalingGroup', iamAction: 'iam:PassRole' },
];

/** The IAM action named after an operation (`elasticloadbalancing:ModifyListener`, `s3:ListBucket`). */
export function iamActionFor(service: AwsServiceName, operation: string): string {
  if (service === 's3') return S3_ACTIONS[operation] ?? `s3:${operation}`;
  return `${IAM_PREFIX[service]}:${operation}`;
}

/**
 * Every SDK operation any adapter can send, with each IAM action it needs; an operation that
 * needs several actions appears once per action. The IAM policy generator grants exactly these.
 */
export const AWS_OPERATIONS: ReadonlyArray<AwsOperation> = [
  ...Object.entries(SENT).flatMap(([service, operations]) =>
    operations.map((operation) => ({
      service: service as AwsServiceName,
      operation,
      iamAction: iamActionFor(service as AwsServiceName, operation),
    })),
  ),
  ...EXTRA_ACTIONS,
];
