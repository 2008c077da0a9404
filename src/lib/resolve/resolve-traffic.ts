import type { Aws, LoadBalancer, TargetGroup, WeightedTarget } from '../aws/types.js';
import type { DnsTraffic, Manifest, WeightedTraffic } from '../manifest/types.js';
import type { ProblemList } from './problems.js';
import type { ResolvedDnsSlot, ResolvedTraffic } from './resolved-service.js';

/** Every target group and load balancer the manifest names, keyed as written, plus the traffic section. */
export interface TrafficResolution {
  traffic?: ResolvedTraffic;
  healthTargetGroups: TargetGroup[];
  targetGroups: Map<string, TargetGroup>;
  loadBalancers: Map<string, LoadBalancer>;
}

/** Resolves health.targetGroups and the traffic strategy's references, adding a problem for each miss. */
export async function resolveTraffic(
  aws: Aws,
  manifest: Manifest,
  problems: ProblemList,
): Promise<TrafficResolution> {
  const { traffic, health } = manifest;
  const tgRefs = [...health.targetGroups, ...trafficTargetGroupRefs(manifest)];
  const lbRefs =
    traffic.strategy === 'dns' ? [traffic.slots.blue.loadBalancer, traffic.slots.green.loadBalancer] : [];
  const [targetGroups, loadBalancers] = await Promise.all([
    lookUp(tgRefs, (refs) => aws.elbv2.findTargetGroups(refs)),
    lookUp(lbRefs, (refs) => aws.elbv2.findLoadBalancers(refs)),
  ]);
  const tg = (ref: string, where: string) => required(targetGroups, ref, where, 'target group', problems);
  const healthTargetGroups = present(
    health.targetGroups.map((ref, i) => tg(ref, `health.targetGroups[${i}]`)),
  );

  let resolved: ResolvedTraffic | undefined;
  if (traffic.strategy === 'target-group')
    resolved = { strategy: 'target-group', targetGroups: healthTargetGroups };
  else if (traffic.strategy === 'weighted') resolved = await resolveWeighted(aws, traffic, tg, problems);
  else {
    const lb = (ref: string, where: string) => required(loadBalancers, ref, where, 'load balancer', problems);
    resolved = await resolveDns(aws, traffic, tg, lb, problems);
  }
  return { traffic: resolved, healthTargetGroups, targetGroups, loadBalancers };
}

/** Adds a problem for each named CloudWatch alarm that does not exist. */
export async function checkAlarms(aws: Aws, names: string[], problems: ProblemList): Promise<void> {
  if (names.length === 0) return;
  const found = new Set((await aws.cloudWatch.describeAlarms(names)).map((a) => a.name));
  names.forEach((name, i) => {
    if (found.has(name)) return;
    problems.add({
      what: 'alarm',
      where: `traffic.alarms[${i}]`,
      message: `no CloudWatch alarm \`${name}\` in ${aws.region}`,
      hint: 'Create the alarm, or remove it from traffic.alarms.',
    });
  });
}

type Lookup<T> = (ref: string, where: string) => T | undefined;

async function resolveWeighted(
  aws: Aws,
  traffic: WeightedTraffic,
  tg: Lookup<TargetGroup>,
  problems: ProblemList,
): Promise<ResolvedTraffic | undefined> {
  const blue = tg(traffic.targetGroups.blue, 'traffic.targetGroups.blue');
  const green = tg(traffic.targetGroups.green, 'traffic.targetGroups.green');
  const weighted = await describeWeighted(aws, traffic, problems);
  if (blue && green && blue.arn === green.arn) {
    problems.add({
      what: 'target group',
      where: 'traffic.targetGroups.green',
      message: 'blue and green are the same target group',
      hint: 'Give the blue and green slots two different target groups.',
    });
  }
  if (!blue || !green || !weighted) return undefined;

  // odin only changes weights; both groups must already be in the forward action, or the
  // first weight change would have to rewrite the listener's routing as well.
  const { kind, arn, forward } = weighted;
  for (const [slot, group] of Object.entries({ blue, green })) {
    if (forward.some((target) => target.targetGroupArn === group.arn)) continue;
    problems.add({
      what: 'target group',
      where: `traffic.targetGroups.${slot}`,
      message: `target group \`${group.name}\` is not in the forward action of ${kind} \`${arn}\``,
      hint: `Make the ${kind} forward to both target groups (the idle one at weight 0), or fix traffic.targetGroups.${slot}.`,
    });
  }
  const target = kind === 'rule' ? { ruleArn: arn } : { listenerArn: arn };
  return { strategy: 'weighted', ...target, blue, green, alarms: traffic.alarms };
}

/** The listener's or rule's forward action; undefined (with a problem) when it does not exist. */
async function describeWeighted(
  aws: Aws,
  traffic: WeightedTraffic,
  problems: ProblemList,
): Promise<{ kind: 'listener' | 'rule'; arn: string; forward: WeightedTarget[] } | undefined> {
  const kind = traffic.rule ? 'rule' : 'listener';
  const arn = traffic.rule ?? traffic.listener ?? '';
  const found = kind === 'rule' ? await aws.elbv2.describeRule(arn) : await aws.elbv2.describeListener(arn);
  if (found) return { kind, arn, forward: found.forward };
  problems.add({
    what: kind,
    where: `traffic.${kind}`,
    message: `no ${kind} \`${arn}\` in ${aws.region}`,
    hint: `Fix traffic.${kind}: use the ${kind}'s ARN.`,
  });
  return undefined;
}

async function resolveDns(
  aws: Aws,
  traffic: DnsTraffic,
  tg: Lookup<TargetGroup>,
  lb: Lookup<LoadBalancer>,
  problems: ProblemList,
): Promise<ResolvedTraffic | undefined> {
  const slot = (name: 'blue' | 'green'): ResolvedDnsSlot | undefined => {
    const where = `traffic.slots.${name}`;
    const targetGroup = tg(traffic.slots[name].targetGroup, `${where}.targetGroup`);
    const loadBalancer = lb(traffic.slots[name].loadBalancer, `${where}.loadBalancer`);
    if (!targetGroup || !loadBalancer) return undefined;
    if (!targetGroup.loadBalancerArns.includes(loadBalancer.arn)) {
      problems.add({
        what: 'target group',
        where: `${where}.targetGroup`,
        message: `target group \`${targetGroup.name}\` receives no traffic from load balancer \`${loadBalancer.name}\``,
        hint: `Add a listener (or rule) on ${loadBalancer.name} forwarding to ${targetGroup.name}, or fix ${where}.`,
      });
    }
    return { targetGroup, loadBalancer };
  };
  const [zone, blue, green] = [await aws.route53.findHostedZone(traffic.zone), slot('blue'), slot('green')];
  if (!zone) {
    problems.add({
      what: 'hosted zone',
      where: 'traffic.zone',
      message: `no Route 53 hosted zone \`${traffic.zone}\``,
      hint: 'Use the hosted zone id (Z...) or its domain name.',
    });
  } else if (!withinZone(traffic.record, zone.name)) {
    problems.add({
      what: 'record',
      where: 'traffic.record',
      message: `record \`${traffic.record}\` is not in hosted zone \`${zone.name}\``,
      hint: `Use a record name ending in ${bare(zone.name)}, or fix traffic.zone.`,
    });
  }
  if (!zone || !blue || !green) return undefined;
  return {
    strategy: 'dns',
    zoneId: zone.id,
    zoneName: zone.name,
    record: traffic.record,
    blue,
    green,
    alarms: traffic.alarms,
  };
}

function trafficTargetGroupRefs(manifest: Manifest): string[] {
  const { traffic } = manifest;
  if (traffic.strategy === 'weighted') return [traffic.targetGroups.blue, traffic.targetGroups.green];
  if (traffic.strategy === 'dns') return [traffic.slots.blue.targetGroup, traffic.slots.green.targetGroup];
  return [];
}

/** One call for every distinct reference; the result keyed by the reference as written. */
async function lookUp<T extends { arn: string; name: string }>(
  refs: string[],
  find: (refs: string[]) => Promise<T[]>,
): Promise<Map<string, T>> {
  const distinct = [...new Set(refs)];
  const found = distinct.length > 0 ? await find(distinct) : [];
  const byRef = new Map<string, T>();
  for (const ref of distinct) {
    const match = found.find((item) => item.arn === ref || item.name === ref);
    if (match) byRef.set(ref, match);
  }
  return byRef;
}

function required<T>(
  found: Map<string, T>,
  ref: string,
  where: string,
  what: string,
  problems: ProblemList,
): T | undefined {
  const item = found.get(ref);
  if (!item) {
    const named = ref.startsWith('arn:') ? `\`${ref}\`` : `named \`${ref}\``;
    problems.add({
      what,
      where,
      message: `no ${what} ${named}`,
      hint: `Fix ${where}: use the ${what}'s name or ARN.`,
    });
  }
  return item;
}

function present<T>(items: Array<T | undefined>): T[] {
  return items.filter((item): item is T => item !== undefined);
}

function withinZone(record: string, zone: string): boolean {
  const r = bare(record).toLowerCase();
  const z = bare(zone).toLowerCase();
  return r === z || r.endsWith(`.${z}`);
}

function bare(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}
