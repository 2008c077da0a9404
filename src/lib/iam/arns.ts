/** The ARN partition a region belongs to (China and GovCloud regions live in their own partitions). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/** Where a manifest's resources live: enough to build any ARN odin touches. */
export interface ArnScope {
  partition: string;
  region: string;
  account: string;
}

/** The ARN scope of a region and account. */
export function arnScope(region: string, account: string): ArnScope {
  return { partition: partitionOf(region), region, account };
}

/** ARN pattern of the Auto Scaling groups named `<prefix>*` (the group id part is unknown before creation). */
export function groupArnPattern(scope: ArnScope, namePrefix: string): string {
  return `arn:${scope.partition}:autoscaling:${scope.region}:${scope.account}:autoScalingGroup:*:autoScalingGroupName/${namePrefix}*`;
}

/** A target group's ARN as written, or the ARN pattern of a target group given by name. */
export function targetGroupArn(scope: ArnScope, nameOrArn: string): string {
  if (nameOrArn.startsWith('arn:')) return nameOrArn;
  return `arn:${scope.partition}:elasticloadbalancing:${scope.region}:${scope.account}:targetgroup/${nameOrArn}/*`;
}

/** ARN of any EC2 resource of a type in this scope, e.g. `launch-template/*`. */
export function ec2Arn(scope: ArnScope, resource: string): string {
  return `arn:${scope.partition}:ec2:${scope.region}:${scope.account}:${resource}`;
}

/** ARN of an IAM role by name (IAM is global: no region). */
export function roleArn(scope: ArnScope, roleName: string): string {
  return `arn:${scope.partition}:iam::${scope.account}:role/${roleName}`;
}

/** ARN of an SSM parameter; parameter names may be written with or without their leading slash. */
export function parameterArn(scope: ArnScope, name: string): string {
  return `arn:${scope.partition}:ssm:${scope.region}:${scope.account}:parameter/${name.replace(/^\//, '')}`;
}

/** ARN of a CloudWatch alarm by name. */
export function alarmArn(scope: ArnScope, name: string): string {
  return `arn:${scope.partition}:cloudwatch:${scope.region}:${scope.account}:alarm:${name}`;
}

/** ARN of a Route 53 hosted zone by id, or every hosted zone when only a domain name is known. */
export function hostedZoneArn(scope: ArnScope, idOrName: string): string {
  const id = idOrName.replace(/^\/?hostedzone\//, '');
  const isId = /^Z[A-Z0-9]+$/.test(id);
  return `arn:${scope.partition}:route53:::hostedzone/${isId ? id : '*'}`;
}
