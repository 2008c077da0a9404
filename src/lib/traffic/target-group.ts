import { throwIfAborted } from '../clock/clock.js';
import { detachAndDrain } from '../fleet/drain.js';
import { healthOf, requiredHealthy, servingFloor } from '../fleet/fleet-health.js';
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
    await this.ensureAttached(ctx, move.to.name);
    await this.verifyServing(ctx, move.to.name);
    return this.split(ctx, move.from ? [move.to, move.from] : [move.to]);
  }

  async restore(ctx: TrafficContext, move: { from: FleetRef; to: FleetRef }): Promise<TrafficSplit> {
    await this.ensureAttached(ctx, move.from.name);
    // Never stop traffic to the new fleet before the old one is verified serving again: if the
    // old fleet cannot take it, two half-working fleets beat zero.
    await this.verifyServing(ctx, move.from.name);
    const [to] = await ctx.aws.autoScaling.describeGroups([move.to.name]);
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
    const groups = await ctx.aws.autoScaling.describeGroups(fleets.map((f) => f.name));
    const counts = new Map<string, number>();
    for (const group of groups) {
      const health = await healthOf(ctx.aws, group, this.arns);
      counts.set(group.name, health.healthyInAll);
    }
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

  private async ensureAttached(ctx: TrafficContext, groupName: string): Promise<void> {
    const [group] = await ctx.aws.autoScaling.describeGroups([groupName]);
    if (!group) throw new Error(`Auto Scaling group ${groupName} does not exist`);
    const missing = this.arns.filter((arn) => !group.targetGroupArns.includes(arn));
    if (missing.length > 0) await ctx.aws.autoScaling.attachTargetGroups(groupName, missing);
  }

  /** Polls until the group's targets are registered and healthy in every target group (read-back). */
  private async verifyServing(ctx: TrafficContext, groupName: string): Promise<void> {
    const percent = this.manifest.health.healthyPercent;
    const deadline = ctx.clock.now() + ctx.verifyTimeoutMs;
    for (;;) {
      throwIfAborted(ctx.signal);
      const [group] = await ctx.aws.autoScaling.describeGroups([groupName]);
      if (!group) throw new Error(`Auto Scaling group ${groupName} does not exist`);
      const health = await healthOf(ctx.aws, group, this.arns);
      const need = Math.max(
        requiredHealthy(group.desired, percent),
        servingFloor(this.manifest, group.desired),
      );
      ctx.reporter.progress(
        ctx.step,
        `${health.healthyInAll}/${group.desired} targets of ${groupName} serving`,
        { need },
      );
      if (this.arns.every((arn) => group.targetGroupArns.includes(arn)) && health.healthyInAll >= need)
        return;
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

function shortName(nameOrArn: string): string {
  const match = /targetgroup\/([^/]+)\//.exec(nameOrArn);
  return match?.[1] ?? nameOrArn;
}
