/** The AWS services odin talks to, named as odin's stats, logs and the local cloud name them. */
export type AwsServiceName =
  'autoscaling' | 'elbv2' | 'ec2' | 'route53' | 's3' | 'sts' | 'cloudwatch' | 'ssm' | 'iam';

/** Every service, in a stable order. */
export const AWS_SERVICE_NAMES: readonly AwsServiceName[] = [
  'autoscaling',
  'elbv2',
  'ec2',
  'route53',
  's3',
  'sts',
  'cloudwatch',
  'ssm',
  'iam',
];

/** The prefix IAM uses for each service's actions (`elasticloadbalancing:ModifyListener`). */
export const IAM_PREFIX: Record<AwsServiceName, string> = {
  autoscaling: 'autoscaling',
  elbv2: 'elasticloadbalancing',
  ec2: 'ec2',
  route53: 'route53',
  s3: 's3',
  sts: 'sts',
  cloudwatch: 'cloudwatch',
  ssm: 'ssm',
  iam: 'iam',
};
