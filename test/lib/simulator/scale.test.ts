import {
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';

import { DEMO_IDS } from '../../../src/lib/simulator/index.js';
import { seededCloud } from './sdk-clients.js';

describe('local cloud: scale', () => {
  it('brings a 1000-instance fleet up, healthy, and back down to zero', { timeout: 60_000 }, async () => {
    const env = seededCloud();
    const tg = env.cloud.snapshot().targetGroups.find((t) => t.name === 'demo-web')!.arn;
    const lt = await env.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'big',
        LaunchTemplateData: { ImageId: DEMO_IDS.imageV2 },
      }),
    );
    const started = performance.now();
    await env.autoscaling.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: 'big',
        LaunchTemplate: { LaunchTemplateId: lt.LaunchTemplate!.LaunchTemplateId },
        MinSize: 0,
        MaxSize: 1000,
        DesiredCapacity: 1000,
        VPCZoneIdentifier: `${DEMO_IDS.subnetA},${DEMO_IDS.subnetB}`,
        TargetGroupARNs: [tg],
        HealthCheckType: 'ELB',
      }),
    );
    for (let i = 0; i < 20; i++) {
      await env.clock.advance(5_000);
      await env.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }));
      await env.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['big'] }));
    }
    const health = await env.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }));
    expect(health.TargetHealthDescriptions?.filter((d) => d.TargetHealth?.State === 'healthy')).toHaveLength(
      1000,
    );
    await env.autoscaling.send(
      new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'big', MinSize: 0, DesiredCapacity: 0 }),
    );
    await env.clock.advance(60_000);
    const after = await env.autoscaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['big'] }),
    );
    expect(after.AutoScalingGroups?.[0]?.Instances).toEqual([]);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
