import type { Aws } from '../../../src/lib/aws/types.js';
import type { VirtualClock } from '../../../src/lib/clock/virtual-clock.js';
import type { OdinEvent } from '../../../src/lib/events/event.js';
import type { Manifest } from '../../../src/lib/manifest/types.js';
import type { Faults, LocalCloud } from '../../../src/lib/simulator/index.js';
import { ALIAS_TTL_MS } from '../../../src/lib/traffic/dns.js';
import { deployFixture, type DeployFixture } from '../deploy/support.js';

/** The weighted or dns example on a seeded local cloud with a virtual clock and a recording sink. */
export interface PairFixture extends DeployFixture {
  /** A second client of the same cloud, as another odin process (promote, halt) would have. */
  other(): Promise<Aws>;
}

/** Builds the fixture for `examples/<example>.odin.yml`. */
export async function pairFixture(
  example: 'weighted' | 'dns',
  options: { faults?: Partial<Faults>; env?: string } = {},
): Promise<PairFixture> {
  const fixture = await deployFixture({ ...options, example });
  return { ...fixture, other: async () => (await fixture.otherProcess()).aws };
}

/** A deploy context recording into the fixture that calls `action` once, on the first event matching `when`. */
export function trigger(f: PairFixture, when: (e: OdinEvent) => boolean, action: () => void) {
  let fired = false;
  return {
    ...f.ctx(),
    sink: (e: OdinEvent) => {
      f.events.push(e);
      if (!fired && when(e)) {
        fired = true;
        action();
      }
    },
  };
}

/** Matches the cutover progress that reports baking at `weight`%. */
export const baking = (weight: number) => (e: OdinEvent) =>
  e.type === 'step.progress' &&
  e.step === 'cutover' &&
  e.detail.startsWith(`${weight}% on`) &&
  e.detail.includes('baking');

/** Lets pending work run until `condition` holds; throws if it never does. */
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 20_000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  if (!condition()) throw new Error('condition never held');
}

/** Share of traffic per target group name, as the local cloud holds it now. */
export function sharesNow(cloud: LocalCloud, manifest: Manifest): Record<string, number> {
  const snapshot = cloud.snapshot();
  const { traffic } = manifest;
  let weights: Array<{ targetGroup: string; weight: number }> = [];
  if (traffic.strategy === 'weighted') {
    weights = traffic.rule
      ? (snapshot.rules.find((r) => r.arn === traffic.rule)?.forward ?? [])
      : (snapshot.listeners.find((l) => l.arn === traffic.listener)?.forward ?? []);
  } else if (traffic.strategy === 'dns') {
    const prefix = `${manifest.service}-${manifest.environment}-`;
    weights = snapshot.records
      .filter((r) => r.setIdentifier?.startsWith(prefix))
      .map((r) => ({
        targetGroup: traffic.slots[r.setIdentifier?.slice(prefix.length) as 'blue' | 'green'].targetGroup,
        weight: r.weight ?? 0,
      }));
  }
  const total = weights.reduce((sum, w) => sum + w.weight, 0);
  return Object.fromEntries(
    weights.map((w) => [w.targetGroup, total ? Math.round((w.weight * 100) / total) : 0]),
  );
}

/** What the pair checker found; empty `violations` means every invariant held at every tick. */
export interface PairWatch {
  /** `<time>: <what>` per violation. */
  violations: string[];
  ticks: number;
  stop(): void;
}

/**
 * Checks at every tick of the virtual clock, from the local cloud's snapshot only:
 * (1) every target group that carries weight has healthy targets at or above the floor, once
 * something served; (2) a fleet tagged live that gets detached from its target group does so
 * only when that target group carries no weight and, for DNS, once the last change has been
 * INSYNC for the TTL and settle time.
 */
export function watchPair(clock: VirtualClock, cloud: LocalCloud, manifest: Manifest): PairWatch {
  const floor = Math.max(1, manifest.health.floor ?? manifest.capacity.min);
  const watch: PairWatch = { violations: [], ticks: 0, stop: () => undefined };
  let armed = false;
  const attachedBefore = new Map<string, string[]>();
  const off = clock.onTick(() => {
    watch.ticks++;
    const snapshot = cloud.snapshot();
    const shares = sharesNow(cloud, manifest);
    const healthy = (tg: string): number =>
      snapshot.targetGroups.find((t) => t.name === tg)?.targets.filter((x) => x.state === 'healthy').length ??
      0;
    const carrying = Object.entries(shares).filter(([, share]) => share > 0);
    armed ||= carrying.length > 0 && carrying.every(([tg]) => healthy(tg) >= floor);
    if (armed) {
      for (const [tg, share] of carrying)
        if (healthy(tg) < floor)
          watch.violations.push(
            `${snapshot.nowMs}: ${tg} takes ${share}% with ${healthy(tg)} healthy, floor ${floor}`,
          );
    }
    for (const fleet of snapshot.fleets.filter(
      (f) => f.tags['odin:service'] === manifest.service && !f.status,
    )) {
      const before = attachedBefore.get(fleet.name) ?? [];
      attachedBefore.set(fleet.name, fleet.targetGroups);
      for (const tg of before.filter((t) => !fleet.targetGroups.includes(t))) {
        if (fleet.tags['odin:role'] !== 'live') continue;
        if ((shares[tg] ?? 0) > 0)
          watch.violations.push(
            `${snapshot.nowMs}: ${fleet.name} detached from ${tg} while it takes ${shares[tg]}%`,
          );
        const unsettled = dnsUnsettledUntil(cloud, manifest);
        if (unsettled > snapshot.nowMs)
          watch.violations.push(
            `${snapshot.nowMs}: ${fleet.name} detached before the TTL passed (${unsettled})`,
          );
      }
    }
  });
  watch.stop = off;
  return watch;
}

/** When the last Route 53 change has been in sync for the TTL and settle time (0 for ALB). */
function dnsUnsettledUntil(cloud: LocalCloud, manifest: Manifest): number {
  if (manifest.traffic.strategy !== 'dns') return 0;
  const last = Object.values(cloud.world.state.changes).sort((a, b) => b.submittedAt - a.submittedAt)[0];
  if (!last) return 0;
  return last.insyncAt + Math.max(manifest.traffic.ttlMs, ALIAS_TTL_MS) + manifest.traffic.settleMs;
}

/** The progress details reported under `step`. */
export function progressOf(events: OdinEvent[], step = 'cutover'): string[] {
  return events.flatMap((e) => (e.type === 'step.progress' && e.step === step ? [e.detail] : []));
}

/** The odin fleets of the manifest's service in the local cloud now, by role. */
export function rolesOf(cloud: LocalCloud, manifest: Manifest): Record<string, string[]> {
  const byRole: Record<string, string[]> = {};
  for (const fleet of cloud.snapshot().fleets) {
    if (fleet.tags['odin:service'] !== manifest.service || fleet.status) continue;
    (byRole[fleet.tags['odin:role'] ?? 'none'] ??= []).push(fleet.name);
  }
  return byRole;
}
