import { assertAccount } from '../account/index.js';
import type { Aws, CallerIdentity, TargetGroup } from '../aws/types.js';
import type { Manifest } from '../manifest/types.js';
import { resolveService } from '../resolve/index.js';
import type { ResolvedService } from '../resolve/resolved-service.js';
import { strategyFor } from '../traffic/index.js';
import type { TrafficStrategy } from '../traffic/strategy.js';

/** A deploy's inputs, validated and resolved before anything in AWS changes (invariant 6). */
export interface Prepared {
  manifest: Manifest;
  resolved: ResolvedService;
  identity: CallerIdentity;
  strategy: TrafficStrategy;
}

/**
 * Checks the account, resolves every reference and picks the strategy; changes nothing. The
 * account check and the lookups are all reads, so they go out together; a wrong account is
 * reported before anything the lookups found.
 */
export async function prepare(aws: Aws, manifest: Manifest, imageOverride?: string): Promise<Prepared> {
  const [account, resolution] = await Promise.allSettled([
    assertAccount(aws, manifest),
    resolveService(aws, manifest, { imageOverride }),
  ]);
  if (account.status === 'rejected') throw account.reason;
  if (resolution.status === 'rejected') throw resolution.reason;
  const identity = account.value;
  const resolved = resolution.value;
  const strategy = strategyFor(resolved.manifest, resolved.refs);
  return { manifest: resolved.manifest, resolved, identity, strategy };
}

/** Every target group the manifest's traffic section names, as resolved. */
export function resolvedTargetGroups(resolved: ResolvedService): TargetGroup[] {
  const traffic = resolved.traffic;
  if (traffic.strategy === 'target-group') return traffic.targetGroups;
  if (traffic.strategy === 'weighted') return [traffic.blue, traffic.green];
  return [traffic.blue.targetGroup, traffic.green.targetGroup];
}
