import {
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  PutScheduledUpdateGroupActionCommand,
  ResumeProcessesCommand,
  SetDesiredCapacityCommand,
  SuspendProcessesCommand,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';

import { DEMO_IDS } from '../../../src/lib/simulator/index.js';
import { seededCloud } from './sdk-clients.js';

type Env = ReturnType<typeof seededCloud>;

const BOOTED = 40_000;
// Boot, then two failed checks 10 s apart: an instance of a bad image is unhealthy by then.
const TARGET_FAILED = BOOTED + 20_000;

async function demoWebArn(env: Env): Promise<string> {
  const out = await env.elbv2.send(new DescribeTargetGroupsCommand({ Names: ['demo-web'] }));
  return out.TargetGroups![0]!.TargetGroupArn!;
}

/** A group of `desired` instances behind demo-web (which a listener rule uses), ELB health checks. */
async function webGroup(
  env: Env,
  desired: number,
  imageId: string = DEMO_IDS.imageV2,
  graceSec = 0,
): Promise<string> {
  const lt = await env.ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: 'web-lt',
      LaunchTemplateData: { ImageId: imageId },
    }),
  );
  const arn = await demoWebArn(env);
  await env.autoscaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: 'web',
      LaunchTemplate: { LaunchTemplateId: lt.LaunchTemplate!.LaunchTemplateId },
      MinSize: 0,
      MaxSize: 10,
      DesiredCapacity: desired,
      VPCZoneIdentifier: DEMO_IDS.subnetA,
      TargetGroupARNs: [arn],
      HealthCheckType: 'ELB',
      HealthCheckGracePeriod: graceSec,
    }),
  );
  return arn;
}

async function instances(env: Env) {
  const out = await env.autoscaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['web'] }),
  );
  return (out.AutoScalingGroups?.[0]?.Instances ?? []).map((i) => ({
    id: i.InstanceId!,
    state: `${i.LifecycleState}/${i.HealthStatus}`,
  }));
}

async function targets(env: Env, arn: string): Promise<string[]> {
  const out = await env.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
  return (out.TargetHealthDescriptions ?? []).map((t) => t.Target!.Id!).sort();
}

const suspend = (env: Env, ...processes: string[]) =>
  env.autoscaling.send(
    new SuspendProcessesCommand({ AutoScalingGroupName: 'web', ScalingProcesses: processes }),
  );
const resume = (env: Env, ...processes: string[]) =>
  env.autoscaling.send(
    new ResumeProcessesCommand({ AutoScalingGroupName: 'web', ScalingProcesses: processes }),
  );

describe('local cloud: suspended and resumed processes', () => {
  it('leaves a dead instance InService/Healthy while HealthCheck is suspended, and replaces it once resumed', async () => {
    const env = seededCloud();
    await webGroup(env, 1);
    await env.clock.advance(BOOTED);
    await suspend(env, 'HealthCheck');
    const [victim] = await instances(env);
    env.cloud.killInstance(victim!.id);

    await env.clock.advance(600_000);
    expect(await instances(env)).toEqual([{ id: victim!.id, state: 'InService/Healthy' }]);

    await resume(env, 'HealthCheck');
    const after = await instances(env);
    expect(after.find((i) => i.id === victim!.id)?.state).toBe('Terminating/Unhealthy');
    expect(after.filter((i) => i.id !== victim!.id).map((i) => i.state)).toEqual(['Pending/Healthy']);
  });

  it('marks a failing instance Unhealthy but keeps it while ReplaceUnhealthy is suspended, then replaces it', async () => {
    const env = seededCloud();
    await webGroup(env, 1, DEMO_IDS.imageBroken);
    await suspend(env, 'ReplaceUnhealthy');
    await env.clock.advance(TARGET_FAILED);
    const [sick] = await instances(env);

    await env.clock.advance(600_000);
    expect(await instances(env)).toEqual([{ id: sick!.id, state: 'InService/Unhealthy' }]);

    await resume(env, 'ReplaceUnhealthy');
    const after = await instances(env);
    expect(after.find((i) => i.id === sick!.id)?.state).toBe('Terminating/Unhealthy');
    expect(after).toHaveLength(2);
  });

  it('marks but keeps a dead instance while Terminate is suspended, and replaces it once Terminate resumes', async () => {
    const env = seededCloud();
    await webGroup(env, 1);
    await env.clock.advance(BOOTED);
    await suspend(env, 'Terminate');
    const [victim] = await instances(env);
    env.cloud.killInstance(victim!.id);

    await env.clock.advance(600_000);
    expect(await instances(env)).toEqual([{ id: victim!.id, state: 'InService/Unhealthy' }]);

    await resume(env, 'Terminate');
    expect((await instances(env)).find((i) => i.id === victim!.id)?.state).toBe('Terminating/Unhealthy');
  });

  it('checks again on resume only once the instance’s grace period has passed', async () => {
    const env = seededCloud();
    await webGroup(env, 1, DEMO_IDS.imageV2, 300);
    await suspend(env, 'HealthCheck');
    await env.clock.advance(BOOTED);
    const [victim] = await instances(env);
    env.cloud.killInstance(victim!.id);
    await env.clock.advance(60_000);

    await resume(env, 'HealthCheck');
    expect(await instances(env)).toEqual([{ id: victim!.id, state: 'InService/Healthy' }]);
    await env.clock.advance(200_000);

    expect((await instances(env)).find((i) => i.id === victim!.id)?.state).toBe('Terminating/Unhealthy');
  });

  it('does not register instances launched while AddToLoadBalancer was suspended, even after it is resumed', async () => {
    const env = seededCloud();
    const arn = await webGroup(env, 1);
    await env.clock.advance(BOOTED);
    const [first] = await instances(env);
    await suspend(env, 'AddToLoadBalancer');
    await env.autoscaling.send(
      new SetDesiredCapacityCommand({ AutoScalingGroupName: 'web', DesiredCapacity: 2 }),
    );
    await env.clock.advance(BOOTED);
    const second = (await instances(env)).find((i) => i.id !== first!.id)!;
    expect(await targets(env, arn)).toEqual([first!.id]);

    await resume(env, 'AddToLoadBalancer');
    await env.autoscaling.send(
      new SetDesiredCapacityCommand({ AutoScalingGroupName: 'web', DesiredCapacity: 3 }),
    );
    await env.clock.advance(BOOTED);

    const third = (await instances(env)).find((i) => i.id !== first!.id && i.id !== second.id)!;
    expect(await targets(env, arn)).toEqual([first!.id, third.id].sort());
  });

  it('keeps extra instances while Terminate is suspended, and scales in once resumed', async () => {
    const env = seededCloud();
    await webGroup(env, 3);
    await env.clock.advance(BOOTED);
    await suspend(env, 'Terminate');
    await env.autoscaling.send(
      new SetDesiredCapacityCommand({ AutoScalingGroupName: 'web', DesiredCapacity: 1 }),
    );
    await env.clock.advance(60_000);
    expect((await instances(env)).map((i) => i.state)).toEqual(Array(3).fill('InService/Healthy'));

    await resume(env, 'Terminate');

    const states = (await instances(env)).map((i) => i.state).sort();
    expect(states).toEqual(['InService/Healthy', 'Terminating/Healthy', 'Terminating/Healthy']);
  });

  it('skips a scheduled action due while ScheduledActions is suspended, and runs later ones once resumed', async () => {
    const env = seededCloud();
    await webGroup(env, 0);
    const schedule = (name: string, inMs: number, desired: number) =>
      env.autoscaling.send(
        new PutScheduledUpdateGroupActionCommand({
          AutoScalingGroupName: 'web',
          ScheduledActionName: name,
          StartTime: new Date(env.clock.now() + inMs),
          DesiredCapacity: desired,
        }),
      );
    await schedule('during', 60_000, 2);
    await schedule('after', 600_000, 1);
    await suspend(env, 'ScheduledActions');
    await env.clock.advance(120_000);
    expect(await instances(env)).toEqual([]);

    await resume(env, 'ScheduledActions');
    expect(await instances(env)).toEqual([]);
    await env.clock.advance(500_000);

    expect(await instances(env)).toHaveLength(1);
  });
});
