import { ownerTags } from '../fleet/tags.js';
import type { Manifest } from '../manifest/types.js';
import { stateLocation } from '../state/keys.js';
import {
  ec2Arn,
  groupArnPattern,
  hostedZoneArn,
  parameterArn,
  roleArn,
  targetGroupArn,
  type ArnScope,
} from './arns.js';
import type { ConditionBlock } from './policy-document.js';
import { VARIABLE_PARAMETER_GRANT } from './variable-grants.js';

/** Choices the manifest cannot express. */
export interface GrantOptions {
  /** The role inside the manifest's instance profile (iam:PassRole names roles, not profiles). */
  roleName?: string;
  /** SSM parameters (paths, `*` allowed) that `odin deploy --image ssm:PATH` may read besides the manifest's. */
  imageParameters?: readonly string[];
}

/** What every grant is built from: the manifest, the choices it cannot express and the names derived from them. */
export interface GrantContext extends GrantOptions {
  manifest: Manifest;
  scope: ArnScope;
}

/**
 * One statement's worth of permissions. `notNeeded` returns why a manifest can do without it
 * (another traffic strategy, no alarms, ...) so the policy stays least-privilege and says so.
 */
export interface Grant {
  sid: string;
  actions: string[];
  resource: (ctx: GrantContext) => string | string[];
  condition?: (ctx: GrantContext) => ConditionBlock;
  notNeeded?: (manifest: Manifest, options: GrantOptions) => string | undefined;
}

function tagCondition(prefix: string, m: Manifest): Record<string, string> {
  return Object.fromEntries(
    Object.entries(ownerTags(m.service, m.environment)).map(([key, value]) => [`${prefix}${key}`, value]),
  );
}

function groupArns(ctx: GrantContext): string {
  // The trailing '-' keeps `checkout-prod-*` from also matching a `checkout-production` environment's fleets;
  // the tag conditions below are what really pins service and environment.
  return groupArnPattern(ctx.scope, `${ctx.manifest.service}-${ctx.manifest.environment}-`);
}

/** Every target group the manifest can attach fleets to, as ARNs or ARN patterns. */
export function targetGroupArns(ctx: GrantContext): string[] {
  const m = ctx.manifest;
  const refs = [...m.health.targetGroups];
  if (m.traffic.strategy === 'weighted') refs.push(m.traffic.targetGroups.blue, m.traffic.targetGroups.green);
  if (m.traffic.strategy === 'dns')
    refs.push(m.traffic.slots.blue.targetGroup, m.traffic.slots.green.targetGroup);
  return [...new Set(refs.map((ref) => targetGroupArn(ctx.scope, ref)))];
}

function onlyOwnTargetGroups(ctx: GrantContext): Record<string, Record<string, string[]>> {
  return { 'ForAllValues:ArnLike': { 'autoscaling:TargetGroupARNs': targetGroupArns(ctx) } };
}

/** The key prefix of this service environment's state, exactly as the state module writes it. */
function stateRoot(m: Manifest): string {
  return stateLocation(m.state, m.service, m.environment).root;
}

function bucketArn(ctx: GrantContext): string {
  return `arn:${ctx.scope.partition}:s3:::${ctx.manifest.state.bucket}`;
}

function recordName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

const unlessStrategy = (strategy: string) => (m: Manifest) =>
  m.traffic.strategy === strategy ? undefined : `traffic.strategy is ${m.traffic.strategy}, not ${strategy}`;

/** Weighted traffic shifts either a listener's default action or one rule: only that one is granted. */
function unlessWeightedBy(target: 'listener' | 'rule') {
  return (m: Manifest): string | undefined => {
    if (m.traffic.strategy !== 'weighted') return `traffic.strategy is ${m.traffic.strategy}, not weighted`;
    return m.traffic[target] ? undefined : `traffic.${target} is not set`;
  };
}

function weightedArn(m: Manifest, target: 'listener' | 'rule'): string {
  return m.traffic.strategy === 'weighted' ? (m.traffic[target] ?? '') : '';
}

function alarmsOf(m: Manifest): string[] {
  return m.traffic.strategy === 'target-group' ? [] : m.traffic.alarms;
}

/** Every grant odin can need, in the order the statements are printed. */
export const GRANTS: readonly Grant[] = [
  {
    sid: 'DescribeWithoutResourceScope',
    actions: [
      'autoscaling:DescribeAutoScalingGroups',
      'autoscaling:DescribeScalingActivities',
      'autoscaling:DescribeScheduledActions',
      'autoscaling:DescribePolicies',
      'ec2:DescribeImages',
      'ec2:DescribeSubnets',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeKeyPairs',
      'ec2:DescribeLaunchTemplates',
      'elasticloadbalancing:DescribeTargetGroups',
      'elasticloadbalancing:DescribeTargetGroupAttributes',
      'elasticloadbalancing:DescribeTargetHealth',
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeRules',
      'sts:GetCallerIdentity',
    ],
    resource: () => '*',
  },
  {
    sid: 'CreateTaggedFleets',
    actions: ['autoscaling:CreateAutoScalingGroup', 'autoscaling:CreateOrUpdateTags'],
    resource: groupArns,
    condition: (ctx) => ({
      StringEquals: tagCondition('aws:RequestTag/', ctx.manifest),
      ...onlyOwnTargetGroups(ctx),
    }),
  },
  {
    sid: 'ManageOwnFleets',
    actions: [
      'autoscaling:UpdateAutoScalingGroup',
      'autoscaling:DeleteAutoScalingGroup',
      'autoscaling:SuspendProcesses',
      'autoscaling:ResumeProcesses',
      'autoscaling:TerminateInstanceInAutoScalingGroup',
      'autoscaling:PutScheduledUpdateGroupAction',
      'autoscaling:DeleteScheduledAction',
      'autoscaling:PutScalingPolicy',
      'autoscaling:DeletePolicy',
    ],
    resource: groupArns,
    condition: (ctx) => ({ StringEquals: tagCondition('autoscaling:ResourceTag/', ctx.manifest) }),
  },
  {
    sid: 'RetagOwnFleets',
    actions: ['autoscaling:CreateOrUpdateTags'],
    resource: groupArns,
    condition: (ctx) => ({
      StringEquals: tagCondition('autoscaling:ResourceTag/', ctx.manifest),
      // A fleet may change role tags but never be re-labelled as another service's or environment's.
      StringEqualsIfExists: tagCondition('aws:RequestTag/', ctx.manifest),
    }),
  },
  {
    sid: 'AttachOwnFleetsToTargetGroups',
    actions: ['autoscaling:AttachLoadBalancerTargetGroups', 'autoscaling:DetachLoadBalancerTargetGroups'],
    resource: groupArns,
    condition: (ctx) => ({
      StringEquals: tagCondition('autoscaling:ResourceTag/', ctx.manifest),
      ...onlyOwnTargetGroups(ctx),
    }),
  },
  {
    // Auto Scaling checks that the caller could launch from the template when a group is created or
    // updated; the instances themselves are launched by Auto Scaling's service-linked role.
    sid: 'LaunchOnlyFromLaunchTemplates',
    actions: ['ec2:RunInstances'],
    resource: () => '*',
    condition: (ctx) => ({ ArnLike: { 'ec2:LaunchTemplate': ec2Arn(ctx.scope, 'launch-template/*') } }),
  },
  {
    sid: 'TagOnCreateOnly',
    actions: ['ec2:CreateTags'],
    resource: (ctx) =>
      ['launch-template/*', 'instance/*', 'volume/*', 'network-interface/*'].map((r) => ec2Arn(ctx.scope, r)),
    condition: () => ({ StringEquals: { 'ec2:CreateAction': ['CreateLaunchTemplate', 'RunInstances'] } }),
  },
  {
    sid: 'CreateTaggedLaunchTemplate',
    actions: ['ec2:CreateLaunchTemplate'],
    resource: (ctx) => ec2Arn(ctx.scope, 'launch-template/*'),
    condition: (ctx) => ({ StringEquals: tagCondition('aws:RequestTag/', ctx.manifest) }),
  },
  {
    sid: 'ManageOwnLaunchTemplate',
    actions: [
      'ec2:CreateLaunchTemplateVersion',
      'ec2:DeleteLaunchTemplateVersions',
      'ec2:DeleteLaunchTemplate',
    ],
    resource: (ctx) => ec2Arn(ctx.scope, 'launch-template/*'),
    condition: (ctx) => ({ StringEquals: tagCondition('aws:ResourceTag/', ctx.manifest) }),
  },
  {
    sid: 'ReadInstanceProfile',
    actions: ['iam:GetInstanceProfile'],
    resource: (ctx) =>
      `arn:${ctx.scope.partition}:iam::${ctx.scope.account}:instance-profile/${profileName(ctx.manifest)}`,
    notNeeded: (m) => (m.instances.profile ? undefined : 'instances.profile is not set'),
  },
  {
    sid: 'PassInstanceRoleToEc2',
    actions: ['iam:PassRole'],
    resource: (ctx) => roleArn(ctx.scope, ctx.roleName ?? profileName(ctx.manifest)),
    condition: () => ({ StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } }),
    notNeeded: (m) => (m.instances.profile ? undefined : 'instances.profile is not set'),
  },
  {
    sid: 'ListOwnStateKeys',
    actions: ['s3:ListBucket'],
    resource: bucketArn,
    // IfExists: checking that the bucket exists (HeadBucket) is authorised as ListBucket with no prefix.
    condition: (ctx) => ({
      StringLikeIfExists: {
        's3:prefix': `${stateRoot(ctx.manifest)}*`,
      },
    }),
  },
  {
    sid: 'ReadWriteOwnState',
    actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
    resource: (ctx) => `${bucketArn(ctx)}/${stateRoot(ctx.manifest)}*`,
  },
  {
    sid: 'ShiftListenerWeights',
    actions: ['elasticloadbalancing:ModifyListener'],
    resource: (ctx) => weightedArn(ctx.manifest, 'listener'),
    notNeeded: unlessWeightedBy('listener'),
  },
  {
    sid: 'ShiftRuleWeights',
    actions: ['elasticloadbalancing:ModifyRule'],
    resource: (ctx) => weightedArn(ctx.manifest, 'rule'),
    notNeeded: unlessWeightedBy('rule'),
  },
  {
    sid: 'FindHostedZoneByName',
    actions: ['route53:ListHostedZonesByName'],
    resource: () => '*',
    notNeeded: unlessStrategy('dns'),
  },
  {
    sid: 'ReadServiceRecords',
    actions: ['route53:GetHostedZone', 'route53:ListResourceRecordSets'],
    resource: (ctx) =>
      ctx.manifest.traffic.strategy === 'dns' ? hostedZoneArn(ctx.scope, ctx.manifest.traffic.zone) : '',
    notNeeded: unlessStrategy('dns'),
  },
  {
    sid: 'UpsertServiceRecordOnly',
    actions: ['route53:ChangeResourceRecordSets'],
    resource: (ctx) =>
      ctx.manifest.traffic.strategy === 'dns' ? hostedZoneArn(ctx.scope, ctx.manifest.traffic.zone) : '',
    condition: (ctx) => ({
      'ForAllValues:StringEquals': {
        'route53:ChangeResourceRecordSetsNormalizedRecordNames':
          ctx.manifest.traffic.strategy === 'dns' ? [recordName(ctx.manifest.traffic.record)] : [],
        'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'AAAA'],
        'route53:ChangeResourceRecordSetsActions': ['UPSERT'],
      },
    }),
    notNeeded: unlessStrategy('dns'),
  },
  {
    sid: 'WaitForRecordChanges',
    actions: ['route53:GetChange'],
    resource: (ctx) => `arn:${ctx.scope.partition}:route53:::change/*`,
    notNeeded: unlessStrategy('dns'),
  },
  {
    // DescribeAlarms filtered by name is not reliably scoped by alarm ARN, so it stays on '*'.
    sid: 'ReadAlarms',
    actions: ['cloudwatch:DescribeAlarms'],
    resource: () => '*',
    notNeeded: (m) => (alarmsOf(m).length > 0 ? undefined : 'traffic.alarms is empty'),
  },
  {
    // Read-only and limited to the named parameters: --image ssm:PATH resolves an AMI id at deploy
    // time, so any path a deploy may pass has to be listed (--image-parameter), never parameter/*.
    sid: 'ReadImageParameter',
    actions: ['ssm:GetParameter'],
    resource: (ctx) => {
      const arns = imageParameters(ctx.manifest, ctx).map((path) => parameterArn(ctx.scope, path));
      return arns.length === 1 ? (arns[0] ?? '') : arns;
    },
    notNeeded: (m, options) =>
      imageParameters(m, options).length > 0
        ? undefined
        : 'image is not read from an SSM parameter; pass --image-parameter PATH if deploys use --image ssm:PATH',
  },
  VARIABLE_PARAMETER_GRANT,
];

function imageParameters(m: Manifest, options: GrantOptions): string[] {
  const own = 'ssm' in m.image ? [m.image.ssm] : [];
  return [...new Set([...own, ...(options.imageParameters ?? [])])];
}

/** The instance profile's name, also when the manifest gives its ARN. */
export function profileName(m: Manifest): string {
  const profile = m.instances.profile ?? '';
  return profile.includes(':instance-profile/') ? profile.slice(profile.lastIndexOf('/') + 1) : profile;
}
