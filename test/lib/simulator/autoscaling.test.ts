import {
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
  SetDesiredCapacityCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';

import { DEMO_IDS } from '../../../src/lib/simulator/index.js';
import { seededCloud } from './sdk-clients.js';

async function groupWithTemplate(
  env: ReturnType<typeof seededCloud>,
  name: string,
  desired: number,
  imageId: string = DEMO_IDS.imageV2,
) {
  const lt = await env.ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: `${name}-lt`,
      LaunchTemplateData: { ImageId: imageId, InstanceType: 't3.small' },
    }),
  );
  await env.autoscaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      LaunchTemplate: { LaunchTemplateId: lt.LaunchTemplate!.LaunchTemplateId, Version: '$Latest' },
      MinSize: 0,
      MaxSize: 10,
      DesiredCapacity: desired,
      VPCZoneIdentifier: `${DEMO_IDS.subnetA},${DEMO_IDS.subnetB}`,
    }),
  );
  return lt.LaunchTemplate!.LaunchTemplateId!;
}

async function describeGroup(env: ReturnType<typeof seededCloud>, name: string) {
  const out = await env.autoscaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
  );
  return out.AutoScalingGroups?.[0];
}

describe('local cloud: Auto Scaling groups', () => {
  it('launches instances to the desired capacity, Pending until they have booted, then InService', async () => {
    const env = seededCloud();
    await groupWithTemplate(env, 'web-r1', 3);
    const pending = await describeGroup(env, 'web-r1');
    expect(pending?.Instances?.map((i) => i.LifecycleState)).toEqual(['Pending', 'Pending', 'Pending']);
    expect(new Set(pending?.Instances?.map((i) => i.AvailabilityZone))).toEqual(
      new Set(['us-east-1a', 'us-east-1b']),
    );
    await env.clock.advance(39_000);
    expect(
      (await describeGroup(env, 'web-r1'))?.Instances?.every((i) => i.LifecycleState === 'Pending'),
    ).toBe(true);
    await env.clock.advance(1_000);
    const booted = await describeGroup(env, 'web-r1');
    expect(booted?.Instances?.map((i) => i.LifecycleState)).toEqual(['InService', 'InService', 'InService']);
    expect(booted?.CreatedTime).toBeInstanceOf(Date);
  });

  it('refuses a desired capacity outside [min, max] with a ValidationError', async () => {
    const env = seededCloud();
    await groupWithTemplate(env, 'web-r1', 1);
    const error = await env.autoscaling
      .send(
        new UpdateAutoScalingGroupCommand({
          AutoScalingGroupName: 'web-r1',
          MinSize: 2,
          MaxSize: 3,
          DesiredCapacity: 5,
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ValidationError',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      env.autoscaling.send(
        new SetDesiredCapacityCommand({ AutoScalingGroupName: 'web-r1', DesiredCapacity: 11 }),
      ),
    ).rejects.toThrow(/above max/);
  });

  it('answers a second group of the same name with AlreadyExists, as the SDK models it', async () => {
    const env = seededCloud();
    const ltId = await groupWithTemplate(env, 'web-r1', 0);
    const again = new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: 'web-r1',
      LaunchTemplate: { LaunchTemplateId: ltId },
      MinSize: 0,
      MaxSize: 1,
      VPCZoneIdentifier: DEMO_IDS.subnetA,
    });
    const error = await env.autoscaling.send(again).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'AlreadyExistsFault',
      Code: 'AlreadyExists',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses to delete a group with instances unless forced, then deletes it once they have terminated', async () => {
    const env = seededCloud();
    await groupWithTemplate(env, 'web-r1', 2);
    const refused = await env.autoscaling
      .send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'web-r1' }))
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ Code: 'ResourceInUse' });
    await env.autoscaling.send(
      new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'web-r1', ForceDelete: true }),
    );
    expect((await describeGroup(env, 'web-r1'))?.Status).toBe('Delete in progress');
    await env.clock.advance(60_000);
    expect(await describeGroup(env, 'web-r1')).toBeUndefined();
  });

  it('records a Failed activity when the image has been deregistered', async () => {
    const env = seededCloud();
    env.cloud.deregisterImage('demo-app-v1');
    await groupWithTemplate(env, 'web-r1', 1, DEMO_IDS.imageV1);
    const { Activities } = await env.autoscaling.send(
      new DescribeScalingActivitiesCommand({ AutoScalingGroupName: 'web-r1' }),
    );
    expect(Activities?.[0]).toMatchObject({ StatusCode: 'Failed' });
    expect(Activities?.[0]?.StatusMessage).toContain(DEMO_IDS.imageV1);
    expect((await describeGroup(env, 'web-r1'))?.Instances).toEqual([]);
  });
});
