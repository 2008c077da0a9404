import { RefusedError } from '../errors/errors.js';
import type { Manifest, Traffic } from '../manifest/types.js';
import type { ResolvedRefs, StrategyFactory, TrafficStrategy } from './strategy.js';
import { dnsStrategy } from './dns.js';
import { targetGroupStrategy } from './target-group.js';
import { weightedStrategy } from './weighted.js';

export * from './strategy.js';

/** Every cutover strategy odin knows, by the manifest's `traffic.strategy`. */
const strategies: Partial<Record<Traffic['strategy'], StrategyFactory>> = {
  'target-group': targetGroupStrategy,
  weighted: weightedStrategy,
  dns: dnsStrategy,
};

/** The cutover strategy the manifest asks for, bound to its resolved ARNs. */
export function strategyFor(manifest: Manifest, refs: ResolvedRefs): TrafficStrategy {
  const factory = strategies[manifest.traffic.strategy];
  if (!factory) {
    throw new RefusedError(
      `traffic strategy ${manifest.traffic.strategy} is not available in this version of odin`,
      {
        hint: 'Use `traffic: { strategy: target-group }` or upgrade odin.',
      },
    );
  }
  return factory(manifest, refs);
}
