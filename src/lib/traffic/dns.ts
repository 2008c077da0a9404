import type { LoadBalancer, RecordSet } from '../aws/types.js';
import { throwIfAborted } from '../clock/clock.js';
import type { DnsTraffic, Manifest } from '../manifest/types.js';
import { formatSpan } from '../state/lease-holder.js';
import { holdFor, TrafficGuardError, type Slot } from './steps.js';
import type { ResolvedRefs, StrategyFactory, TrafficContext } from './strategy.js';
import { PairStrategy, type SlotWeights } from './pair-strategy.js';

/**
 * Route 53 answers an alias to a load balancer with the load balancer's own TTL (60 s) whatever
 * the record says, so resolvers may keep an old answer at least that long.
 */
export const ALIAS_TTL_MS = 60_000;

/**
 * Weighted Route 53 cutover: at the manifest's record name, one weighted alias record per slot
 * (set identifiers `<service>-<env>-blue|green`, owned by odin) points at the slot's load
 * balancer. Each weight change is UPSERTed on exactly those two records, waited on until Route 53
 * reports it INSYNC, read back, and then held for the TTL plus `settle`, because resolvers keep
 * old answers that long: only then may the next step or a retirement happen.
 */
export const dnsStrategy: StrategyFactory = (manifest, refs) => new DnsStrategy(manifest, refs);

class DnsStrategy extends PairStrategy {
  readonly name = 'dns' as const;
  protected readonly where: string;
  private readonly traffic: DnsTraffic;
  private readonly zoneId: string;
  private readonly lbArns: Record<Slot, string>;
  private readonly ids: Record<Slot, string>;
  private loadBalancers?: Promise<Record<Slot, LoadBalancer>>;

  constructor(manifest: Manifest, refs: ResolvedRefs) {
    const traffic = manifest.traffic;
    if (traffic.strategy !== 'dns') throw new Error('the dns strategy needs dns traffic');
    const resolved = (map: Record<string, string>, key: string, what: string): string => {
      const found = map[key];
      if (!found) throw new Error(`${what} ${key} was not resolved`);
      return found;
    };
    const tg = (slot: Slot): string =>
      resolved(refs.targetGroups, traffic.slots[slot].targetGroup, 'target group');
    super({
      manifest,
      pair: { blue: tg('blue'), green: tg('green') },
      steps: traffic.steps,
      alarms: traffic.alarms,
    });
    if (!refs.zoneId) throw new Error(`hosted zone ${traffic.zone} was not resolved`);
    this.traffic = traffic;
    this.zoneId = refs.zoneId;
    const lb = (slot: Slot): string =>
      resolved(refs.loadBalancers, traffic.slots[slot].loadBalancer, 'load balancer');
    this.lbArns = { blue: lb('blue'), green: lb('green') };
    const id = (slot: Slot): string => `${manifest.service}-${manifest.environment}-${slot}`;
    this.ids = { blue: id('blue'), green: id('green') };
    this.where = `record ${bare(traffic.record)}`;
  }

  /** How long after INSYNC the next step or a retirement must wait. */
  private get holdMs(): number {
    return Math.max(this.traffic.ttlMs, ALIAS_TTL_MS) + this.traffic.settleMs;
  }

  protected override weightLabel(slot: Slot): string {
    return this.ids[slot];
  }

  protected override changeDetail(): string {
    return `UPSERT ${this.ids.blue} and ${this.ids.green} only, wait for INSYNC, read back, then wait ${formatSpan(this.holdMs)} (TTL and settle)`;
  }

  /** A plain record at the name would take the traffic weights are meant to split (and Route 53 rejects the UPSERT). */
  protected override async precheck(ctx: TrafficContext): Promise<void> {
    const records = await this.ownName(ctx);
    const plain = records.filter((r) => r.setIdentifier === undefined);
    if (plain.length === 0) return;
    throw new TrafficGuardError(
      'weights',
      `${this.where} has a non-weighted A record, so weights cannot split it`,
      {
        hint: `Replace the plain A record ${bare(this.traffic.record)} with odin's weighted records (set identifiers ${this.ids.blue}, ${this.ids.green}), or use another record name.`,
      },
    );
  }

  protected async setWeights(
    ctx: TrafficContext,
    weights: Record<Slot, number>,
    check?: () => Promise<void>,
  ): Promise<void> {
    const lbs = await this.slotLoadBalancers(ctx);
    const records = (['blue', 'green'] as const).map((slot) =>
      this.recordFor(slot, weights[slot], lbs[slot]),
    );
    const changeId = await ctx.aws.route53.upsertRecordSets(
      this.zoneId,
      records,
      `odin ${ctx.releaseId}: ${this.ids.blue} ${weights.blue}, ${this.ids.green} ${weights.green}`,
    );
    await this.waitInSync(ctx, changeId, weights);
    await this.verifyWeights(ctx, weights);
    const split = `${this.ids.blue} ${weights.blue}, ${this.ids.green} ${weights.green}`;
    await holdFor(
      ctx,
      this.holdMs,
      (left) => `${split} in sync; waiting out the TTL, ${formatSpan(left)} left`,
      check,
    );
  }

  protected manualWeightStep(weights: Record<Slot, number>): string {
    return (
      `in hosted zone ${this.zoneId}, UPSERT the weighted A records ${bare(this.traffic.record)} with set identifier ` +
      `${this.ids.blue} weight ${weights.blue} and ${this.ids.green} weight ${weights.green} (no other record), ` +
      `wait until the change is INSYNC, then wait ${formatSpan(this.holdMs)} for resolvers to drop the old answer`
    );
  }

  protected async readWeights(ctx: TrafficContext): Promise<SlotWeights | undefined> {
    const records = await this.ownName(ctx);
    const lbs = await this.slotLoadBalancers(ctx);
    const weights: SlotWeights = { blue: 0, green: 0, others: 0 };
    for (const record of records) {
      const slot = (['blue', 'green'] as const).find((s) => record.setIdentifier === this.ids[s]);
      // A record of odin's pointing somewhere else than its slot's load balancer is not odin's split.
      if (slot && pointsAt(record, lbs[slot])) weights[slot] += record.weight ?? 0;
      else weights.others += record.weight ?? 100;
    }
    return weights;
  }

  private recordFor(slot: Slot, weight: number, lb: LoadBalancer): RecordSet {
    return {
      name: this.traffic.record,
      type: 'A',
      setIdentifier: this.ids[slot],
      weight,
      // Route 53 then skips a slot whose load balancer has no healthy targets.
      alias: { dnsName: lb.dnsName, hostedZoneId: lb.canonicalHostedZoneId, evaluateTargetHealth: true },
    };
  }

  private async ownName(ctx: TrafficContext): Promise<RecordSet[]> {
    return ctx.aws.route53.listRecordSets(this.zoneId, this.traffic.record, 'A');
  }

  private async waitInSync(
    ctx: TrafficContext,
    changeId: string,
    weights: Record<Slot, number>,
  ): Promise<void> {
    const deadline = ctx.clock.now() + ctx.verifyTimeoutMs;
    for (;;) {
      if ((await ctx.aws.route53.getChangeStatus(changeId)) === 'INSYNC') return;
      ctx.reporter.progress(
        ctx.step,
        `Waiting for Route 53 to apply ${this.ids.blue} ${weights.blue}, ${this.ids.green} ${weights.green}`,
        { changeId },
      );
      if (ctx.clock.now() + ctx.pollMs > deadline) {
        throw new TrafficGuardError('weights', `Route 53 change ${changeId} was not INSYNC in time`, {
          hint: 'Check the Route 53 service health, then deploy again.',
        });
      }
      throwIfAborted(ctx.signal);
      await ctx.checkpoint();
      await ctx.clock.sleep(ctx.pollMs, ctx.signal);
    }
  }

  private slotLoadBalancers(ctx: TrafficContext): Promise<Record<Slot, LoadBalancer>> {
    this.loadBalancers ??= ctx.aws.elbv2.findLoadBalancers(Object.values(this.lbArns)).then((found) => {
      const pick = (slot: Slot): LoadBalancer => {
        const lb = found.find((l) => l.arn === this.lbArns[slot]);
        if (!lb) throw new Error(`load balancer ${this.lbArns[slot]} no longer exists`);
        return lb;
      };
      return { blue: pick('blue'), green: pick('green') };
    });
    this.loadBalancers.catch(() => (this.loadBalancers = undefined));
    return this.loadBalancers;
  }
}

function pointsAt(record: RecordSet, lb: LoadBalancer): boolean {
  const dns = (record.alias?.dnsName ?? '')
    .toLowerCase()
    .replace(/^dualstack\./, '')
    .replace(/\.$/, '');
  return dns === lb.dnsName.toLowerCase().replace(/\.$/, '');
}

function bare(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}
