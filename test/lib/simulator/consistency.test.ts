import {
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand, DescribeLaunchTemplatesCommand } from '@aws-sdk/client-ec2';
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';

import { DEMO_IDS } from '../../../src/lib/simulator/index.js';
import { seededCloud } from './sdk-clients.js';

const DELAY_MS = 5_000;
type Env = ReturnType<typeof seededCloud>;

async function template(env: Env, name: string): Promise<string> {
  const out = await env.ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: name,
      LaunchTemplateData: { ImageId: DEMO_IDS.imageV2 },
    }),
  );
  return out.LaunchTemplate!.LaunchTemplateId!;
}

async function groupOfOne(env: Env, templateId: string, name: string): Promise<void> {
  await env.autoscaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      LaunchTemplate: { LaunchTemplateId: templateId },
      MinSize: 1,
      MaxSize: 1,
      VPCZoneIdentifier: DEMO_IDS.subnetA,
    }),
  );
}

async function demoWebArn(env: Env): Promise<string> {
  const out = await env.elbv2.send(new DescribeTargetGroupsCommand({ Names: ['demo-web'] }));
  return out.TargetGroups![0]!.TargetGroupArn!;
}

describe('local cloud: the consistency delay', () => {
  it('lists a new launch template, by name, id or in full, only once the delay has passed', async () => {
    const env = seededCloud({ faults: { consistencyDelayMs: DELAY_MS } });
    const id = await template(env, 'lagging');

    const byName = await env.ec2
      .send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['lagging'] }))
      .catch((e: unknown) => e);
    const byId = await env.ec2
      .send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: [id] }))
      .catch((e: unknown) => e);
    const all = await env.ec2.send(new DescribeLaunchTemplatesCommand({}));
    expect(byName).toMatchObject({ name: 'InvalidLaunchTemplateName.NotFoundException' });
    expect(byId).toMatchObject({ name: 'InvalidLaunchTemplateId.NotFound' });
    expect(all.LaunchTemplates?.map((t) => t.LaunchTemplateName)).not.toContain('lagging');

    await env.clock.advance(DELAY_MS);
    const later = await env.ec2.send(
      new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['lagging'] }),
    );
    expect(later.LaunchTemplates?.map((t) => t.LaunchTemplateId)).toEqual([id]);
  });

  it('lets a group use a template that is not listed yet', async () => {
    const env = seededCloud({ faults: { consistencyDelayMs: DELAY_MS } });

    await groupOfOne(env, await template(env, 'fresh'), 'fresh');
    const early = await env.autoscaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['fresh'] }),
    );
    expect(early.AutoScalingGroups).toEqual([]);

    await env.clock.advance(DELAY_MS);
    const later = await env.autoscaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['fresh'] }),
    );
    expect(later.AutoScalingGroups?.[0]?.Instances).toHaveLength(1);
  });

  it('reports a newly registered target as not registered until the delay has passed', async () => {
    const env = seededCloud({ faults: { consistencyDelayMs: DELAY_MS } });
    await groupOfOne(env, await template(env, 'targets'), 'targets');
    await env.clock.advance(40_000);
    const instanceId = env.cloud.snapshot().fleets[0]!.instances[0]!.id;
    const arn = await demoWebArn(env);

    await env.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: instanceId }] }));
    const listed = await env.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
    const asked = await env.elbv2.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: arn, Targets: [{ Id: instanceId }] }),
    );
    expect(listed.TargetHealthDescriptions).toEqual([]);
    expect(asked.TargetHealthDescriptions?.[0]?.TargetHealth).toMatchObject({
      State: 'unused',
      Reason: 'Target.NotRegistered',
    });

    await env.clock.advance(DELAY_MS);
    const later = await env.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
    expect(later.TargetHealthDescriptions?.map((t) => [t.Target?.Id, t.TargetHealth?.State])).toEqual([
      [instanceId, 'initial'],
    ]);
  });
});
