import type { Manifest } from '../manifest/types.js';
import { PairStrategy, type SlotWeights } from './pair-strategy.js';
import type { Slot } from './steps.js';
import type { ResolvedRefs, StrategyFactory, TrafficContext } from './strategy.js';

/**
 * Weighted ALB cutover: a listener's default action (or one listener rule) forwards to the blue
 * and green target groups; the new fleet joins the idle one at weight 0 and the weights move
 * through the manifest's steps, each read back from ELBv2 before anything else happens.
 */
export const weightedStrategy: StrategyFactory = (manifest, refs) => new WeightedStrategy(manifest, refs);

class WeightedStrategy extends PairStrategy {
  readonly name = 'weighted' as const;
  protected readonly where: string;
  private readonly target: { kind: 'listener' | 'rule'; arn: string };

  constructor(manifest: Manifest, refs: ResolvedRefs) {
    const traffic = manifest.traffic;
    if (traffic.strategy !== 'weighted') throw new Error('the weighted strategy needs weighted traffic');
    const arn = (key: string): string => {
      const found = refs.targetGroups[key];
      if (!found) throw new Error(`target group ${key} was not resolved`);
      return found;
    };
    super({
      manifest,
      pair: { blue: arn(traffic.targetGroups.blue), green: arn(traffic.targetGroups.green) },
      steps: traffic.steps,
      alarms: traffic.alarms,
    });
    this.target = traffic.rule
      ? { kind: 'rule', arn: traffic.rule }
      : { kind: 'listener', arn: traffic.listener ?? '' };
    this.where = `${this.target.kind} ${this.target.arn}`;
  }

  protected async setWeights(ctx: TrafficContext, weights: Record<Slot, number>): Promise<void> {
    const targets = (['blue', 'green'] as const).map((slot) => ({
      targetGroupArn: this.config.pair[slot],
      weight: weights[slot],
    }));
    if (this.target.kind === 'rule') await ctx.aws.elbv2.setRuleWeights(this.target.arn, targets);
    else await ctx.aws.elbv2.setListenerWeights(this.target.arn, targets);
    ctx.reporter.progress(
      ctx.step,
      `Set ${this.labels.blue} ${weights.blue}, ${this.labels.green} ${weights.green}; reading back`,
      { weights },
    );
    await this.verifyWeights(ctx, weights);
  }

  protected manualWeightStep(weights: Record<Slot, number>): string {
    const forward = this.target.kind === 'rule' ? 'the forward action of' : 'the default forward action of';
    return (
      `set ${forward} ${this.where} to weight ${weights.blue} on ${this.labels.blue} (${this.config.pair.blue}) ` +
      `and ${weights.green} on ${this.labels.green} (${this.config.pair.green}), then read it back`
    );
  }

  protected async readWeights(ctx: TrafficContext): Promise<SlotWeights | undefined> {
    const forward =
      this.target.kind === 'rule'
        ? (await ctx.aws.elbv2.describeRule(this.target.arn))?.forward
        : (await ctx.aws.elbv2.describeListener(this.target.arn))?.forward;
    if (!forward) return undefined;
    const weightOf = (arn: string): number => forward.find((t) => t.targetGroupArn === arn)?.weight ?? 0;
    const pair = Object.values(this.config.pair);
    const others = forward
      .filter((t) => !pair.includes(t.targetGroupArn))
      .reduce((sum, t) => sum + t.weight, 0);
    return { blue: weightOf(this.config.pair.blue), green: weightOf(this.config.pair.green), others };
  }
}
