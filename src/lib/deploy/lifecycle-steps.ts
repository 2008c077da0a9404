import { findFleets } from '../fleet/find-fleets.js';
import { healthCheckSpanMs, servingFloor } from '../fleet/fleet-health.js';
import { waitForHealthyFleet } from '../fleet/wait-for-healthy-fleet.js';
import { TAG } from '../fleet/tags.js';
import type { DeployStepId, JournalPlan } from '../journal/journal-record.js';
import type { TrafficSplit } from '../traffic/strategy.js';
import type { DeployRun } from './deploy-run.js';
import { SimulatedCrash } from './deploy-types.js';
import { finishRelease } from './finish.js';
import { resolvedTargetGroups } from './prepare.js';
import { clearHalt, readHalt } from './halt.js';
import {
  capacityCarriedOver,
  createTemplateVersion,
  ensureFleet,
  newFleetCapacity,
  newGroupName,
  pinLiveFleet,
} from './launch.js';
import { retireOldFleet } from './retire.js';
import { together } from './together.js';
import { describeStandby, reviveStandby } from './standby.js';

type Titles<T> = { running: string; done: string | ((result: T) => string) };

/** What a step found that the journal must hold once it is recorded as completed. */
export interface Found {
  summary: string;
  plan: Partial<JournalPlan>;
}

/**
 * Runs one journaled step: skipped when the journal says it completed before an interruption,
 * otherwise run as a reported step and recorded, together with what it found (one write). Each
 * step is written so that running it again after a crash halfway through re-checks AWS instead
 * of repeating itself.
 */
async function once(
  run: DeployRun,
  step: DeployStepId,
  titles: Titles<string>,
  work: () => Promise<string | Found>,
): Promise<void> {
  if (run.journal.has(step)) {
    run.reporter.skip(step, titles.running, 'completed before the interruption');
    return;
  }
  await run.checkpoint();
  let plan: Partial<JournalPlan> | undefined;
  await run.reporter.step(step, titles, async () => {
    const result = await work();
    if (typeof result === 'string') return result;
    plan = result.plan;
    return result.summary;
  });
  await run.journal.completed(step, plan ? { plan } : {});
  if (run.request.crashAfter === step) throw new SimulatedCrash(step);
}

/** Steps 3–8 of a deploy, in order, from wherever the journal says it stands. */
export async function runLifecycle(run: DeployRun): Promise<string> {
  await once(run, 'find-live', { running: 'Finding the live fleet', done: (s) => s }, () => findLive(run));
  await once(
    run,
    'launch-template',
    {
      running: run.journal.plan?.reused
        ? 'Reading the launch template version of the standby'
        : 'Creating the launch template version',
      done: (s: string) => s,
    },
    async () => {
      const plan = run.journal.plan;
      if (plan?.reused) return reuseTemplateVersion(run);
      const template = await createTemplateVersion(run, plan?.imageId ?? run.prepared.resolved.imageId);
      const verb = template.created ? 'Created launch template' : 'Added to launch template';
      return {
        summary: `${verb} ${template.name} version ${template.version}`,
        plan: { launchTemplate: template },
      };
    },
  );
  await once(
    run,
    'create-fleet',
    {
      running:
        `${run.journal.plan?.reused ? 'Bringing back standby' : 'Creating fleet'} ${run.journal.plan?.newGroup ?? ''}`.trim(),
      done: (s: string) => s,
    },
    async () => {
      if (run.journal.plan?.reused) return reviveStandby(run);
      const existed = await ensureFleet(run);
      const plan = run.journal.plan;
      const note = plan ? capacityCarriedOver(run.manifest, plan.newCapacity) : undefined;
      return `${existed ? 'Found' : 'Created'} fleet ${plan?.newGroup} (desired ${plan?.newCapacity.desired})${note ? `; ${note}` : ''}`;
    },
  );
  await once(run, 'pin-capacity', { running: 'Pinning minimum capacity', done: (s: string) => s }, () =>
    pinLiveFleet(run),
  );
  await once(run, 'wait-healthy', { running: 'Waiting for healthy targets', done: (s: string) => s }, () =>
    waitHealthy(run),
  );
  await once(run, 'cutover', { running: 'Cutting traffic over', done: (s: string) => s }, async () => {
    const split = await moveTraffic(run);
    await run.ctx.aws.autoScaling.setTags(run.newRef().name, { [TAG.role]: 'live' });
    return `Traffic verified: ${split.summary}`;
  });
  await reverifyAfterResume(run);
  await once(
    run,
    'retire',
    { running: 'Retiring the previous fleet', done: (s: string) => `Retired: ${s}` },
    () => retireOldFleet(run),
  );
  let split: string | undefined;
  await once(
    run,
    'finish',
    { running: 'Finishing the release', done: `Release ${run.journal.record.releaseId} is live` },
    async () => {
      // Where traffic ended up is read while the release is finished: finishing moves none.
      [, split] = await together([finishRelease(run), finalSplit(run)]);
      return '';
    },
  );
  await reportIgnoredHalt(run);
  return split ?? finalSplit(run);
}

/**
 * A resumed deploy whose cutover completed before the interruption checks the new fleet and its
 * traffic again before retiring the old one: instances die and listeners get edited while no odin
 * runs, and retiring on the strength of a check made before the crash would break invariant 1.
 * Traffic still all on the new fleet is only read back; otherwise (target groups the old fleet
 * still shares, weights someone moved) the cutover runs again, which is idempotent and verifies.
 */
async function reverifyAfterResume(run: DeployRun): Promise<void> {
  if (run.request.resume !== true || !run.journal.has('cutover') || run.journal.has('retire')) return;
  await run.reporter.step(
    'reverify',
    { running: 'Checking the new fleet again before retiring the old one', done: (s: string) => s },
    async () => {
      const health = await waitHealthy(run);
      const fresh = run.newRef();
      const old = run.oldRef();
      const split = await run.prepared.strategy.split(
        run.trafficContext('reverify'),
        old ? [fresh, old] : [fresh],
      );
      const share = split.entries
        .filter((e) => e.fleet === fresh.name)
        .reduce((sum, e) => sum + e.percent, 0);
      if (share >= 100) return `${health}; traffic verified: ${split.summary}`;
      return `${health}; traffic verified again: ${(await moveTraffic(run)).summary}`;
    },
  );
}

/** A halt that came once the old fleet was being deleted could not undo anything: say so, and clear it. */
async function reportIgnoredHalt(run: DeployRun): Promise<void> {
  if (!run.pastPointOfNoReturn) return;
  const ctx = { aws: run.ctx.aws, clock: run.ctx.clock, manifest: run.manifest };
  const marker = await readHalt(ctx, run.journal.record.deployId);
  if (!marker) return;
  run.reporter.log(
    'warn',
    `Finished the deploy despite the halt by ${marker.by}: the previous fleet was already deleted, so there was nothing to go back to`,
  );
  await clearHalt(ctx);
}

/**
 * Where traffic is at the end, read back after retirement: the split verified at cutover can be
 * mixed (with target-group cutover both fleets share the target groups until the old one is
 * detached), and a resumed run never saw it.
 */
async function finalSplit(run: DeployRun): Promise<string> {
  const old = run.oldRef();
  const fleets = old ? [run.newRef(), old] : [run.newRef()];
  return (await run.prepared.strategy.split(run.trafficContext('finish'), fleets)).summary;
}

async function findLive(run: DeployRun): Promise<Found> {
  const m = run.manifest;
  const fleets = await findFleets(run.ctx.aws, m.service, m.environment);
  for (const warning of fleets.warnings) run.reporter.log('warn', warning);
  const live = fleets.live?.group;
  const liveRef = live
    ? { name: live.name, slot: fleets.live?.slot, targetGroupArns: live.targetGroupArns }
    : undefined;
  const placement = run.prepared.strategy.placementFor(liveRef);
  const capacity = newFleetCapacity(m, live);
  const resolved = run.prepared.resolved;
  const { rollback } = run.request;
  const reused = rollback?.reuseGroup
    ? (await describeStandby(run.ctx.aws, rollback.reuseGroup)).reused
    : undefined;
  const plan: JournalPlan = {
    imageId: resolved.imageId,
    imageName: resolved.imageName,
    strategy: m.traffic.strategy,
    targetGroupArns: placement.targetGroupArns,
    ...(placement.slot ? { slot: placement.slot } : {}),
    newGroup: rollback?.reuseGroup ?? newGroupName(m, run.journal.record.releaseId),
    newCapacity: capacity,
    pinnedMin: capacity.desired,
    ...(live
      ? { oldGroup: live.name, oldOriginal: { min: live.min, max: live.max, desired: live.desired } }
      : {}),
    ...(fleets.live?.slot ? { oldSlot: fleets.live.slot } : {}),
    ...(rollback ? { rollbackOf: rollback.releaseId } : {}),
    ...(reused ? { reused } : {}),
  };
  const summary = live
    ? `Live fleet is ${live.name} (${live.desired} instances)`
    : 'No live fleet: this is the first deploy';
  return { summary, plan };
}

/**
 * A deploy cuts over with the strategy's steps. A rollback onto a retained standby puts all
 * traffic on it in one verified step (the strategy's restore): that fleet served this release
 * until it was retired. A rollback that redeploys launches a brand-new fleet, unproven like any
 * other, so it walks the strategy's steps, bakes and alarm checks.
 */
async function moveTraffic(run: DeployRun): Promise<TrafficSplit> {
  const ctx = run.trafficContext('cutover');
  const old = run.oldRef();
  if (run.journal.plan?.reused && old)
    return run.prepared.strategy.restore(ctx, { from: run.newRef(), to: old });
  return run.prepared.strategy.cutover(ctx, { from: old, to: run.newRef() });
}

/** A rollback onto a standby launches nothing new: it runs the launch template version it was created with. */
async function reuseTemplateVersion(run: DeployRun): Promise<Found> {
  const name = run.journal.plan?.newGroup ?? '';
  const [group] = await run.ctx.aws.autoScaling.describeGroups([name]);
  const template = group?.launchTemplate;
  if (!template) throw new Error(`standby ${name} has no launch template`);
  const version = Number(template.version);
  const templateName = template.name ?? '';
  return {
    summary: `Reusing launch template ${templateName} version ${version} of ${name}`,
    plan: { launchTemplate: { id: template.id, name: templateName, version, created: false } },
  };
}

async function waitHealthy(run: DeployRun): Promise<string> {
  const m = run.manifest;
  const gating = run.prepared.strategy.gatingTargetGroups({
    targetGroupArns: run.journal.plan?.targetGroupArns ?? [],
    slot: run.journal.plan?.slot,
  });
  const health = await waitForHealthyFleet(run.waitContext('wait-healthy'), run.newRef().name, gating, {
    percent: m.health.healthyPercent,
    minHealthy: floorFor(run),
    timeoutMs: m.health.timeoutMs,
    pollMs: run.pollMs,
    healthCheckMs: healthCheckSpanMs(
      resolvedTargetGroups(run.prepared.resolved).filter((tg) => gating.includes(tg.arn)),
    ),
    signal: run.signal,
  });
  return `Targets healthy (${health.healthyInAll}/${health.desired})`;
}

function floorFor(run: DeployRun): number {
  return servingFloor(run.manifest, run.journal.plan?.newCapacity.desired ?? run.manifest.capacity.desired);
}
