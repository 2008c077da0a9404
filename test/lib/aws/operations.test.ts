import { describe, expect, it } from 'vitest';
import { AWS_OPERATIONS, iamActionFor } from '../../../src/lib/aws/operations.js';
import { AWS_SERVICE_NAMES, type AwsServiceName } from '../../../src/lib/aws/service-name.js';
import type {
  AutoScaling,
  Aws,
  CloudWatch,
  Ec2,
  Elbv2,
  Iam,
  Route53,
  S3,
  Ssm,
  Sts,
} from '../../../src/lib/aws/types.js';
import { mockedAws, type AwsMocks } from '../../helpers/aws-mock.js';

type Drive<T> = { [K in keyof T]: (adapter: T) => Promise<unknown> };

// One call of every adapter method, with inputs that make it send every command it can
// (names and ARNs, ids and names); the compiler insists that no method is left out.
const group = {
  name: 'web',
  launchTemplate: { id: 'lt-1', version: '1' },
  min: 1,
  max: 1,
  desired: 1,
  subnetIds: [],
  targetGroupArns: [],
  healthCheckType: 'EC2' as const,
  healthCheckGracePeriodSec: 0,
  tags: {},
};
const template = { imageId: 'ami-1', securityGroupIds: [], instanceTags: {} };

const AUTO_SCALING: Drive<AutoScaling> = {
  describeGroups: (a) => a.describeGroups(['web']),
  findGroupsByTags: (a) => a.findGroupsByTags({ k: 'v' }),
  createGroup: (a) => a.createGroup(group),
  updateCapacity: (a) => a.updateCapacity('web', { desired: 1 }),
  deleteGroup: (a) => a.deleteGroup('web'),
  attachTargetGroups: (a) => a.attachTargetGroups('web', ['arn:tg']),
  detachTargetGroups: (a) => a.detachTargetGroups('web', ['arn:tg']),
  describeActivities: (a) => a.describeActivities('web'),
  setTags: (a) => a.setTags('web', { k: 'v' }),
  putScheduledAction: (a) => a.putScheduledAction({ groupName: 'web', name: 's', at: 0, desired: 0 }),
  describeScheduledActions: (a) => a.describeScheduledActions('web'),
  deleteScheduledAction: (a) => a.deleteScheduledAction('web', 's'),
  putScalingPolicy: (a) => a.putScalingPolicy('web', { name: 'p', targetValue: 50 }),
  describePolicies: (a) => a.describePolicies('web'),
  deletePolicy: (a) => a.deletePolicy('web', 'p'),
  suspendProcesses: (a) => a.suspendProcesses('web', ['AZRebalance']),
  resumeProcesses: (a) => a.resumeProcesses('web', ['AZRebalance']),
  terminateInstance: (a) => a.terminateInstance('i-1', { decrementDesired: true }),
};
const ELBV2: Drive<Elbv2> = {
  findTargetGroups: (e) => e.findTargetGroups(['tg', 'arn:tg']),
  describeTargetHealth: (e) => e.describeTargetHealth('arn:tg'),
  getDeregistrationDelaySec: (e) => e.getDeregistrationDelaySec('arn:tg'),
  findLoadBalancers: (e) => e.findLoadBalancers(['lb']),
  describeListener: (e) => e.describeListener('arn:l'),
  describeRule: (e) => e.describeRule('arn:r'),
  setListenerWeights: (e) => e.setListenerWeights('arn:l', []),
  setRuleWeights: (e) => e.setRuleWeights('arn:r', []),
};
const EC2: Drive<Ec2> = {
  describeImages: (e) => e.describeImages({ ids: ['ami-1'] }),
  describeSubnets: (e) => e.describeSubnets({ ids: ['subnet-1'], names: ['a'] }),
  describeSecurityGroups: (e) => e.describeSecurityGroups({ ids: ['sg-1'], names: ['web'] }),
  keyPairExists: (e) => e.keyPairExists('k'),
  findLaunchTemplate: (e) => e.findLaunchTemplate('t'),
  createLaunchTemplate: (e) => e.createLaunchTemplate('t', template, {}),
  createLaunchTemplateVersion: (e) => e.createLaunchTemplateVersion('lt-1', template),
  deleteLaunchTemplateVersions: (e) => e.deleteLaunchTemplateVersions('lt-1', [1]),
  deleteLaunchTemplate: (e) => e.deleteLaunchTemplate('lt-1'),
};
const ROUTE53: Drive<Route53> = {
  findHostedZone: async (r) => [await r.findHostedZone('Z1'), await r.findHostedZone('example.com')],
  listRecordSets: (r) => r.listRecordSets('Z1', 'app.example.com'),
  upsertRecordSets: (r) => r.upsertRecordSets('Z1', [], 'c'),
  getChangeStatus: (r) => r.getChangeStatus('C1'),
};
const S3_: Drive<S3> = {
  bucketExists: (s) => s.bucketExists('b'),
  getObject: (s) => s.getObject('b', 'k'),
  putObject: (s) => s.putObject('b', 'k', '{}'),
  deleteObject: (s) => s.deleteObject('b', 'k'),
  listKeys: (s) => s.listKeys('b', 'p/'),
};
const STS: Drive<Sts> = { getCallerIdentity: (s) => s.getCallerIdentity() };
const CLOUDWATCH: Drive<CloudWatch> = { describeAlarms: (c) => c.describeAlarms(['a']) };
const SSM: Drive<Ssm> = { getParameter: (s) => s.getParameter('/p') };
const IAM: Drive<Iam> = { getInstanceProfile: (i) => i.getInstanceProfile('p') };

async function driveEveryMethod(aws: Aws): Promise<void> {
  const run = async <T>(adapter: T, drive: Drive<T>) => {
    for (const call of Object.values(drive) as Array<(a: T) => Promise<unknown>>) await call(adapter);
  };
  await run(aws.autoScaling, AUTO_SCALING);
  await run(aws.elbv2, ELBV2);
  await run(aws.ec2, EC2);
  await run(aws.route53, ROUTE53);
  await run(aws.s3, S3_);
  await run(aws.sts, STS);
  await run(aws.cloudWatch, CLOUDWATCH);
  await run(aws.ssm, SSM);
  await run(aws.iam, IAM);
}

// Each service's stub has its own types; these tests only need what all of them share.
interface AnyStub {
  onAnyCommand(): { resolves(output: object): unknown };
  calls(): Array<{ args: unknown[] }>;
}

function stubOf(mocks: AwsMocks, service: AwsServiceName): AnyStub {
  return mocks[service] as unknown as AnyStub;
}

function sentOperations(mocks: AwsMocks): string[] {
  return AWS_SERVICE_NAMES.flatMap((service) =>
    mocks[service]
      .calls()
      .map((call) => `${service}:${(call.args[0] as object).constructor.name.replace(/Command$/, '')}`),
  );
}

describe('AWS_OPERATIONS', () => {
  it('lists exactly the operations the adapters send', async () => {
    const { aws, mocks } = mockedAws();
    for (const service of AWS_SERVICE_NAMES) stubOf(mocks, service).onAnyCommand().resolves({});

    await driveEveryMethod(aws);

    const listed = new Set(AWS_OPERATIONS.map((op) => `${op.service}:${op.operation}`));
    expect([...new Set(sentOperations(mocks))].sort()).toEqual([...listed].sort());
  });

  it('names each operation with its IAM action, plus the extra actions launching instances needs', () => {
    const actionsOf = (operation: string) =>
      AWS_OPERATIONS.filter((op) => op.operation === operation).map((op) => op.iamAction);

    expect(actionsOf('ModifyListener')).toEqual(['elasticloadbalancing:ModifyListener']);
    expect(actionsOf('ListObjectsV2')).toEqual(['s3:ListBucket']);
    expect(actionsOf('CreateAutoScalingGroup')).toEqual(
      expect.arrayContaining(['autoscaling:CreateAutoScalingGroup', 'ec2:RunInstances', 'iam:PassRole']),
    );
    expect(actionsOf('CreateLaunchTemplate')).toEqual(
      expect.arrayContaining(['ec2:CreateLaunchTemplate', 'iam:PassRole']),
    );
    for (const op of AWS_OPERATIONS) expect(op.iamAction).toMatch(/^[a-z0-9]+:[A-Za-z0-9]+$/);
  });

  it('derives IAM actions from the service prefix IAM uses', () => {
    expect(iamActionFor('elbv2', 'DescribeTargetHealth')).toBe('elasticloadbalancing:DescribeTargetHealth');
    expect(iamActionFor('s3', 'HeadBucket')).toBe('s3:ListBucket');
    expect(iamActionFor('s3', 'PutObject')).toBe('s3:PutObject');
  });
});
