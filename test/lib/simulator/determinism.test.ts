import {
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';

import { DEMO_IDS } from '../../../src/lib/simulator/index.js';
import { seededCloud } from './sdk-clients.js';

// A scripted session: create a fleet behind demo-web, poll it while time passes, record
// everything answered (including the faults).
async function script(seed: number): Promise<unknown[]> {
  const env = seededCloud({
    seed,
    faults: {
      throttleRate: 0.2,
      errorRates: { DescribeTargetHealth: 0.1 },
      dieAfterMs: 120_000,
      dieRate: 0.5,
    },
  });
  const log: unknown[] = [];
  const attempt = async (label: string, send: () => Promise<unknown>) => {
    for (;;) {
      try {
        const out = await send();
        log.push([label, env.clock.now(), JSON.parse(JSON.stringify(out))]);
        return out;
      } catch (e) {
        log.push([label, env.clock.now(), (e as Error).name]);
        if (
          (e as Error).name !== 'Throttling' &&
          (e as Error).name !== 'RequestLimitExceeded' &&
          (e as Error).name !== 'InternalFailure'
        )
          throw e;
      }
    }
  };
  const tgs = (await attempt('tg', () =>
    env.elbv2.send(new DescribeTargetGroupsCommand({ Names: ['demo-web'] })),
  )) as { TargetGroups: Array<{ TargetGroupArn: string }> };
  const arn = tgs.TargetGroups[0]!.TargetGroupArn;
  const lt = (await attempt('lt', () =>
    env.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'det',
        LaunchTemplateData: { ImageId: DEMO_IDS.imageV2 },
      }),
    ),
  )) as {
    LaunchTemplate: { LaunchTemplateId: string };
  };
  await attempt('create', () =>
    env.autoscaling.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: 'det',
        LaunchTemplate: { LaunchTemplateId: lt.LaunchTemplate.LaunchTemplateId },
        MinSize: 4,
        MaxSize: 4,
        VPCZoneIdentifier: `${DEMO_IDS.subnetA},${DEMO_IDS.subnetB}`,
        TargetGroupARNs: [arn],
        HealthCheckType: 'ELB',
      }),
    ),
  );
  for (let i = 0; i < 30; i++) {
    await env.clock.advance(15_000);
    await attempt('health', () => env.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn })));
    await attempt('group', () =>
      env.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['det'] })),
    );
  }
  await attempt('activities', () =>
    env.autoscaling.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: 'det' })),
  );
  return log;
}

describe('local cloud: determinism', () => {
  it('answers the same scripted calls identically for the same seed, faults included', async () => {
    const [a, b] = [await script(42), await script(42)];
    expect(a).toEqual(b);
    expect(a.some((entry) => (entry as unknown[])[2] === 'Throttling')).toBe(true);
  });

  it('answers differently for another seed', async () => {
    const [a, b] = [await script(42), await script(43)];
    expect(a).not.toEqual(b);
  });
});
