import {
  DescribeAutoScalingGroupsCommand,
  DetachLoadBalancerTargetGroupsCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeTargetGroupAttributesCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { Reporter } from '../../../src/lib/events/reporter.js';
import { detachAndDrain } from '../../../src/lib/fleet/drain.js';
import { mockedAws } from '../../helpers/aws-mock.js';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef';
const POLL_MS = 5_000;

/** A group attached to one target group with a 30 s delay, whose target leaves `drainedAfterMs` after the detach. */
function drainingGroup(drainedAfterMs: number) {
  const { aws, clock, mocks } = mockedAws();
  const group = {
    AutoScalingGroupName: 'old',
    MinSize: 1,
    MaxSize: 1,
    DesiredCapacity: 1,
    CreatedTime: new Date(0),
    DefaultCooldown: 300,
    AvailabilityZones: ['us-east-1a'],
    HealthCheckType: 'ELB',
    TargetGroupARNs: [TG],
    Instances: [
      {
        InstanceId: 'i-1',
        AvailabilityZone: 'us-east-1a',
        LifecycleState: 'InService' as const,
        HealthStatus: 'Healthy',
        ProtectedFromScaleIn: false,
      },
    ],
  };
  mocks.autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [group] });
  let detachedAt = Number.POSITIVE_INFINITY;
  mocks.autoscaling.on(DetachLoadBalancerTargetGroupsCommand).callsFake(() => {
    detachedAt = clock.now();
    return {};
  });
  mocks.elbv2.on(DescribeTargetGroupAttributesCommand).resolves({
    Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
  });
  mocks.elbv2.on(DescribeTargetHealthCommand).callsFake(() => ({
    TargetHealthDescriptions:
      clock.now() < detachedAt + drainedAfterMs
        ? [{ Target: { Id: 'i-1', Port: 80 }, TargetHealth: { State: 'draining' } }]
        : [],
  }));
  const ctx = { aws, clock, reporter: new Reporter(() => {}, clock), step: 'retire' };
  return { clock, ctx, detachedAt: () => detachedAt };
}

describe('detaching and draining a group', () => {
  it('ends when the deregistration delay since the detach ends, not at the next poll', async () => {
    const { clock, ctx, detachedAt } = drainingGroup(30_000);
    await detachAndDrain(ctx, 'old', [TG], { pollMs: POLL_MS });
    expect(clock.now() - detachedAt()).toBe(30_000);
  });

  it('polls closely past the delay for a target AWS deregistered late, for at most one more interval', async () => {
    const late = drainingGroup(31_200);
    await detachAndDrain(late.ctx, 'old', [TG], { pollMs: POLL_MS });
    expect(late.clock.now() - late.detachedAt()).toBe(31_500);

    const stuck = drainingGroup(Number.POSITIVE_INFINITY);
    await detachAndDrain(stuck.ctx, 'old', [TG], { pollMs: POLL_MS });
    expect(stuck.clock.now() - stuck.detachedAt()).toBe(30_000 + POLL_MS);
  });
});
