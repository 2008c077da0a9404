import type {
  Action,
  LoadBalancer as SdkLoadBalancer,
  TargetGroup as SdkTargetGroup,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { LoadBalancer, TargetGroup, TargetHealth, TargetState, WeightedTarget } from './types.js';

/** An SDK target group as odin's TargetGroup. */
export function toTargetGroup(group: SdkTargetGroup): TargetGroup {
  return {
    arn: group.TargetGroupArn ?? '',
    name: group.TargetGroupName ?? '',
    port: group.Port,
    protocol: group.Protocol,
    vpcId: group.VpcId,
    loadBalancerArns: group.LoadBalancerArns ?? [],
    // AWS's documented defaults, for groups described without health-check fields.
    healthCheck: {
      intervalSec: group.HealthCheckIntervalSeconds ?? 30,
      healthyThreshold: group.HealthyThresholdCount ?? 5,
      unhealthyThreshold: group.UnhealthyThresholdCount ?? 2,
      path: group.HealthCheckPath,
    },
  };
}

/** An SDK load balancer as odin's LoadBalancer. */
export function toLoadBalancer(balancer: SdkLoadBalancer): LoadBalancer {
  return {
    arn: balancer.LoadBalancerArn ?? '',
    name: balancer.LoadBalancerName ?? '',
    dnsName: balancer.DNSName ?? '',
    canonicalHostedZoneId: balancer.CanonicalHostedZoneId ?? '',
    type: balancer.Type ?? 'application',
  };
}

/** An SDK target health description as odin's TargetHealth. */
export function toTargetHealth(description: TargetHealthDescription): TargetHealth {
  return {
    id: description.Target?.Id ?? '',
    port: description.Target?.Port,
    state: (description.TargetHealth?.State ?? 'unavailable') as TargetState,
    reason: description.TargetHealth?.Reason,
    description: description.TargetHealth?.Description,
  };
}

/**
 * The weighted targets of the forward action among `actions`. A forward written as a plain
 * `TargetGroupArn` (no ForwardConfig) sends everything to that group, which is weight 1 alone.
 */
export function forwardTargets(actions: readonly Action[] | undefined): WeightedTarget[] {
  const forward = actions?.find((action) => action.Type === 'forward');
  if (!forward) return [];
  const weighted = forward.ForwardConfig?.TargetGroups;
  if (weighted && weighted.length > 0) {
    return weighted.map((target) => ({
      targetGroupArn: target.TargetGroupArn ?? '',
      weight: target.Weight ?? 1,
    }));
  }
  return forward.TargetGroupArn ? [{ targetGroupArn: forward.TargetGroupArn, weight: 1 }] : [];
}

/**
 * A single weighted forward action. Stickiness is switched off because a sticky group pins
 * clients to the old fleet and the weights would not move traffic as read back.
 */
export function weightedForward(targets: readonly WeightedTarget[]): Action[] {
  return [
    {
      Type: 'forward',
      ForwardConfig: {
        TargetGroups: targets.map((target) => ({
          TargetGroupArn: target.targetGroupArn,
          Weight: target.weight,
        })),
        TargetGroupStickinessConfig: { Enabled: false },
      },
    },
  ];
}

/** The listener a rule belongs to, from the rule's ARN (`listener-rule/app/lb/id/listener/rule`). */
export function listenerArnOfRule(ruleArn: string): string | undefined {
  const match = /^(arn:[^:]+:elasticloadbalancing:[^:]*:[^:]*:)listener-rule\/(.+)\/[^/]+$/.exec(ruleArn);
  return match ? `${match[1]}listener/${match[2]}` : undefined;
}
