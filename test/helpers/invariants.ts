import type { Aws } from '../../src/lib/aws/types.js';
import type { VirtualClock } from '../../src/lib/clock/virtual-clock.js';
import { parseJournal } from '../../src/lib/journal/journal-record.js';
import type { Manifest } from '../../src/lib/manifest/types.js';
import type { LocalCloud, LocalCloudSnapshot } from '../../src/lib/simulator/index.js';
import { listReleases } from '../../src/lib/state/history.js';
import { stateLocation } from '../../src/lib/state/keys.js';

/** What the checker found; empty `violations` means every invariant held at every tick. */
export interface InvariantReport {
  violations: string[];
  ticks: number;
  /** The lowest healthy serving capacity seen once a fleet was live. */
  minServing: number;
  stop(): void;
}

/**
 * Watches the local cloud at every tick of the virtual clock, reading only its snapshot (no AWS
 * calls, so the deploy under test is not disturbed) and checks PRODUCT.md's invariants:
 * healthy serving capacity never below the floor once something is live (2), no fleet retired
 * (tagged standby) unless a live replacement is serving (1), and no detached fleet's instance
 * scaled in while its target still drains (3: retire = detach, drain, then scale in or delete).
 * It also sees every answered call, and checks at each detach of a fleet tagged live that
 * another fleet is healthy in that target group at the required percentage and that odin's
 * last read of the target group's health showed it so (1: healthy and verified, then detach).
 */
export function watchInvariants(clock: VirtualClock, cloud: LocalCloud, manifest: Manifest): InvariantReport {
  const floor = Math.max(1, manifest.health.floor ?? manifest.capacity.min);
  const tgName = manifest.health.targetGroups[0] ?? '';
  const report: InvariantReport = {
    violations: [],
    ticks: 0,
    minServing: Number.POSITIVE_INFINITY,
    stop: () => undefined,
  };
  let armed = false;
  const off = clock.onTick(() => {
    report.ticks++;
    const snapshot = cloud.snapshot();
    const serving = healthyIn(snapshot, tgName);
    const live = odinFleets(snapshot, manifest).filter((f) => f.tags['odin:role'] === 'live');
    armed ||= live.some((f) => f.targetGroups.includes(tgName)) && serving >= floor;
    if (!armed) return;
    report.minServing = Math.min(report.minServing, serving);
    if (serving < floor)
      report.violations.push(`${snapshot.now}: ${serving} healthy targets in ${tgName}, floor ${floor}`);
    const retired = odinFleets(snapshot, manifest).filter(
      (f) => f.tags['odin:role'] === 'standby' && f.instances.length > 0,
    );
    for (const cut of cutWhileDraining(snapshot, manifest))
      report.violations.push(`${snapshot.now}: ${cut} terminating while its target still drains`);
    if (
      retired.length > 0 &&
      !live.some((f) => f.targetGroups.includes(tgName) && healthyOf(snapshot, tgName, f) >= floor)
    ) {
      report.violations.push(
        `${snapshot.now}: ${retired.map((f) => f.name).join(', ')} retired with no verified live fleet serving`,
      );
    }
  });
  const offCalls = watchDetaches(cloud, manifest, report.violations);
  report.stop = () => {
    off();
    offCalls();
  };
  return report;
}

interface DetachInput {
  AutoScalingGroupName?: string;
  TargetGroupARNs?: string[];
}

/**
 * At every DetachLoadBalancerTargetGroups of a fleet tagged live: some other fleet of the
 * service must be attached, healthy at the required percentage of its desired capacity (and
 * the floor), and seen so by the last DescribeTargetHealth odin made of that target group.
 */
function watchDetaches(cloud: LocalCloud, manifest: Manifest, violations: string[]): () => void {
  const lastRead = new Map<string, Set<string>>();
  return cloud.onCall((service, operation, input) => {
    if (service === 'elbv2' && operation === 'DescribeTargetHealth') {
      const arn = (input as { TargetGroupArn?: string }).TargetGroupArn ?? '';
      lastRead.set(arn, healthyIds(cloud.snapshot(), arn));
      return;
    }
    if (operation !== 'DetachLoadBalancerTargetGroups') return;
    const { AutoScalingGroupName: name, TargetGroupARNs: arns = [] } = input as DetachInput;
    const snapshot = cloud.snapshot();
    const fleets = odinFleets(snapshot, manifest);
    if (fleets.find((f) => f.name === name)?.tags['odin:role'] !== 'live') return;
    for (const arn of arns) {
      const replaced = fleets.some(
        (f) => f.name !== name && replacementIn(snapshot, manifest, f, arn, lastRead.get(arn) ?? new Set()),
      );
      const tg = snapshot.targetGroups.find((t) => t.arn === arn)?.name ?? arn;
      if (!replaced)
        violations.push(
          `${snapshot.now}: live ${name} detached from ${tg} before a replacement was healthy and verified`,
        );
    }
  });
}

/** Whether `fleet` is attached to `arn` and healthy there at the required percentage, now and when last read. */
function replacementIn(
  snapshot: LocalCloudSnapshot,
  manifest: Manifest,
  fleet: Fleet,
  arn: string,
  read: Set<string>,
): boolean {
  const tg = snapshot.targetGroups.find((t) => t.arn === arn);
  if (!tg || !fleet.targetGroups.includes(tg.name)) return false;
  const floor = Math.max(1, manifest.health.floor ?? manifest.capacity.min);
  const required = Math.max(floor, Math.ceil((fleet.desired * manifest.health.healthyPercent) / 100));
  const ids = fleet.instances.map((i) => i.id);
  const healthyNow = healthyIds(snapshot, arn);
  return (
    ids.filter((id) => healthyNow.has(id)).length >= required &&
    ids.filter((id) => read.has(id)).length >= required
  );
}

function healthyIds(snapshot: LocalCloudSnapshot, arn: string): Set<string> {
  const tg = snapshot.targetGroups.find((t) => t.arn === arn);
  return new Set(tg?.targets.filter((t) => t.state === 'healthy').map((t) => t.id) ?? []);
}

type Fleet = LocalCloudSnapshot['fleets'][number];

/** Instances of detached odin fleets that are terminating while a target group still drains them. */
function cutWhileDraining(snapshot: LocalCloudSnapshot, manifest: Manifest): string[] {
  const draining = new Set(
    snapshot.targetGroups.flatMap((tg) => tg.targets.filter((t) => t.state === 'draining').map((t) => t.id)),
  );
  return (
    odinFleets(snapshot, manifest)
      .filter((f) => f.targetGroups.length === 0)
      .flatMap((f) => f.instances)
      // A healthy instance terminating was scaled in; unhealthy ones are the ASG's own replacements.
      .filter((i) => i.lifecycleState.startsWith('Terminating') && i.healthStatus === 'Healthy')
      .filter((i) => draining.has(i.id))
      .map((i) => i.id)
  );
}

function odinFleets(snapshot: LocalCloudSnapshot, manifest: Manifest): Fleet[] {
  return snapshot.fleets.filter(
    (f) =>
      !f.status &&
      f.tags['odin:service'] === manifest.service &&
      f.tags['odin:environment'] === manifest.environment,
  );
}

function healthyIn(snapshot: LocalCloudSnapshot, tgName: string): number {
  return (
    snapshot.targetGroups.find((tg) => tg.name === tgName)?.targets.filter((t) => t.state === 'healthy')
      .length ?? 0
  );
}

function healthyOf(snapshot: LocalCloudSnapshot, tgName: string, fleet: Fleet): number {
  const ids = new Set(fleet.instances.map((i) => i.id));
  return (
    snapshot.targetGroups
      .find((tg) => tg.name === tgName)
      ?.targets.filter((t) => t.state === 'healthy' && ids.has(t.id)).length ?? 0
  );
}

/**
 * The end-state checks after a deploy (or undo) settled: no fleet left deploying, the lease
 * released, the journal not running, and exactly the expected release live in the history,
 * its fleet tagged live. Returns the problems found.
 */
export async function settledProblems(
  aws: Aws,
  cloud: LocalCloud,
  manifest: Manifest,
  expectLive?: string,
): Promise<string[]> {
  const problems: string[] = [];
  const fleets = odinFleets(cloud.snapshot(), manifest);
  for (const f of fleets.filter((x) => x.tags['odin:role'] === 'deploying'))
    problems.push(`orphaned fleet ${f.name}`);
  const location = stateLocation(manifest.state, manifest.service, manifest.environment);
  if (await aws.s3.getObject(location.bucket, location.lease)) problems.push('the lease is still held');
  const journal = await aws.s3.getObject(location.bucket, location.journal);
  const status = journal ? parseJournal(journal.body)?.status : undefined;
  if (status === 'running') problems.push('the journal is still running');
  const state = {
    aws,
    clock: { now: () => 0, sleep: async () => {} },
    store: manifest.state,
    service: manifest.service,
    environment: manifest.environment,
  };
  const live = (await listReleases(state)).filter((r) => r.outcome === 'live');
  if (expectLive !== undefined && (live.length !== 1 || live[0]?.id !== expectLive)) {
    problems.push(
      `expected release ${expectLive} live, history has ${live.map((r) => r.id).join(', ') || 'none'}`,
    );
  }
  for (const record of live) {
    const fleet = fleets.find((f) => f.name === record.groupName);
    if (fleet?.tags['odin:role'] !== 'live')
      problems.push(`live release ${record.id} has no live fleet ${record.groupName}`);
  }
  const lives = fleets.filter((f) => f.tags['odin:role'] === 'live');
  if (lives.length > 1) problems.push(`${lives.length} fleets tagged live`);
  return problems;
}
