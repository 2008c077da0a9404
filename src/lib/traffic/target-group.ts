import { throwIfAborted } from '../clock/clock.js';
import { detachAndDrain } from '../fleet/drain.js';
import type { Group, TargetHealth } from '../aws/types.js';
import { healthFrom, readTargetHealth, requiredHealthy, servingFloor } from '../fleet/fleet-health.js';
import type { Manifest } from '../manifest/types.js';
import type {
  FleetRef,
  PlannedChange,
  ResolvedRefs,
  RetireOptions,
  StrategyFactory,
  TrafficContext,
  TrafficSplit,
  TrafficStrategy,
} from './strategy.js';

/**
 * The default strategy: fleets share the manifest's target groups. A new fleet is created
 * attached to them, so it takes traffic as soon as its targets are healthy; cutover verifies
 * that, and retiring the old fleet detaches it and waits for it to drain.
 */
export const targetGroupStrategy: StrategyFactory = (manifest, refs) =>
  new TargetGroupStrategy(manifest, refs);

class TargetGroupStrategy implements TrafficStrategy {
  readonly name = 'target-group' as const;
  private readonly arns: string[];
  private readonly names: Map<string, string>;

  constructor(
    private readonly manifest: Manifest,
    refs: ResolvedRefs,
  ) {
    this.arns = manifest.health.targetGroups.map((key) => {
      const arn = refs.targetGroups[key];
      if (!arn) throw new Error(`target group ${key} was not resolved`);
      return arn;
    });
    this.names = new Map(manifest.health.targetGroups.map((key, i) => [this.arns[i] ?? key, shortName(key)]));
  }

  placementFor(): { targetGroupArns: string[] } {
    return { targetGroupArns: [...this.arns] };
  }

  gatingTargetGroups(): string[] {
    return [...this.arns];
  }

  async cutover(ctx: TrafficContext, move: { from?: FleetRef; to: FleetRef }): Promise<TrafficSplit> {
    const fleets = move.from ? [move.to, move.from] : [move.to];
    // The read that verifies the new fleet serves is the split's read-back too.
    const seen = await this.verifyServing(
      ctx,
      move.to.name,
      fleets.map((f) => f.name),
    );
    return this.splitOf(fleets, seen);
  }

  async restore(ctx: TrafficContext, move: { from: FleetRef; to: FleetRef }): Promise<TrafficSplit> {
    // Never stop traffic to the new fleet before the old one is verified serving again: if the
    // old fleet cannot take it, two half-working fleets beat zero.
    const seen = await this.verifyServing(ctx, move.from.name, [move.from.name, move.to.name]);
    const to = seen.groups.find((g) => g.name === move.to.name);
    const attached = this.arns.filter((arn) => to?.targetGroupArns.includes(arn));
    if (to && attached.length > 0) await ctx.aws.autoScaling.detachTargetGroups(to.name, attached);
    return this.split(ctx, [move.from]);
  }

  async retireFrom(ctx: TrafficContext, fleet: FleetRef, options: RetireOptions = {}): Promise<number> {
    return detachAndDrain(ctx, fleet.name, this.arns, {
      pollMs: ctx.pollMs,
      signal: ctx.signal,
      wait: options.wait,
    });
  }

  async split(ctx: TrafficContext, fleets: FleetRef[]): Promise<TrafficSplit> {
    return this.splitOf(
      fleets,
      await this.read(
        ctx,
        fleets.map((f) => f.name),
      ),
    );
  }

  /** The split as one read saw it: each fleet's share of the targets healthy in every target group. */
  private splitOf(fleets: FleetRef[], seen: Seen): TrafficSplit {
    const counts = new Map<string, number>();
    for (const group of seen.groups) counts.set(group.name, healthFrom(group, seen.targets).healthyInAll);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const entries = fleets.map((f) => ({
      fleet: f.name,
      percent: total === 0 ? 0 : Math.round(((counts.get(f.name) ?? 0) * 100) / total),
    }));
    const serving = entries.filter((e) => e.percent > 0);
    const where = [...this.names.values()].join(', ');
    const summary =
      serving.length === 0
        ? `no healthy targets in ${where}`
        : serving.map((e) => `${e.percent}% on ${e.fleet}`).join(', ') + ` (${where})`;
    return { entries, summary };
  }

  plannedChanges(input: { live?: FleetRef; next: FleetRef }): PlannedChange[] {
    const tgs = [...this.names.values()].join(', ');
    const changes: PlannedChange[] = [
      {
        action: 'verify',
        resource: input.next.name,
        detail: `targets registered and healthy in ${tgs} (read back)`,
      },
    ];
    if (input.live) {
      changes.push(
        { action: 'detach', resource: input.live.name, detail: `from ${tgs}` },
        {
          action: 'wait-drain',
          resource: input.live.name,
          detail: `each target group's deregistration delay, read at run time`,
        },
      );
    }
    return changes;
  }

  manualRestoreSteps(move: { from: FleetRef; to: FleetRef }): string[] {
    return [
      `attach ${move.from.name} to target groups ${this.list()} if it is not, and wait until its targets are healthy in each`,
    ];
  }

  manualRetireSteps(fleet: FleetRef): string[] {
    return [
      `detach ${fleet.name} from target groups ${this.list()} and wait the deregistration delay for its targets to drain`,
    ];
  }

  /** The target groups by name and ARN, for instructions. */
  private list(): string {
    return this.arns.map((arn) => `${this.names.get(arn) ?? arn} (${arn})`).join(', ');
  }

  /** The groups and every target group's targets, read together: the calls do not depend on each other. */
  private async read(ctx: TrafficContext, groupNames: string[]): Promise<Seen> {
    const [groups, targets] = await Promise.all([
      ctx.aws.autoScaling.describeGroups(groupNames),
      readTargetHealth(ctx.aws, this.arns),
    ]);
    return { groups, targets };
  }

  /**
   * Attaches the group to the target groups it is missing from, then polls until its targets are
   * registered and healthy in every one (read-back). Each poll reads `groupNames` (the group and
   * any others the caller needs) and returns the read that verified.
   */
  private async verifyServing(ctx: TrafficContext, groupName: string, groupNames: string[]): Promise<Seen> {
    const percent = this.manifest.health.healthyPercent;
    const deadline = ctx.clock.now() + ctx.verifyTimeoutMs;
    for (;;) {
      throwIfAborted(ctx.signal);
      const seen = await this.read(ctx, groupNames);
      const group = seen.groups.find((g) => g.name === groupName);
      if (!group) throw new Error(`Auto Scaling group ${groupName} does not exist`);
      const missing = this.arns.filter((arn) => !group.targetGroupArns.includes(arn));
      if (missing.length > 0) await ctx.aws.autoScaling.attachTargetGroups(groupName, missing);
      const health = healthFrom(group, seen.targets);
      const need = Math.max(
        requiredHealthy(group.desired, percent),
        servingFloor(this.manifest, group.desired),
      );
      ctx.reporter.progress(
        ctx.step,
        `${health.healthyInAll}/${group.desired} targets of ${groupName} serving`,
        { need },
      );
      if (missing.length === 0 && health.healthyInAll >= need) return seen;
      if (ctx.clock.now() + ctx.pollMs > deadline) {
        throw new Error(
          `could not verify that ${groupName} serves traffic: ${health.healthyInAll}/${group.desired} targets healthy in every target group, ${need} needed`,
        );
      }
      await ctx.checkpoint();
      await ctx.clock.sleep(ctx.pollMs, ctx.signal);
    }
  }
}

/** One read of groups and target health. */
interface Seen {
  groups: Group[];
  targets: Map<string, TargetHealth[]>;
}

function shortName(nameOrArn: string): string {
  const match = /targetgroup\/([^/]+)\//.exec(nameOrArn);
  return match?.[1] ?? nameOrArn;
}
