import { findFleets } from '../fleet/find-fleets.js';
import { servingFloor } from '../fleet/fleet-health.js';
import { waitForHealthyFleet } from '../fleet/wait-for-healthy-fleet.js';
import { TAG } from '../fleet/tags.js';
import type { DeployStepId } from '../journal/journal-record.js';
import type { DeployRun } from './deploy-run.js';
import { SimulatedCrash } from './deploy-types.js';
import { finishRelease } from './finish.js';
import {
  createTemplateVersion,
  ensureFleet,
  newFleetCapacity,
  newGroupName,
  pinLiveFleet,
} from './launch.js';
import { retireOldFleet } from './retire.js';

type Titles<T> = { running: string; done: string | ((result: T) => string) };

/**
 * Runs one journaled step: skipped when the journal says it completed before an interruption,
 * otherwise run as a reported step and recorded. Each step is written so that running it again
 * after a crash halfway through re-checks AWS instead of repeating itself.
 */
async function once<T>(
  run: DeployRun,
  step: DeployStepId,
  titles: Titles<T>,
  work: () => Promise<T>,
): Promise<void> {
  if (run.journal.has(step)) {
    run.reporter.skip(step, titles.running, 'completed before the interruption');
    return;
  }
  await run.checkpoint();
  await run.reporter.step(step, titles, work);
  await run.journal.completed(step);
  if (run.request.crashAfter === step) throw new SimulatedCrash(step);
}

/** Steps 3–8 of a deploy, in order, from wherever the journal says it stands. */
export async function runLifecycle(run: DeployRun): Promise<string> {
  await once(run, 'find-live', { running: 'Finding the live fleet', done: (s: string) => s }, () =>
    findLive(run),
  );
  await once(
    run,
    'launch-template',
    { running: 'Creating the launch template version', done: (s: string) => s },
    async () => {
      const plan = run.journal.plan;
      const template = await createTemplateVersion(run, plan?.imageId ?? run.prepared.resolved.imageId);
      await run.journal.setPlan({ launchTemplate: template });
      return `${template.created ? 'Created launch template' : 'Added to launch template'} ${template.name} version ${template.version}`;
    },
  );
  await once(
    run,
    'create-fleet',
    { running: `Creating fleet ${run.journal.plan?.newGroup ?? ''}`.trim(), done: (s: string) => s },
    async () => {
      const existed = await ensureFleet(run);
      const plan = run.journal.plan;
      return `${existed ? 'Found' : 'Created'} fleet ${plan?.newGroup} (desired ${plan?.newCapacity.desired})`;
    },
  );
  await once(
    run,
    'pin-capacity',
    { running: 'Pinning minimum capacity', done: 'Pinned min to desired on both fleets' },
    () => pinLiveFleet(run),
  );
  await once(run, 'wait-healthy', { running: 'Waiting for healthy targets', done: (s: string) => s }, () =>
    waitHealthy(run),
  );
  let traffic = '';
  await once(run, 'cutover', { running: 'Cutting traffic over', done: (s: string) => s }, async () => {
    const split = await run.prepared.strategy.cutover(run.trafficContext('cutover'), {
      from: run.oldRef(),
      to: run.newRef(),
    });
    await run.ctx.aws.autoScaling.setTags(run.newRef().name, { [TAG.role]: 'live' });
    traffic = split.summary;
    return `Traffic verified: ${split.summary}`;
  });
  await once(
    run,
    'retire',
    { running: 'Retiring the previous fleet', done: (s: string) => `Retired: ${s}` },
    () => retireOldFleet(run),
  );
  await once(
    run,
    'finish',
    { running: 'Finishing the release', done: `Release ${run.journal.record.releaseId} is live` },
    () => finishRelease(run),
  );
  if (traffic) return traffic;
  // Cutover happened before an interruption: read the split back now.
  return (await run.prepared.strategy.split(run.trafficContext('finish'), [run.newRef()])).summary;
}

async function findLive(run: DeployRun): Promise<string> {
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
  await run.journal.setPlan({
    imageId: resolved.imageId,
    imageName: resolved.imageName,
    strategy: m.traffic.strategy,
    targetGroupArns: placement.targetGroupArns,
    ...(placement.slot ? { slot: placement.slot } : {}),
    newGroup: newGroupName(m, run.journal.record.releaseId),
    newCapacity: capacity,
    pinnedMin: capacity.desired,
    ...(live
      ? { oldGroup: live.name, oldOriginal: { min: live.min, max: live.max, desired: live.desired } }
      : {}),
    ...(fleets.live?.slot ? { oldSlot: fleets.live.slot } : {}),
  });
  return live
    ? `Live fleet is ${live.name} (${live.desired} instances)`
    : 'No live fleet: this is the first deploy';
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
    signal: run.signal,
  });
  return `Targets healthy (${health.healthyInAll}/${health.desired})`;
}

function floorFor(run: DeployRun): number {
  return servingFloor(run.manifest, run.journal.plan?.newCapacity.desired ?? run.manifest.capacity.desired);
}
