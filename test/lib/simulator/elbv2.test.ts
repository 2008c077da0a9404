import {
  AttachLoadBalancerTargetGroupsCommand,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
  DetachLoadBalancerTargetGroupsCommand,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyListenerCommand,
  ModifyRuleCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';

import { DEMO_IDS, DEMO_LISTENER_ARN } from '../../../src/lib/simulator/index.js';
import { seededCloud } from './sdk-clients.js';

type Env = ReturnType<typeof seededCloud>;

async function tgArn(env: Env, name: string): Promise<string> {
  const out = await env.elbv2.send(new DescribeTargetGroupsCommand({ Names: [name] }));
  return out.TargetGroups![0]!.TargetGroupArn!;
}

async function fleet(
  env: Env,
  name: string,
  opts: { desired: number; tg: string; image?: string; healthCheck?: 'EC2' | 'ELB'; grace?: number },
) {
  const lt = await env.ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: `${name}-lt`,
      LaunchTemplateData: { ImageId: opts.image ?? DEMO_IDS.imageV2 },
    }),
  );
  await env.autoscaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      LaunchTemplate: { LaunchTemplateId: lt.LaunchTemplate!.LaunchTemplateId, Version: '$Latest' },
      MinSize: 0,
      MaxSize: 10,
      DesiredCapacity: opts.desired,
      VPCZoneIdentifier: DEMO_IDS.subnetA,
      TargetGroupARNs: [opts.tg],
      HealthCheckType: opts.healthCheck ?? 'EC2',
      HealthCheckGracePeriod: opts.grace ?? 0,
    }),
  );
}

async function states(env: Env, arn: string): Promise<string[]> {
  const out = await env.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
  return (out.TargetHealthDescriptions ?? []).map((d) => d.TargetHealth!.State!).sort();
}

describe('local cloud: ELBv2 target health', () => {
  it('registers booted instances as initial, then healthy after healthyThreshold × interval', async () => {
    const env = seededCloud();
    const arn = await tgArn(env, 'demo-web');
    await fleet(env, 'web-r1', { desired: 2, tg: arn });
    expect(await states(env, arn)).toEqual([]);
    await env.clock.advance(40_000);
    expect(await states(env, arn)).toEqual(['initial', 'initial']);
    await env.clock.advance(19_000);
    expect(await states(env, arn)).toEqual(['initial', 'initial']);
    await env.clock.advance(1_000);
    expect(await states(env, arn)).toEqual(['healthy', 'healthy']);
  });

  it('drains detached targets for the deregistration delay, then forgets them', async () => {
    const env = seededCloud();
    const arn = await tgArn(env, 'demo-web');
    await fleet(env, 'web-r1', { desired: 1, tg: arn });
    await env.clock.advance(60_000);
    await env.autoscaling.send(
      new DetachLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: 'web-r1', TargetGroupARNs: [arn] }),
    );
    const draining = await env.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
    expect(draining.TargetHealthDescriptions?.[0]?.TargetHealth).toMatchObject({
      State: 'draining',
      Reason: 'Target.DeregistrationInProgress',
    });
    await env.clock.advance(29_000);
    expect(await states(env, arn)).toEqual(['draining']);
    await env.clock.advance(1_000);
    expect(await states(env, arn)).toEqual([]);
  });

  it('keeps instances of a bad image unhealthy and, with ELB health checks, replaces them after the grace period', async () => {
    const env = seededCloud();
    const arn = await tgArn(env, 'demo-web');
    await fleet(env, 'web-bad', {
      desired: 1,
      tg: arn,
      image: DEMO_IDS.imageBroken,
      healthCheck: 'ELB',
      grace: 120,
    });
    await env.clock.advance(60_000);
    const health = await env.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
    expect(health.TargetHealthDescriptions?.[0]?.TargetHealth).toMatchObject({
      State: 'unhealthy',
      Reason: 'Target.FailedHealthChecks',
    });
    const first = (
      await env.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['web-bad'] }))
    ).AutoScalingGroups![0]!;
    expect(first.Instances?.[0]?.HealthStatus).toBe('Healthy');
    await env.clock.advance(60_000);
    const after = (
      await env.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['web-bad'] }))
    ).AutoScalingGroups![0]!;
    const old = after.Instances?.find((i) => i.InstanceId === first.Instances?.[0]?.InstanceId);
    expect(old).toMatchObject({ LifecycleState: 'Terminating', HealthStatus: 'Unhealthy' });
    expect(after.Instances?.filter((i) => i.LifecycleState === 'Pending')).toHaveLength(1);
    const { Activities } = await env.autoscaling.send(
      new DescribeScalingActivitiesCommand({ AutoScalingGroupName: 'web-bad' }),
    );
    expect(Activities?.some((a) => a.Cause?.includes('ELB system health check failure'))).toBe(true);
  });

  it('replaces an instance that died, after its targets fail', async () => {
    const env = seededCloud();
    const arn = await tgArn(env, 'demo-web');
    await fleet(env, 'web-r1', { desired: 2, tg: arn, healthCheck: 'ELB' });
    await env.clock.advance(60_000);
    const before = env.cloud.snapshot().fleets[0]!.instances;
    env.cloud.killInstance(before[0]!.id);
    await env.clock.advance(1_000);
    const after = env.cloud.snapshot().fleets[0]!.instances;
    expect(after.find((i) => i.id === before[0]!.id)?.lifecycleState).toBe('Terminating');
    expect(after.filter((i) => i.lifecycleState !== 'Terminating')).toHaveLength(2);
  });

  it('reports targets of a target group no listener uses as unused', async () => {
    const env = seededCloud();
    const blue = await tgArn(env, 'demo-blue');
    await env.elbv2.send(
      new ModifyListenerCommand({
        ListenerArn: DEMO_LISTENER_ARN,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: await tgArn(env, 'demo-green') }],
      }),
    );
    await fleet(env, 'web-r1', { desired: 1, tg: blue });
    await env.clock.advance(60_000);
    const out = await env.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: blue }));
    expect(out.TargetHealthDescriptions?.[0]?.TargetHealth).toMatchObject({
      State: 'unused',
      Reason: 'Target.NotInUse',
    });
  });

  it('never replaces instances for failing health checks in a target group no listener uses', async () => {
    const env = seededCloud();
    const blue = await tgArn(env, 'demo-blue');
    const green = await tgArn(env, 'demo-green');
    await env.elbv2.send(
      new ModifyListenerCommand({
        ListenerArn: DEMO_LISTENER_ARN,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: green }],
      }),
    );
    await fleet(env, 'web-bad', { desired: 1, tg: blue, image: DEMO_IDS.imageBroken, healthCheck: 'ELB' });
    await env.clock.advance(5 * 60_000);
    const [instance] = env.cloud.snapshot().fleets[0]!.instances;
    expect(instance).toMatchObject({ lifecycleState: 'InService', healthStatus: 'Healthy' });
  });

  it('registers the InService instances of a group when a target group is attached', async () => {
    const env = seededCloud();
    const web = await tgArn(env, 'demo-web');
    const blue = await tgArn(env, 'demo-blue');
    await fleet(env, 'web-r1', { desired: 2, tg: web });
    await env.clock.advance(60_000);
    await env.autoscaling.send(
      new AttachLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: 'web-r1', TargetGroupARNs: [blue] }),
    );
    expect(await states(env, blue)).toEqual(['initial', 'initial']);
  });

  it('answers an unknown target group with TargetGroupNotFound as the SDK models it', async () => {
    const env = seededCloud();
    const error = await env.elbv2
      .send(new DescribeTargetGroupsCommand({ Names: ['nope'] }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'TargetGroupNotFoundException',
      Code: 'TargetGroupNotFound',
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('local cloud: ELBv2 weighted forwards', () => {
  it('stores listener weights and reads them back exactly', async () => {
    const env = seededCloud();
    const blue = await tgArn(env, 'demo-blue');
    const green = await tgArn(env, 'demo-green');
    const forward = {
      TargetGroups: [
        { TargetGroupArn: blue, Weight: 30 },
        { TargetGroupArn: green, Weight: 70 },
      ],
    };
    await env.elbv2.send(
      new ModifyListenerCommand({
        ListenerArn: DEMO_LISTENER_ARN,
        DefaultActions: [{ Type: 'forward', ForwardConfig: forward }],
      }),
    );
    const out = await env.elbv2.send(new DescribeListenersCommand({ ListenerArns: [DEMO_LISTENER_ARN] }));
    const action = out.Listeners![0]!.DefaultActions![0]!;
    expect(action.ForwardConfig?.TargetGroups).toEqual(forward.TargetGroups);
    expect(action.TargetGroupArn).toBeUndefined();
  });

  it('gives a plain forward a one-entry ForwardConfig at weight 1, as ELBv2 does', async () => {
    const env = seededCloud();
    const green = await tgArn(env, 'demo-green');
    const rules = await env.elbv2.send(new DescribeRulesCommand({ ListenerArn: DEMO_LISTENER_ARN }));
    const rule = rules.Rules!.find((r) => !r.IsDefault)!;
    expect(rules.Rules!.at(-1)).toMatchObject({ IsDefault: true, Priority: 'default' });
    await env.elbv2.send(
      new ModifyRuleCommand({ RuleArn: rule.RuleArn, Actions: [{ Type: 'forward', TargetGroupArn: green }] }),
    );
    const after = await env.elbv2.send(new DescribeRulesCommand({ RuleArns: [rule.RuleArn!] }));
    expect(after.Rules![0]!.Actions![0]).toMatchObject({
      TargetGroupArn: green,
      ForwardConfig: { TargetGroups: [{ TargetGroupArn: green, Weight: 1 }] },
    });
  });

  it('refuses weights outside 0..999 and leaves the listener as it was', async () => {
    const env = seededCloud();
    const blue = await tgArn(env, 'demo-blue');
    const bad = { TargetGroups: [{ TargetGroupArn: blue, Weight: 1000 }] };
    await expect(
      env.elbv2.send(
        new ModifyListenerCommand({
          ListenerArn: DEMO_LISTENER_ARN,
          DefaultActions: [{ Type: 'forward', ForwardConfig: bad }],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
    });
    expect(
      env.cloud
        .snapshot()
        .listeners.find((l) => l.arn === DEMO_LISTENER_ARN)
        ?.forward.map((f) => f.weight),
    ).toEqual([100, 0]);
  });
});
