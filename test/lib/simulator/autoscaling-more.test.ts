import {
  CreateAutoScalingGroupCommand,
  DeleteScheduledActionCommand,
  DescribeAutoScalingGroupsCommand,
  DescribePoliciesCommand,
  DescribeScheduledActionsCommand,
  PutScalingPolicyCommand,
  PutScheduledUpdateGroupActionCommand,
  ResumeProcessesCommand,
  SetDesiredCapacityCommand,
  SuspendProcessesCommand,
  TerminateInstanceInAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';

import { DEMO_IDS } from '../../../src/lib/simulator/index.js';
import { seededCloud } from './sdk-clients.js';

type Env = ReturnType<typeof seededCloud>;

let templates = 0;

async function template(env: Env): Promise<string> {
  const lt = await env.ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: `lt-${templates++}`,
      LaunchTemplateData: { ImageId: DEMO_IDS.imageV2 },
    }),
  );
  return lt.LaunchTemplate!.LaunchTemplateId!;
}

async function group(
  env: Env,
  name: string,
  desired: number,
  tags: Record<string, string> = {},
  lt?: string,
) {
  await env.autoscaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      LaunchTemplate: { LaunchTemplateId: lt ?? (await template(env)) },
      MinSize: 0,
      MaxSize: 10,
      DesiredCapacity: desired,
      VPCZoneIdentifier: DEMO_IDS.subnetA,
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: true })),
    }),
  );
}

async function describeOne(env: Env, name: string) {
  return (await env.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] })))
    .AutoScalingGroups?.[0];
}

describe('local cloud: Auto Scaling describe', () => {
  it('refuses more than 50 group names with a ValidationError', async () => {
    const env = seededCloud();
    const names = Array.from({ length: 51 }, (_, i) => `g${i}`);
    const error = await env.autoscaling
      .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: names }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
    await expect(
      env.autoscaling.send(
        new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: names.slice(0, 50) }),
      ),
    ).resolves.toBeDefined();
  });

  it('pages groups by MaxRecords with NextToken, and filters by tag', async () => {
    const env = seededCloud();
    const lt = await template(env);
    for (let i = 0; i < 5; i++)
      await group(env, `svc-${i}`, 0, { 'odin:service': i < 4 ? 'checkout' : 'search' }, lt);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await env.autoscaling.send(
        new DescribeAutoScalingGroupsCommand({
          Filters: [{ Name: 'tag:odin:service', Values: ['checkout'] }],
          MaxRecords: 3,
          NextToken: token,
        }),
      );
      seen.push(...(out.AutoScalingGroups ?? []).map((g) => g.AutoScalingGroupName!));
      token = out.NextToken;
      pages++;
    } while (token);
    expect(seen).toEqual(['svc-0', 'svc-1', 'svc-2', 'svc-3']);
    expect(pages).toBe(2);
  });

  it('hides a new group from Describe for the consistency delay', async () => {
    const env = seededCloud({ faults: { consistencyDelayMs: 5_000 } });
    await group(env, 'fresh', 0);
    expect(await describeOne(env, 'fresh')).toBeUndefined();
    await env.clock.advance(5_000);
    expect(await describeOne(env, 'fresh')).toMatchObject({ AutoScalingGroupName: 'fresh' });
  });
});

describe('local cloud: Auto Scaling actions', () => {
  it('runs a scheduled action at its time, changing min, max and desired', async () => {
    const env = seededCloud();
    await group(env, 'web', 2);
    const at = new Date(env.clock.now() + 10 * 60_000);
    await env.autoscaling.send(
      new PutScheduledUpdateGroupActionCommand({
        AutoScalingGroupName: 'web',
        ScheduledActionName: 'to-zero',
        StartTime: at,
        MinSize: 0,
        MaxSize: 0,
        DesiredCapacity: 0,
      }),
    );
    const listed = await env.autoscaling.send(
      new DescribeScheduledActionsCommand({ AutoScalingGroupName: 'web' }),
    );
    expect(listed.ScheduledUpdateGroupActions?.[0]).toMatchObject({
      ScheduledActionName: 'to-zero',
      StartTime: at,
      DesiredCapacity: 0,
    });
    await env.clock.advance(10 * 60_000 - 1);
    expect(await describeOne(env, 'web')).toMatchObject({ DesiredCapacity: 2, MaxSize: 10 });
    await env.clock.advance(1);
    expect(await describeOne(env, 'web')).toMatchObject({ DesiredCapacity: 0, MinSize: 0, MaxSize: 0 });
    expect(
      (await env.autoscaling.send(new DescribeScheduledActionsCommand({ AutoScalingGroupName: 'web' })))
        .ScheduledUpdateGroupActions,
    ).toEqual([]);
  });

  it('does not run a scheduled action that was deleted', async () => {
    const env = seededCloud();
    await group(env, 'web', 2);
    const at = new Date(env.clock.now() + 60_000);
    await env.autoscaling.send(
      new PutScheduledUpdateGroupActionCommand({
        AutoScalingGroupName: 'web',
        ScheduledActionName: 'x',
        StartTime: at,
        DesiredCapacity: 0,
      }),
    );
    await env.autoscaling.send(
      new DeleteScheduledActionCommand({ AutoScalingGroupName: 'web', ScheduledActionName: 'x' }),
    );
    await env.clock.advance(120_000);
    expect((await describeOne(env, 'web'))?.DesiredCapacity).toBe(2);
  });

  it('refuses a scheduled action in the past', async () => {
    const env = seededCloud();
    await group(env, 'web', 0);
    const past = new Date(env.clock.now() - 1000);
    await expect(
      env.autoscaling.send(
        new PutScheduledUpdateGroupActionCommand({
          AutoScalingGroupName: 'web',
          ScheduledActionName: 'x',
          StartTime: past,
          DesiredCapacity: 1,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('launches nothing while Launch is suspended, and catches up when resumed', async () => {
    const env = seededCloud();
    await group(env, 'web', 0);
    await env.autoscaling.send(
      new SuspendProcessesCommand({ AutoScalingGroupName: 'web', ScalingProcesses: ['Launch'] }),
    );
    await env.autoscaling.send(
      new SetDesiredCapacityCommand({ AutoScalingGroupName: 'web', DesiredCapacity: 2 }),
    );
    expect((await describeOne(env, 'web'))?.Instances).toEqual([]);
    expect((await describeOne(env, 'web'))?.SuspendedProcesses?.map((p) => p.ProcessName)).toEqual([
      'Launch',
    ]);
    await env.autoscaling.send(new ResumeProcessesCommand({ AutoScalingGroupName: 'web' }));
    expect((await describeOne(env, 'web'))?.Instances).toHaveLength(2);
  });

  it('terminates an instance with or without decrementing desired capacity', async () => {
    const env = seededCloud();
    await group(env, 'web', 2);
    const [a, b] = (await describeOne(env, 'web'))!.Instances!;
    await env.autoscaling.send(
      new TerminateInstanceInAutoScalingGroupCommand({
        InstanceId: a!.InstanceId,
        ShouldDecrementDesiredCapacity: true,
      }),
    );
    expect(await describeOne(env, 'web')).toMatchObject({ DesiredCapacity: 1 });
    await env.autoscaling.send(
      new TerminateInstanceInAutoScalingGroupCommand({
        InstanceId: b!.InstanceId,
        ShouldDecrementDesiredCapacity: false,
      }),
    );
    const after = await describeOne(env, 'web');
    expect(after?.Instances?.filter((i) => i.LifecycleState !== 'Terminating')).toHaveLength(1);
    expect(after?.Instances?.find((i) => i.InstanceId === b!.InstanceId)?.LifecycleState).toBe('Terminating');
  });

  it('stores target tracking policies and validates the request-count resource label', async () => {
    const env = seededCloud();
    await group(env, 'web', 0);
    const policy = { AutoScalingGroupName: 'web', PolicyName: 'cpu', PolicyType: 'TargetTrackingScaling' };
    await env.autoscaling.send(
      new PutScalingPolicyCommand({
        ...policy,
        TargetTrackingConfiguration: {
          TargetValue: 50,
          PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
        },
      }),
    );
    const out = await env.autoscaling.send(new DescribePoliciesCommand({ AutoScalingGroupName: 'web' }));
    expect(out.ScalingPolicies?.[0]).toMatchObject({
      PolicyName: 'cpu',
      TargetTrackingConfiguration: { TargetValue: 50 },
    });
    await expect(
      env.autoscaling.send(
        new PutScalingPolicyCommand({
          ...policy,
          PolicyName: 'rpt',
          TargetTrackingConfiguration: {
            TargetValue: 100,
            PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget' },
          },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
