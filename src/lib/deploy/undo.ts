import { RefusedError } from '../errors/errors.js';
import { TAG } from '../fleet/tags.js';
import type { JournalPlan } from '../journal/journal-record.js';
import type { FleetRef } from '../traffic/strategy.js';
import { deleteFleet } from './delete-fleet.js';
import type { DeployRun } from './deploy-run.js';
import { STANDBY_EXPIRY_ACTION } from './retire.js';
import { returnToStandby } from './standby.js';

/** What the undo did, for the final message. */
export interface UndoReport {
  summary: string;
  keptGroup?: string;
}

/** The parts of an undo, in order. */
export type UndoStage =
  | 'restore-traffic'
  | 'restore-old-fleet'
  | 'retire-new-fleet'
  | 'remove-new-fleet'
  | 'remove-template-version';

/** What an undo finished, filled in as it goes, so that an undo that fails says what is left. */
export interface UndoProgress {
  done: UndoStage[];
  /** Whether the new fleet was found in AWS; undefined until it was looked for. */
  newFleetFound?: boolean;
}

/** How an undo runs. */
export interface UndoOptions {
  /** Keep the new fleet, detached and tagged failed, with its launch template version. */
  keepFailed?: boolean;
  /** Filled in as each part finishes. */
  progress?: UndoProgress;
  /**
   * Called between parts and at every poll; throws to stop the undo. A deploy's undo runs to the
   * end whatever happens (none); `odin recover` stops once it has lost its lease.
   */
  checkpoint?: () => Promise<void>;
}

/** How long an undo waits for a fleet the journal says was created to be listed by AWS. */
const CREATED_FLEET_GRACE_MS = 2 * 60_000;

/**
 * Puts things back the way they were before the deploy: traffic on the fleet that was live
 * (verified by the strategy), that fleet's capacity and tags restored, and what the deploy
 * created removed (or, with keepFailed, kept detached and tagged failed). Every action checks
 * AWS first, so running it again after a crash, or from `odin recover`, is safe. `progress`
 * records each part as it finishes.
 */
export async function undoDeploy(run: DeployRun, options: UndoOptions = {}): Promise<UndoReport> {
  const plan = run.journal.plan;
  if (!plan) return { summary: 'nothing had been changed' };
  const progress = options.progress ?? { done: [] };
  const checkpoint = options.checkpoint ?? (async () => {});
  const stage = async <T>(name: UndoStage, work: () => Promise<T>): Promise<T> => {
    await checkpoint();
    const result = await work();
    progress.done.push(name);
    return result;
  };
  const [oldGroup, newGroup] = await Promise.all([describe(run, plan.oldGroup), findNewFleet(run, plan)]);
  progress.newFleetFound = newGroup !== undefined;
  refuseWithoutOldFleet(plan, oldGroup !== undefined, newGroup !== undefined);
  const old = oldGroup ? run.oldRef() : undefined;
  const fresh: FleetRef = run.newRef();
  const ctx = { ...run.trafficContext('undo', { undoing: true }), checkpoint };

  await stage('restore-traffic', async () => {
    if (old && newGroup) await run.prepared.strategy.restore(ctx, { from: old, to: fresh });
  });
  await stage('restore-old-fleet', async () => {
    if (old && oldGroup) await restoreOldFleet(run, plan, oldGroup.desired);
  });
  await stage('retire-new-fleet', async () => {
    if (newGroup) await run.prepared.strategy.retireFrom(ctx, fresh);
  });
  const removed = await stage('remove-new-fleet', () =>
    newGroup ? removeNewFleet(run, fresh.name, options) : Promise.resolve(undefined),
  );
  await stage('remove-template-version', async () => {
    if (!options.keepFailed && !plan.reused) await removeTemplateVersion(run, plan);
  });

  const where = old ? `traffic is on ${old.name}` : 'there was no live fleet';
  const what =
    removed?.summary ??
    (run.journal.has('create-fleet') ? `${fresh.name} no longer exists` : 'no fleet had been created');
  return { summary: `${where}; ${what}`, ...(removed?.keptGroup ? { keptGroup: removed.keptGroup } : {}) };
}

function refuseWithoutOldFleet(plan: JournalPlan, oldExists: boolean, newExists: boolean): void {
  if (!plan.oldGroup || oldExists || !newExists) return;
  // The previous fleet is gone (retired for good): the new fleet is all there is, and undoing
  // would delete the only fleet serving traffic.
  throw new RefusedError(
    `The previous fleet ${plan.oldGroup} no longer exists, so ${plan.newGroup} cannot be undone`,
    { hint: 'Finish the deploy with `odin deploy --resume`, then `odin rollback` if needed.' },
  );
}

/** A detached new fleet goes: back to being a standby (a rollback's), kept tagged failed, or deleted. */
async function removeNewFleet(
  run: DeployRun,
  name: string,
  { keepFailed, checkpoint }: UndoOptions,
): Promise<{ summary: string; keptGroup?: string }> {
  const { aws, clock } = run.ctx;
  // A rollback's standby was not created by this run: it goes back to being a standby.
  if (run.journal.plan?.reused) return { summary: await returnToStandby(run) };
  if (keepFailed) {
    await aws.autoScaling.setTags(name, {
      [TAG.role]: 'failed',
      [TAG.failed]: new Date(clock.now()).toISOString(),
    });
    return { summary: `kept ${name} (detached, tagged failed)`, keptGroup: name };
  }
  const targetGroupArns = run.prepared.strategy.gatingTargetGroups({
    targetGroupArns: run.journal.plan?.targetGroupArns ?? [],
  });
  await deleteFleet(
    { aws, clock, reporter: run.reporter, step: 'undo', pollMs: run.pollMs, targetGroupArns, checkpoint },
    name,
  );
  return { summary: `deleted ${name}` };
}

/**
 * The new fleet, waited for when the journal says it was (or may have been) created: right after
 * CreateAutoScalingGroup, DescribeAutoScalingGroups may not list it yet, and deciding from one
 * Describe would leave a fleet attached to the target groups that nothing removes.
 */
async function findNewFleet(run: DeployRun, plan: JournalPlan): Promise<{ desired: number } | undefined> {
  const { clock, aws } = run.ctx;
  const created = run.journal.has('create-fleet');
  const mayExist = created || (run.journal.has('launch-template') && !plan.reused);
  const graceMs = created ? Math.max(CREATED_FLEET_GRACE_MS, run.pollMs * 2) : mayExist ? run.pollMs * 2 : 0;
  const deadline = clock.now() + graceMs;
  for (;;) {
    const [group] = await aws.autoScaling.describeGroups([plan.newGroup]);
    if (group) return isDeleting(group) ? undefined : group;
    if (clock.now() + run.pollMs > deadline) return undefined;
    run.reporter.progress('undo', `${plan.newGroup} is not visible in AWS yet`, { visible: false });
    // No abort signal: the undo runs to the end even though an interrupt triggered it.
    await clock.sleep(run.pollMs);
  }
}

async function describe(run: DeployRun, name: string | undefined): Promise<{ desired: number } | undefined> {
  if (!name) return undefined;
  const [group] = await run.ctx.aws.autoScaling.describeGroups([name]);
  return group && !isDeleting(group) ? group : undefined;
}

function isDeleting(group: { status?: string }): boolean {
  return group.status?.toLowerCase().includes('delete') === true;
}

/** The old fleet's min and max as before the pin, its tags back to live, its standby timer removed. */
async function restoreOldFleet(run: DeployRun, plan: JournalPlan, currentDesired: number): Promise<void> {
  const { aws } = run.ctx;
  const name = plan.oldGroup;
  const original = plan.oldOriginal;
  if (!name || !original) return;
  // Desired is left where it is unless it falls outside the original bounds: autoscaling may have
  // scaled the fleet out during the deploy, and shrinking it back now would cut serving capacity.
  const desired = Math.min(original.max, Math.max(original.min, currentDesired));
  await aws.autoScaling.updateCapacity(name, { min: original.min, max: original.max, desired });
  await aws.autoScaling.setTags(name, { [TAG.role]: 'live', [TAG.standbyExpires]: '' });
  const actions = await aws.autoScaling.describeScheduledActions(name);
  if (actions.some((a) => a.name === STANDBY_EXPIRY_ACTION))
    await aws.autoScaling.deleteScheduledAction(name, STANDBY_EXPIRY_ACTION);
}

async function removeTemplateVersion(run: DeployRun, plan: JournalPlan): Promise<void> {
  const template = plan.launchTemplate;
  if (!template) return;
  const { ec2 } = run.ctx.aws;
  const current = await ec2.findLaunchTemplate(template.name);
  if (!current || current.id !== template.id) return;
  // A template this deploy created holds nothing else; an existing one keeps its other versions
  // (and AWS refuses to delete the default version, which odin never moves off version 1).
  if (template.created) await ec2.deleteLaunchTemplate(template.id);
  else if (template.version !== current.defaultVersion)
    await ec2.deleteLaunchTemplateVersions(template.id, [template.version]);
}
