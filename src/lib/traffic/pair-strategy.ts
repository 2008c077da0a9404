import { detachAndDrain } from '../fleet/drain.js';
import type { Manifest, Step } from '../manifest/types.js';
import { formatSpan } from '../state/lease-holder.js';
import {
  checkSplit,
  ensureAttached,
  otherSlot,
  readBack,
  runSteps,
  slotOf,
  waitForServing,
  type Side,
  type Slot,
  type StepDriver,
} from './steps.js';
import type {
  FleetRef,
  PlannedChange,
  Placement,
  RetireOptions,
  TrafficContext,
  TrafficShare,
  TrafficSplit,
  TrafficStrategy,
} from './strategy.js';

/** Weights by slot as AWS holds them, and the weight on anything outside the pair. */
export interface SlotWeights {
  blue: number;
  green: number;
  others: number;
}

/** What a pair strategy needs from the manifest, resolved. */
export interface PairConfig {
  manifest: Manifest;
  /** The target group each slot's fleet registers with. */
  pair: Record<Slot, string>;
  steps: Step[];
  alarms: string[];
}

/**
 * What the weighted (ALB) and dns (Route 53) strategies share: two slots, blue and green; the new
 * fleet goes to the slot the live one is not in; weights move through the manifest's steps and
 * every change is verified; retiring needs the fleet's weight at zero. Subclasses say how weights
 * are written, read back and waited on.
 */
export abstract class PairStrategy implements TrafficStrategy {
  abstract readonly name: 'weighted' | 'dns';
  protected readonly labels: Record<Slot, string>;

  protected constructor(protected readonly config: PairConfig) {
    this.labels = { blue: shortName(config.pair.blue), green: shortName(config.pair.green) };
  }

  /** Sets the weights and returns once they are verified; `check` runs at every poll of any wait. */
  protected abstract setWeights(
    ctx: TrafficContext,
    weights: Record<Slot, number>,
    check?: () => Promise<void>,
  ): Promise<void>;

  /** The weights AWS holds now; undefined when the listener, rule or record set is gone. */
  protected abstract readWeights(ctx: TrafficContext): Promise<SlotWeights | undefined>;

  /** What carries the weights, for messages and the plan ("listener arn:...", "record app.example.com"). */
  protected abstract readonly where: string;

  /** How a slot's weight is named in messages. */
  protected weightLabel(slot: Slot): string {
    return this.labels[slot];
  }

  /** Extra detail of each planned weight change (DNS: the waits after it). */
  protected changeDetail(): string {
    return 'read back';
  }

  /** Refuses, before anything changes, a setup the strategy cannot verify. */
  protected async precheck(_ctx: TrafficContext): Promise<void> {}

  placementFor(live?: FleetRef): Placement {
    const liveSlot = slotOf(live, this.config.pair);
    const slot = liveSlot ? otherSlot(liveSlot) : 'blue';
    return { targetGroupArns: [this.config.pair[slot]], slot };
  }

  gatingTargetGroups(placement: Placement): string[] {
    return [...placement.targetGroupArns];
  }

  async cutover(ctx: TrafficContext, move: { from?: FleetRef; to: FleetRef }): Promise<TrafficSplit> {
    await this.precheck(ctx);
    if (!move.from) {
      // First deploy: nothing else serves, so there is nothing to step away from.
      const slot = slotOf(move.to, this.config.pair) ?? 'blue';
      await this.setWeights(ctx, weightsFor(slot, 100));
      return this.split(ctx, [move.to]);
    }
    await runSteps(ctx, this.config.steps, this.driver(move.from, move.to));
    return this.split(ctx, [move.to, move.from]);
  }

  async restore(ctx: TrafficContext, move: { from: FleetRef; to: FleetRef }): Promise<TrafficSplit> {
    const { next: leaving, live: back } = this.sides(move.to, move.from);
    // The fleet taking traffic back must be able to: a retired standby is attached again and
    // waited on; until then the split stays as it is (two half-working fleets beat none).
    await ensureAttached(ctx, back);
    await waitForServing(ctx, back);
    await this.setWeights(ctx, { ...weightsFor(back.slot, 100), [leaving.slot]: 0 });
    return this.split(ctx, [move.from, move.to]);
  }

  async retireFrom(ctx: TrafficContext, fleet: FleetRef, options: RetireOptions = {}): Promise<number> {
    const [group] = await ctx.aws.autoScaling.describeGroups([fleet.name]);
    if (!group) return 0;
    const weights = await this.readWeights(ctx);
    for (const slot of ['blue', 'green'] as const) {
      if (!group.targetGroupArns.includes(this.config.pair[slot]) || !weights) continue;
      const share = shareOf(weights, slot);
      if (share === 0) continue;
      if (await this.anyHealthy(ctx, otherSlot(slot))) {
        throw new Error(
          `refusing to retire ${fleet.name}: ${this.weightLabel(slot)} still takes ${share}% of traffic at ${this.where}`,
        );
      }
      // Undoing a first deploy: no other fleet exists to take the traffic.
      ctx.reporter.log('warn', `Retiring ${fleet.name} while it takes ${share}%: no other fleet serves`);
    }
    return detachAndDrain(ctx, fleet.name, [this.config.pair.blue, this.config.pair.green], {
      pollMs: ctx.pollMs,
      signal: ctx.signal,
      wait: options.wait,
    });
  }

  async split(ctx: TrafficContext, fleets: FleetRef[]): Promise<TrafficSplit> {
    const weights = await this.readWeights(ctx);
    if (!weights) return { entries: [], summary: `${this.where} does not exist` };
    const groups = await ctx.aws.autoScaling.describeGroups(fleets.map((f) => f.name));
    const inSlot = (slot: Slot): FleetRef | undefined =>
      fleets.find((f) => {
        const group = groups.find((g) => g.name === f.name);
        const attached = group ? { ...f, targetGroupArns: group.targetGroupArns } : f;
        return slotOf(attached, this.config.pair) === slot;
      });
    const entries: TrafficShare[] = (['blue', 'green'] as const).map((slot) => ({
      ...(inSlot(slot) ? { fleet: inSlot(slot)?.name } : {}),
      slot,
      targetGroupArn: this.config.pair[slot],
      percent: shareOf(weights, slot),
    }));
    const serving = entries.filter((e) => e.percent > 0);
    const parts = serving.map(
      (e) => `${e.percent}% on ${e.fleet ?? 'no odin fleet'} (${this.weightLabel(e.slot as Slot)})`,
    );
    if (weights.others > 0) parts.push(`${shareOf(weights, 'others')}% elsewhere`);
    return { entries, summary: parts.length > 0 ? parts.join(', ') : `no weight at ${this.where}` };
  }

  plannedChanges(input: { live?: FleetRef; next: FleetRef }): PlannedChange[] {
    const nextSlot = slotOf(input.next, this.config.pair) ?? 'blue';
    const liveSlot = otherSlot(nextSlot);
    const set = (weight: number, bakeMs = 0): PlannedChange => ({
      action: 'set-weights',
      resource: this.where,
      detail:
        `${this.weightLabel(nextSlot)} ${weight}, ${this.weightLabel(liveSlot)} ${100 - weight}; ${this.changeDetail()}` +
        (bakeMs > 0 ? `; bake ${formatSpan(bakeMs)} watching alarms and healthy capacity` : ''),
    });
    if (!input.live) return [set(100)];
    const changes = this.config.steps.map((step) =>
      'pause' in step
        ? {
            action: 'pause',
            resource: input.next.name,
            detail: 'wait for `odin promote` (skipped with --auto) or `odin halt`',
          }
        : set(step.weight, step.bakeMs),
    );
    if (!this.config.steps.some((s) => 'weight' in s && s.weight === 100)) changes.push(set(100));
    const label = this.labels[liveSlot];
    return [
      ...changes,
      { action: 'detach', resource: input.live.name, detail: `from ${label}` },
      {
        action: 'wait-drain',
        resource: input.live.name,
        detail: `${label}'s deregistration delay, read at run time`,
      },
    ];
  }

  manualRestoreSteps(move: { from: FleetRef; to: FleetRef }): string[] {
    const { next: leaving, live: back } = this.sides(move.to, move.from);
    return [
      `attach ${back.fleet} to target group ${back.label} (${back.targetGroupArn}) if it is not, and wait until its targets are healthy there`,
      this.manualWeightStep({ ...weightsFor(back.slot, 100), [leaving.slot]: 0 }),
    ];
  }

  manualRetireSteps(fleet: FleetRef): string[] {
    const slot = slotOf(fleet, this.config.pair);
    const label = slot ? this.labels[slot] : `${this.labels.blue} and ${this.labels.green}`;
    return [
      `check that ${label} has weight 0 at ${this.where}, then detach ${fleet.name} from it and wait the deregistration delay for its targets to drain`,
    ];
  }

  /** The instruction that sets `weights` by hand: which resource, which entries, which values. */
  protected abstract manualWeightStep(weights: Record<Slot, number>): string;

  /** Exact comparison of what AWS holds with what odin set. */
  protected async mismatch(ctx: TrafficContext, expected: Record<Slot, number>): Promise<string | undefined> {
    const actual = await this.readWeights(ctx);
    if (!actual) return `${this.where} no longer exists`;
    if (actual.blue === expected.blue && actual.green === expected.green && actual.others === 0)
      return undefined;
    return `${this.where} reads back ${this.formatWeights(actual)}, not the ${this.formatWeights({ ...expected, others: 0 })} odin set`;
  }

  /** Reads back until the weights are exactly `expected`, or throws a TrafficGuardError. */
  protected verifyWeights(ctx: TrafficContext, expected: Record<Slot, number>): Promise<void> {
    return readBack(
      ctx,
      () => this.mismatch(ctx, expected),
      `Someone or something else changed ${this.where}, or AWS did not apply odin's change; find out which, then deploy again.`,
    );
  }

  private formatWeights(w: SlotWeights): string {
    const text = `${this.weightLabel('blue')} ${w.blue}, ${this.weightLabel('green')} ${w.green}`;
    return w.others > 0 ? `${text}, ${w.others} on others` : text;
  }

  private sides(to: FleetRef, from: FleetRef): { next: Side; live: Side } {
    const nextSlot = slotOf(to, this.config.pair) ?? otherSlot(slotOf(from, this.config.pair) ?? 'green');
    const liveSlot = slotOf(from, this.config.pair) ?? otherSlot(nextSlot);
    if (liveSlot === nextSlot)
      throw new Error(`${from.name} and ${to.name} are both in the ${nextSlot} slot; one of them must move`);
    const side = (fleet: FleetRef, slot: Slot): Side => ({
      fleet: fleet.name,
      slot,
      targetGroupArn: this.config.pair[slot],
      label: this.labels[slot],
    });
    return { next: side(to, nextSlot), live: side(from, liveSlot) };
  }

  private driver(from: FleetRef, to: FleetRef): StepDriver {
    const { next, live } = this.sides(to, from);
    const driver: StepDriver = {
      next,
      live,
      alarms: this.config.alarms,
      shift: (ctx, weight) =>
        this.setWeights(ctx, { ...weightsFor(next.slot, weight), [live.slot]: 100 - weight }, () =>
          checkSplit(ctx, driver, weight),
        ),
      recheck: (ctx, weight) =>
        this.verifyWeights(ctx, { ...weightsFor(next.slot, weight), [live.slot]: 100 - weight }),
    };
    return driver;
  }

  private async anyHealthy(ctx: TrafficContext, slot: Slot): Promise<boolean> {
    const targets = await ctx.aws.elbv2.describeTargetHealth(this.config.pair[slot]);
    return targets.some((t) => t.state === 'healthy');
  }
}

/** `weight` on `slot`, the rest on the other one. */
export function weightsFor(slot: Slot, weight: number): Record<Slot, number> {
  return { [slot]: weight, [otherSlot(slot)]: 100 - weight } as Record<Slot, number>;
}

function shareOf(weights: SlotWeights, key: Slot | 'others'): number {
  const total = weights.blue + weights.green + weights.others;
  return total === 0 ? 0 : Math.round((weights[key] * 100) / total);
}

/** `demo-green` from a target group ARN (or the name itself). */
export function shortName(nameOrArn: string): string {
  return (
    /targetgroup\/([^/]+)\//.exec(nameOrArn)?.[1] ??
    /loadbalancer\/app\/([^/]+)\//.exec(nameOrArn)?.[1] ??
    nameOrArn
  );
}
