import {
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand, DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';

import { DEMO_IDS } from '../../../src/lib/simulator/index.js';
import { seededCloud } from './sdk-clients.js';

async function outcomes(send: () => Promise<unknown>, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      await send().then(
        () => 'ok',
        (e: Error) => e.name,
      ),
    );
  return out;
}

describe('local cloud: faults', () => {
  it('throttles about the configured fraction of calls, with each service its own throttling error', async () => {
    const env = seededCloud({ faults: { throttleRate: 0.3 } });
    const asg = await outcomes(() => env.autoscaling.send(new DescribeAutoScalingGroupsCommand({})), 400);
    const throttled = asg.filter((o) => o === 'Throttling').length;
    expect(throttled).toBeGreaterThan(80);
    expect(throttled).toBeLessThan(160);
    expect(new Set(asg)).toEqual(new Set(['ok', 'Throttling']));
    const ec2 = await outcomes(() => env.ec2.send(new DescribeImagesCommand({ Owners: ['self'] })), 50);
    expect(ec2).toContain('RequestLimitExceeded');
    const s3 = await outcomes(
      () => env.s3.send(new ListObjectsV2Command({ Bucket: 'odin-state-123456789012' })),
      50,
    );
    expect(s3).toContain('SlowDown');
  });

  it('fails one operation at its error rate with a 5xx and leaves the others alone', async () => {
    const env = seededCloud({ faults: { errorRates: { DescribeTargetHealth: 1 } } });
    const arn = env.cloud.snapshot().targetGroups[0]!.arn;
    const error = await env.elbv2
      .send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ $fault: 'server', $metadata: { httpStatusCode: 500 } });
    await expect(env.autoscaling.send(new DescribeAutoScalingGroupsCommand({}))).resolves.toBeDefined();
  });

  it('carries out a call at its lost-response rate and then answers it with a 5xx', async () => {
    const env = seededCloud({ faults: { lostResponseRates: { CreateAutoScalingGroup: 1 } } });
    const lt = await env.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'lost',
        LaunchTemplateData: { ImageId: DEMO_IDS.imageV2 },
      }),
    );
    const create = () =>
      env.autoscaling.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: 'lost',
          LaunchTemplate: { LaunchTemplateId: lt.LaunchTemplate!.LaunchTemplateId },
          MinSize: 0,
          MaxSize: 1,
          VPCZoneIdentifier: DEMO_IDS.subnetA,
        }),
      );

    const first = await create().catch((e: unknown) => e);
    const again = await create().catch((e: unknown) => e);

    expect(first).toMatchObject({ $fault: 'server', $metadata: { httpStatusCode: 500 } });
    expect(again).toMatchObject({ Code: 'AlreadyExists' });
    const groups = await env.autoscaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['lost'] }),
    );
    expect(groups.AutoScalingGroups).toHaveLength(1);
  });

  it('makes every call take the configured latency of simulated time', async () => {
    const env = seededCloud({ faults: { latencyMs: 250 } });
    const start = env.clock.now();
    await env.autoscaling.send(new DescribeAutoScalingGroupsCommand({}));
    expect(env.clock.now() - start).toBe(250);
  });

  it('kills instances some time after they boot when asked to, and their group replaces them', async () => {
    const env = seededCloud({ faults: { dieAfterMs: 60_000, dieRate: 1 } });
    const lt = await env.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'die',
        LaunchTemplateData: { ImageId: DEMO_IDS.imageV2 },
      }),
    );
    await env.autoscaling.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: 'mortal',
        LaunchTemplate: { LaunchTemplateId: lt.LaunchTemplate!.LaunchTemplateId },
        MinSize: 1,
        MaxSize: 1,
        VPCZoneIdentifier: DEMO_IDS.subnetA,
      }),
    );
    const first = env.cloud.snapshot().fleets[0]!.instances[0]!.id;
    await env.clock.advance(40_000 + 90_000 + 10_000);
    const ids = env.cloud.snapshot().fleets[0]!.instances.map((i) => i.id);
    expect(ids).not.toEqual([first]);
    expect(ids.length).toBeGreaterThanOrEqual(1);
  });
});
