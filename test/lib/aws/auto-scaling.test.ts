import {
  AttachLoadBalancerTargetGroupsCommand,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribePoliciesCommand,
  DescribeScalingActivitiesCommand,
  type AutoScalingGroup,
} from '@aws-sdk/client-auto-scaling';
import { describe, expect, it } from 'vitest';
import { AwsCallError } from '../../../src/lib/errors/index.js';
import { DEMO_IDS } from '../../../src/lib/simulator/index.js';
import { awsError, mockedAws } from '../../helpers/aws-mock.js';
import { localCloudFixture } from '../../helpers/local-cloud.js';

function sdkGroup(name: string, extra: Partial<AutoScalingGroup> = {}): AutoScalingGroup {
  return {
    AutoScalingGroupName: name,
    MinSize: 1,
    MaxSize: 4,
    DesiredCapacity: 2,
    DefaultCooldown: 300,
    AvailabilityZones: ['us-east-1a'],
    HealthCheckType: 'ELB',
    CreatedTime: new Date('2026-01-01T00:00:00Z'),
    ...extra,
  };
}

const GROUP_SPEC = {
  name: 'checkout-r8',
  launchTemplate: { id: 'lt-1', version: '4' },
  min: 1,
  max: 3,
  desired: 2,
  subnetIds: ['subnet-a', 'subnet-b'],
  targetGroupArns: ['arn:tg'],
  healthCheckType: 'ELB' as const,
  healthCheckGracePeriodSec: 60,
  tags: { 'odin:service': 'checkout' },
};

describe('AutoScaling adapter', () => {
  it('describes more than 50 groups in batches of 50 names', async () => {
    const { aws, mocks } = mockedAws();
    mocks.autoscaling
      .on(DescribeAutoScalingGroupsCommand)
      .callsFake((input: { AutoScalingGroupNames?: string[] }) => ({
        AutoScalingGroups: (input.AutoScalingGroupNames ?? []).map((name) => sdkGroup(name)),
      }));
    const names = Array.from({ length: 120 }, (_, i) => `web-${i}`);

    const groups = await aws.autoScaling.describeGroups(names);

    const batches = mocks.autoscaling
      .commandCalls(DescribeAutoScalingGroupsCommand)
      .map((call) => call.args[0].input.AutoScalingGroupNames?.length);
    expect(batches).toEqual([50, 50, 20]);
    expect(groups.map((g) => g.name)).toEqual(names);
  });

  it('follows NextToken to the last page', async () => {
    const { aws, mocks } = mockedAws();
    mocks.autoscaling
      .on(DescribeAutoScalingGroupsCommand)
      .resolvesOnce({ AutoScalingGroups: [sdkGroup('a')], NextToken: 't1' })
      .resolvesOnce({ AutoScalingGroups: [sdkGroup('b')], NextToken: 't2' })
      .resolvesOnce({ AutoScalingGroups: [sdkGroup('c')] });

    const groups = await aws.autoScaling.findGroupsByTags({ 'odin:service': 'checkout' });

    expect(groups.map((g) => g.name)).toEqual(['a', 'b', 'c']);
    const tokens = mocks.autoscaling
      .commandCalls(DescribeAutoScalingGroupsCommand)
      .map((c) => c.args[0].input.NextToken);
    expect(tokens).toEqual([undefined, 't1', 't2']);
  });

  it('finds groups by tags with one tag filter per tag', async () => {
    const { aws, mocks } = mockedAws();
    mocks.autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });

    await aws.autoScaling.findGroupsByTags({ 'odin:service': 'checkout', 'odin:env': 'prod' });

    expect(
      mocks.autoscaling.commandCalls(DescribeAutoScalingGroupsCommand)[0]?.args[0].input.Filters,
    ).toEqual([
      { Name: 'tag:odin:service', Values: ['checkout'] },
      { Name: 'tag:odin:env', Values: ['prod'] },
    ]);
  });

  it('maps SDK groups to domain groups: epoch times, tag records, subnets and instances', async () => {
    const { aws, mocks } = mockedAws();
    mocks.autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        sdkGroup('checkout-r7', {
          VPCZoneIdentifier: 'subnet-a,subnet-b',
          Tags: [{ Key: 'odin:release', Value: 'r7', ResourceId: 'checkout-r7' }],
          MixedInstancesPolicy: {
            LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateId: 'lt-1', Version: '3' } },
          },
          Instances: [
            {
              InstanceId: 'i-1',
              LifecycleState: 'InService',
              HealthStatus: 'Unhealthy',
              AvailabilityZone: 'us-east-1a',
              ProtectedFromScaleIn: false,
              LaunchTemplate: { Version: '3' },
            },
          ],
          SuspendedProcesses: [{ ProcessName: 'AZRebalance' }],
        }),
      ],
    });

    const [group] = await aws.autoScaling.describeGroups(['checkout-r7']);

    expect(group).toMatchObject({
      createdAt: Date.parse('2026-01-01T00:00:00Z'),
      subnetIds: ['subnet-a', 'subnet-b'],
      tags: { 'odin:release': 'r7' },
      launchTemplate: { id: 'lt-1', version: '3' },
      healthCheckType: 'ELB',
      suspendedProcesses: ['AZRebalance'],
      instances: [
        { id: 'i-1', lifecycleState: 'InService', healthStatus: 'Unhealthy', launchTemplateVersion: '3' },
      ],
    });
  });

  it('creates a group with a mixed instances policy only when several instance types are given', async () => {
    const { aws, mocks } = mockedAws();
    mocks.autoscaling.on(CreateAutoScalingGroupCommand).resolves({});

    await aws.autoScaling.createGroup(GROUP_SPEC);
    await aws.autoScaling.createGroup({ ...GROUP_SPEC, instanceTypes: ['m7g.large', 'm6g.large'] });

    const [plain, mixed] = mocks.autoscaling
      .commandCalls(CreateAutoScalingGroupCommand)
      .map((c) => c.args[0].input);
    expect(plain).toMatchObject({
      LaunchTemplate: { LaunchTemplateId: 'lt-1', Version: '4' },
      VPCZoneIdentifier: 'subnet-a,subnet-b',
      Tags: [{ Key: 'odin:service', Value: 'checkout', PropagateAtLaunch: false }],
    });
    expect(plain?.MixedInstancesPolicy).toBeUndefined();
    expect(mixed?.LaunchTemplate).toBeUndefined();
    expect(mixed?.MixedInstancesPolicy?.LaunchTemplate?.Overrides).toEqual([
      { InstanceType: 'm7g.large' },
      { InstanceType: 'm6g.large' },
    ]);
  });

  it('takes AlreadyExists on the retry of a create whose first answer was a 5xx as the group created', async () => {
    const { aws, mocks } = mockedAws();
    mocks.autoscaling
      .on(CreateAutoScalingGroupCommand)
      .rejectsOnce(awsError('InternalFailure', 500))
      .rejects(awsError('AlreadyExists', 400, 'AutoScalingGroup by this name already exists'));

    await aws.autoScaling.createGroup(GROUP_SPEC);

    expect(mocks.autoscaling.commandCalls(CreateAutoScalingGroupCommand)).toHaveLength(2);
  });

  it('reports AlreadyExists when no earlier attempt can have created the group', async () => {
    const { aws, mocks } = mockedAws();
    mocks.autoscaling
      .on(CreateAutoScalingGroupCommand)
      .rejectsOnce(awsError('AlreadyExists'))
      .rejectsOnce(awsError('Throttling', 400, 'Rate exceeded'))
      .rejectsOnce(awsError('AlreadyExists'));

    const first = await aws.autoScaling.createGroup(GROUP_SPEC).catch((e: unknown) => e);
    const afterThrottle = await aws.autoScaling.createGroup(GROUP_SPEC).catch((e: unknown) => e);

    expect(first).toBeInstanceOf(AwsCallError);
    expect(first).toMatchObject({ awsCode: 'AlreadyExists' });
    expect(afterThrottle).toMatchObject({ awsCode: 'AlreadyExists' });
  });

  it('creates a group once on the local cloud when the answer to the create is lost', async () => {
    const { aws, cloud } = await localCloudFixture({
      faults: { lostResponseRates: { CreateAutoScalingGroup: 1 } },
    });
    const template = await aws.ec2.createLaunchTemplate(
      'lost-lt',
      { imageId: DEMO_IDS.imageV2, securityGroupIds: [DEMO_IDS.securityGroup], instanceTags: {} },
      {},
    );

    await aws.autoScaling.createGroup({
      ...GROUP_SPEC,
      launchTemplate: { id: template.id, version: String(template.version) },
      subnetIds: [DEMO_IDS.subnetA],
      targetGroupArns: [],
    });

    expect(cloud.snapshot().fleets.map((f) => f.name)).toEqual([GROUP_SPEC.name]);
    expect(aws.stats().byOperation['autoscaling:CreateAutoScalingGroup']).toBe(2);
  });

  it('attaches target groups at most ten per call', async () => {
    const { aws, mocks } = mockedAws();
    mocks.autoscaling.on(AttachLoadBalancerTargetGroupsCommand).resolves({});
    const arns = Array.from({ length: 12 }, (_, i) => `arn:tg/${i}`);

    await aws.autoScaling.attachTargetGroups('web', arns);

    const sizes = mocks.autoscaling
      .commandCalls(AttachLoadBalancerTargetGroupsCommand)
      .map((c) => c.args[0].input.TargetGroupARNs?.length);
    expect(sizes).toEqual([10, 2]);
  });

  it('stops reading activities once it has the most recent `max`', async () => {
    const { aws, mocks } = mockedAws();
    const activity = (id: string) => ({
      ActivityId: id,
      AutoScalingGroupName: 'web',
      Cause: 'c',
      StartTime: new Date(1000),
      StatusCode: 'Successful' as const,
    });
    mocks.autoscaling
      .on(DescribeScalingActivitiesCommand)
      .resolvesOnce({ Activities: [activity('1'), activity('2')], NextToken: 'more' })
      .resolvesOnce({ Activities: [activity('3')], NextToken: 'even-more' });

    const activities = await aws.autoScaling.describeActivities('web', { max: 3 });

    expect(activities.map((a) => a.id)).toEqual(['1', '2', '3']);
    expect(mocks.autoscaling.commandCalls(DescribeScalingActivitiesCommand)).toHaveLength(2);
    expect(activities[0]).toMatchObject({ status: 'Successful', startTime: 1000, groupName: 'web' });
  });

  it('reads back target-tracking policies and leaves other policy types out', async () => {
    const { aws, mocks } = mockedAws();
    mocks.autoscaling.on(DescribePoliciesCommand).resolves({
      ScalingPolicies: [
        {
          PolicyName: 'cpu',
          PolicyARN: 'arn:p1',
          AutoScalingGroupName: 'web',
          TargetTrackingConfiguration: {
            TargetValue: 50,
            PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
          },
        },
        { PolicyName: 'step', PolicyARN: 'arn:p2', AutoScalingGroupName: 'web', PolicyType: 'StepScaling' },
      ],
    });

    const policies = await aws.autoScaling.describePolicies('web');

    expect(policies).toEqual([
      expect.objectContaining({
        name: 'cpu',
        arn: 'arn:p1',
        targetValue: 50,
        predefined: { metric: 'ASGAverageCPUUtilization', resourceLabel: undefined },
      }),
    ]);
  });
});
