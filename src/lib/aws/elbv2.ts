import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyRuleCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { codeOf, orAbsent, type ServiceCaller } from './caller.js';
import type { ClientConfig } from './client-config.js';
import {
  forwardTargets,
  listenerArnOfRule,
  toLoadBalancer,
  toTargetGroup,
  toTargetHealth,
  weightedForward,
} from './elbv2-shapes.js';
import { chunk, collectPages } from './pages.js';
import type {
  Elbv2,
  Listener,
  LoadBalancer,
  Rule,
  TargetGroup,
  TargetHealth,
  WeightedTarget,
} from './types.js';

// DescribeTargetGroups and DescribeLoadBalancers take at most 20 names or ARNs per call.
const PER_CALL = 20;
// AWS's default when a target group has never had the attribute set.
const DEFAULT_DEREGISTRATION_DELAY_SEC = 300;

type Query = { names?: string[]; arns?: string[] };

/** An ELBv2 client configured the way odin needs it. */
export function createElbv2Client(config: ClientConfig): ElasticLoadBalancingV2Client {
  return new ElasticLoadBalancingV2Client(config);
}

/** odin's Elbv2 interface over the SDK client. */
export class Elbv2Adapter implements Elbv2 {
  constructor(private readonly caller: ServiceCaller) {}

  findTargetGroups(namesOrArns: string[]): Promise<TargetGroup[]> {
    return lookUp(namesOrArns, 'TargetGroupNotFound', (query) =>
      collectPages(async (marker) => {
        const page = await this.caller.send(DescribeTargetGroupsCommand, {
          Names: query.names,
          TargetGroupArns: query.arns,
          Marker: marker,
        });
        return { items: (page.TargetGroups ?? []).map(toTargetGroup), next: page.NextMarker };
      }),
    );
  }

  async describeTargetHealth(targetGroupArn: string): Promise<TargetHealth[]> {
    const output = await this.caller.send(DescribeTargetHealthCommand, { TargetGroupArn: targetGroupArn });
    return (output.TargetHealthDescriptions ?? []).map(toTargetHealth);
  }

  async getDeregistrationDelaySec(targetGroupArn: string): Promise<number> {
    const output = await this.caller.send(DescribeTargetGroupAttributesCommand, {
      TargetGroupArn: targetGroupArn,
    });
    const value = output.Attributes?.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value;
    const seconds = value === undefined ? Number.NaN : Number.parseInt(value, 10);
    return Number.isFinite(seconds) ? seconds : DEFAULT_DEREGISTRATION_DELAY_SEC;
  }

  findLoadBalancers(namesOrArns: string[]): Promise<LoadBalancer[]> {
    return lookUp(namesOrArns, 'LoadBalancerNotFound', (query) =>
      collectPages(async (marker) => {
        const page = await this.caller.send(DescribeLoadBalancersCommand, {
          Names: query.names,
          LoadBalancerArns: query.arns,
          Marker: marker,
        });
        return { items: (page.LoadBalancers ?? []).map(toLoadBalancer), next: page.NextMarker };
      }),
    );
  }

  async describeListener(listenerArn: string): Promise<Listener | undefined> {
    const output = await orAbsent(
      this.caller.send(DescribeListenersCommand, { ListenerArns: [listenerArn] }),
      ['ListenerNotFound'],
    );
    const listener = output?.Listeners?.[0];
    if (!listener) return undefined;
    return {
      arn: listener.ListenerArn ?? listenerArn,
      loadBalancerArn: listener.LoadBalancerArn ?? '',
      port: listener.Port,
      protocol: listener.Protocol,
      forward: forwardTargets(listener.DefaultActions),
    };
  }

  async describeRule(ruleArn: string): Promise<Rule | undefined> {
    const output = await orAbsent(this.caller.send(DescribeRulesCommand, { RuleArns: [ruleArn] }), [
      'RuleNotFound',
    ]);
    const rule = output?.Rules?.[0];
    if (!rule) return undefined;
    return {
      arn: rule.RuleArn ?? ruleArn,
      listenerArn: listenerArnOfRule(rule.RuleArn ?? ruleArn),
      priority: rule.Priority ?? 'default',
      isDefault: rule.IsDefault ?? false,
      forward: forwardTargets(rule.Actions),
    };
  }

  // Known limitation: the weighted forward replaces every action, so an authenticate-oidc or
  // authenticate-cognito action in front of the forward is dropped. odin's manifests do not
  // describe such listeners; a listener that needs one must keep using target-group cutover.
  async setListenerWeights(listenerArn: string, targets: WeightedTarget[]): Promise<void> {
    await this.caller.send(ModifyListenerCommand, {
      ListenerArn: listenerArn,
      DefaultActions: weightedForward(targets),
    });
  }

  async setRuleWeights(ruleArn: string, targets: WeightedTarget[]): Promise<void> {
    await this.caller.send(ModifyRuleCommand, { RuleArn: ruleArn, Actions: weightedForward(targets) });
  }
}

/**
 * Looks entries up by name or ARN (names never contain ':'), 20 per call. ELBv2 fails a whole
 * call when any one entry is missing, so such a batch is retried entry by entry and the
 * missing ones are left out.
 */
async function lookUp<T>(
  namesOrArns: string[],
  notFoundCode: string,
  describe: (query: Query) => Promise<T[]>,
): Promise<T[]> {
  const unique = [...new Set(namesOrArns)];
  const batches: Query[] = [
    ...chunk(
      unique.filter((entry) => !entry.includes(':')),
      PER_CALL,
    ).map((names) => ({ names })),
    ...chunk(
      unique.filter((entry) => entry.includes(':')),
      PER_CALL,
    ).map((arns) => ({ arns })),
  ];
  const found: T[] = [];
  for (const batch of batches) {
    try {
      found.push(...(await describe(batch)));
    } catch (error) {
      if (codeOf(error) !== notFoundCode) throw error;
      const entries =
        batch.names?.map((name) => ({ names: [name] })) ?? batch.arns?.map((arn) => ({ arns: [arn] }));
      if ((entries?.length ?? 0) <= 1) continue;
      for (const single of entries ?? [])
        found.push(...((await orAbsent(describe(single), [notFoundCode])) ?? []));
    }
  }
  return found;
}
