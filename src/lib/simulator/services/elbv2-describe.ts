import type {
  Action,
  DescribeListenersCommandInput,
  DescribeLoadBalancersCommandInput,
  DescribeRulesCommandInput,
  DescribeTargetGroupAttributesCommandInput,
  DescribeTargetGroupsCommandInput,
  DescribeTargetHealthCommandInput,
  Listener,
  Rule,
  TargetGroup,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';

import { AwsFault, validationError } from '../aws-fault.js';
import { actionTargets, targetGroupInUse } from '../model/targets.js';
import type { ListenerState, RuleState, TargetGroupState, TargetState } from '../types.js';
import type { World } from '../world.js';
import { copy, date, page, type Handler } from './shapes.js';

/** The target group, or ELBv2's TargetGroupNotFound. */
export function requireTargetGroup(world: World, arn: string | undefined): TargetGroupState {
  const tg = world.state.targetGroups[arn ?? ''];
  if (!tg) throw new AwsFault('TargetGroupNotFound', `Target groups '${arn}' not found`);
  return tg;
}

function loadBalancerArnsOf(world: World, tgArn: string): string[] {
  const arns = new Set<string>();
  for (const l of Object.values(world.state.listeners))
    if (l.defaultActions.some((a) => actionTargets(a).includes(tgArn))) arns.add(l.loadBalancerArn);
  for (const r of Object.values(world.state.rules)) {
    const listener = world.state.listeners[r.listenerArn];
    if (listener && r.actions.some((a) => actionTargets(a).includes(tgArn)))
      arns.add(listener.loadBalancerArn);
  }
  return [...arns];
}

function targetGroupShape(world: World, tg: TargetGroupState): TargetGroup {
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol as 'HTTP',
    Port: tg.port,
    VpcId: tg.vpcId,
    HealthCheckProtocol: tg.protocol as 'HTTP',
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: tg.intervalSec,
    HealthCheckTimeoutSeconds: tg.timeoutSec,
    HealthyThresholdCount: tg.healthyThreshold,
    UnhealthyThresholdCount: tg.unhealthyThreshold,
    HealthCheckPath: tg.healthCheckPath,
    Matcher: { HttpCode: '200' },
    LoadBalancerArns: loadBalancerArnsOf(world, tg.arn),
    TargetType: 'instance',
    ProtocolVersion: 'HTTP1',
    IpAddressType: 'ipv4',
  };
}

function describeTargetGroups(world: World, input: DescribeTargetGroupsCommandInput) {
  const all = Object.values(world.state.targetGroups);
  let found: TargetGroupState[];
  if (input.TargetGroupArns?.length) {
    found = input.TargetGroupArns.map((arn) => world.state.targetGroups[arn]).filter(
      (t): t is TargetGroupState => !!t,
    );
    if (found.length < input.TargetGroupArns.length)
      throw new AwsFault('TargetGroupNotFound', 'One or more target groups not found');
  } else if (input.Names?.length) {
    found = all.filter((t) => input.Names!.includes(t.name));
    if (found.length < new Set(input.Names).size)
      throw new AwsFault('TargetGroupNotFound', 'One or more target groups not found');
  } else if (input.LoadBalancerArn) {
    if (!world.state.loadBalancers[input.LoadBalancerArn])
      throw new AwsFault('LoadBalancerNotFound', 'One or more load balancers not found');
    found = all.filter((t) => loadBalancerArnsOf(world, t.arn).includes(input.LoadBalancerArn!));
  } else {
    found = all;
  }
  const { items, next } = page(found, input.Marker, input.PageSize ?? 400);
  return { TargetGroups: items.map((t) => targetGroupShape(world, t)), NextMarker: next };
}

const NOT_REGISTERED = {
  State: 'unused',
  Reason: 'Target.NotRegistered',
  Description: 'Target is not registered to the target group',
} as const;
const NOT_IN_USE = {
  State: 'unused',
  Reason: 'Target.NotInUse',
  Description: 'Target group is not configured to receive traffic from the load balancer',
} as const;

function healthOf(
  world: World,
  tg: TargetGroupState,
  inUse: boolean,
  id: string,
  port?: number,
): TargetHealthDescription {
  // Eventual consistency: a target just registered is not known yet.
  const target = visibleTarget(world, tg, id);
  const actualPort = target?.port ?? port ?? tg.port;
  const base = { Target: { Id: id, Port: actualPort }, HealthCheckPort: String(actualPort) };
  if (!target) return { ...base, TargetHealth: NOT_REGISTERED };
  // A target group no listener forwards to has no health checks: its targets are unused.
  if (!inUse && target.state !== 'draining') return { ...base, TargetHealth: NOT_IN_USE };
  const reason = target.reason as 'Elb.RegistrationInProgress' | undefined;
  return { ...base, TargetHealth: { State: target.state, Reason: reason, Description: target.description } };
}

function visibleTarget(world: World, tg: TargetGroupState, id: string): TargetState | undefined {
  const target = tg.targets[id];
  return target && (target.visibleAt ?? 0) <= world.now ? target : undefined;
}

function describeTargetHealth(world: World, input: DescribeTargetHealthCommandInput) {
  const tg = requireTargetGroup(world, input.TargetGroupArn);
  const inUse = targetGroupInUse(world, tg.arn);
  const asked = input.Targets;
  const TargetHealthDescriptions = asked?.length
    ? asked.map((t) => healthOf(world, tg, inUse, t.Id ?? '', t.Port))
    : Object.keys(tg.targets)
        .filter((id) => visibleTarget(world, tg, id))
        .map((id) => healthOf(world, tg, inUse, id));
  return { TargetHealthDescriptions };
}

function describeTargetGroupAttributes(world: World, input: DescribeTargetGroupAttributesCommandInput) {
  const tg = requireTargetGroup(world, input.TargetGroupArn);
  return { Attributes: Object.entries(tg.attributes).map(([Key, Value]) => ({ Key, Value })) };
}

function describeLoadBalancers(world: World, input: DescribeLoadBalancersCommandInput) {
  const all = Object.values(world.state.loadBalancers);
  let found = all;
  if (input.LoadBalancerArns?.length) found = all.filter((lb) => input.LoadBalancerArns!.includes(lb.arn));
  else if (input.Names?.length) found = all.filter((lb) => input.Names!.includes(lb.name));
  const asked = input.LoadBalancerArns?.length ?? new Set(input.Names ?? []).size;
  if (found.length < asked)
    throw new AwsFault('LoadBalancerNotFound', 'One or more load balancers not found');
  const { items, next } = page(found, input.Marker, input.PageSize ?? 400);
  const LoadBalancers = items.map((lb) => ({
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: lb.canonicalHostedZoneId,
    CreatedTime: date(lb.createdAt),
    LoadBalancerName: lb.name,
    Scheme: lb.scheme as 'internet-facing',
    VpcId: lb.vpcId,
    State: { Code: 'active' as const },
    Type: lb.type,
    AvailabilityZones: lb.subnetIds.map((id) => ({
      SubnetId: id,
      ZoneName: world.state.subnets[id]?.availabilityZone,
    })),
    SecurityGroups: [...lb.securityGroupIds],
    IpAddressType: 'ipv4' as const,
  }));
  return { LoadBalancers, NextMarker: next };
}

/** A listener in the SDK's shape. */
export function listenerShape(l: ListenerState): Listener {
  return {
    ListenerArn: l.arn,
    LoadBalancerArn: l.loadBalancerArn,
    Port: l.port,
    Protocol: l.protocol as 'HTTP',
    DefaultActions: copy(l.defaultActions) as unknown as Action[],
  };
}

function describeListeners(world: World, input: DescribeListenersCommandInput) {
  let found: ListenerState[];
  if (input.ListenerArns?.length) {
    found = input.ListenerArns.map((arn) => world.state.listeners[arn]).filter(
      (l): l is ListenerState => !!l,
    );
    if (found.length < input.ListenerArns.length)
      throw new AwsFault('ListenerNotFound', 'One or more listeners not found');
  } else if (input.LoadBalancerArn) {
    if (!world.state.loadBalancers[input.LoadBalancerArn])
      throw new AwsFault('LoadBalancerNotFound', 'One or more load balancers not found');
    found = Object.values(world.state.listeners).filter((l) => l.loadBalancerArn === input.LoadBalancerArn);
  } else {
    throw validationError('You must specify either listener ARNs or a load balancer ARN');
  }
  const { items, next } = page(found, input.Marker, input.PageSize ?? 400);
  return { Listeners: items.map(listenerShape), NextMarker: next };
}

/** The listener's default rule: AWS lists it among the rules, with the listener's default actions. */
export function defaultRuleArn(listenerArn: string): string {
  return listenerArn.replace(':listener/', ':listener-rule/') + '/default';
}

/** A rule in the SDK's shape (the default rule mirrors the listener's default actions). */
export function ruleShape(
  world: World,
  r: RuleState | { arn: string; listenerArn: string; isDefault: true },
): Rule {
  if ('isDefault' in r) {
    const listener = world.state.listeners[r.listenerArn]!;
    return {
      RuleArn: r.arn,
      Priority: 'default',
      Conditions: [],
      Actions: copy(listener.defaultActions) as unknown as Action[],
      IsDefault: true,
    };
  }
  return {
    RuleArn: r.arn,
    Priority: r.priority,
    Conditions: copy(r.conditions),
    Actions: copy(r.actions) as unknown as Action[],
    IsDefault: false,
  };
}

function describeRules(world: World, input: DescribeRulesCommandInput) {
  const shapes: Rule[] = [];
  if (input.RuleArns?.length) {
    for (const arn of input.RuleArns) {
      const rule = world.state.rules[arn];
      const listener = Object.values(world.state.listeners).find((l) => defaultRuleArn(l.arn) === arn);
      if (rule) shapes.push(ruleShape(world, rule));
      else if (listener) shapes.push(ruleShape(world, { arn, listenerArn: listener.arn, isDefault: true }));
      else throw new AwsFault('RuleNotFound', 'One or more rules not found');
    }
  } else if (input.ListenerArn) {
    if (!world.state.listeners[input.ListenerArn])
      throw new AwsFault('ListenerNotFound', 'One or more listeners not found');
    const rules = Object.values(world.state.rules).filter((r) => r.listenerArn === input.ListenerArn);
    rules.sort((a, b) => Number(a.priority) - Number(b.priority));
    for (const rule of rules) shapes.push(ruleShape(world, rule));
    shapes.push(
      ruleShape(world, {
        arn: defaultRuleArn(input.ListenerArn),
        listenerArn: input.ListenerArn,
        isDefault: true,
      }),
    );
  } else {
    throw validationError('You must specify either listener rule ARNs or a listener ARN');
  }
  const { items, next } = page(shapes, input.Marker, input.PageSize ?? 400);
  return { Rules: items, NextMarker: next };
}

/** ELBv2 lookups: target groups and their health and attributes, load balancers, listeners, rules. */
export const elbv2DescribeHandlers: Record<string, Handler> = {
  DescribeTargetGroups: describeTargetGroups,
  DescribeTargetHealth: describeTargetHealth,
  DescribeTargetGroupAttributes: describeTargetGroupAttributes,
  DescribeLoadBalancers: describeLoadBalancers,
  DescribeListeners: describeListeners,
  DescribeRules: describeRules,
};
