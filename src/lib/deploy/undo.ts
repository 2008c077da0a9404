import { RefusedError } from '../errors/errors.js';
import { TAG } from '../fleet/tags.js';
import type { JournalPlan } from '../journal/journal-record.js';
import type { FleetRef, TrafficStrategy } from '../traffic/strategy.js';
import { deleteFleet } from './delete-fleet.js';
import type { DeployRun } from './deploy-run.js';
import { STANDBY_EXPIRY_ACTION } from './retire.js';
import { returnToStandby } from './standby.js';

/** What the undo did, for the final message. */
export interface UndoReport {
  summary: string;
  keptGroup?: string;
}

/**
 * Puts things back the way they were before the deploy: traffic on the fleet that was live
 * (verified by the strategy), that fleet's capacity and tags restored, and what the deploy
 * created removed (or, with keepFailed, kept detached and tagged failed). Every action checks
 * AWS first, so running it again after a crash, or from `odin recover`, is safe.
 */
export async function undoDeploy(
  run: DeployRun,
  options: { keepFailed?: boolean } = {},
): Promise<UndoReport> {
  const plan = run.journal.plan;
  if (!plan) return { summary: 'nothing had been changed' };
  const { aws } = run.ctx;
  const strategy = run.prepared.strategy;
  const ctx = run.trafficContext('undo', { undoing: true });
  const [oldGroup, newGroup] = await Promise.all([
    describe(run, plan.oldGroup),
    describe(run, plan.newGroup),
  ]);
  if (plan.oldGroup && !oldGroup && newGroup) {
    // The previous fleet is gone (retired for good): the new fleet is all there is, and undoing
    // would delete the only fleet serving traffic.
    throw new RefusedError(
      `The previous fleet ${plan.oldGroup} no longer exists, so ${plan.newGroup} cannot be undone`,
      {
        hint: 'Finish the deploy with `odin deploy --resume`, then `odin rollback` if needed.',
      },
    );
  }
  const old = oldGroup ? run.oldRef() : undefined;
  const fresh: FleetRef = run.newRef();

  if (old && newGroup) await strategy.restore(ctx, { from: old, to: fresh });
  if (old && oldGroup) await restoreOldFleet(run, plan, oldGroup.desired);

  let keptGroup: string | undefined;
  let returned: string | undefined;
  if (newGroup) {
    await strategy.retireFrom(ctx, fresh);
    // A rollback's standby was not created by this run: it goes back to being a standby.
    if (plan.reused) returned = await returnToStandby(run);
    else if (options.keepFailed) {
      await aws.autoScaling.setTags(fresh.name, {
        [TAG.role]: 'failed',
        [TAG.failed]: new Date(run.ctx.clock.now()).toISOString(),
      });
      keptGroup = fresh.name;
    } else {
      await deleteFleet(
        { aws, clock: run.ctx.clock, reporter: run.reporter, step: 'undo', pollMs: run.pollMs },
        fresh.name,
      );
    }
  }
  if (!options.keepFailed && !plan.reused) await removeTemplateVersion(run, plan);

  const where = old ? `traffic is on ${old.name}` : 'there was no live fleet';
  const removed = returned
    ? returned
    : keptGroup
      ? `kept ${keptGroup} (detached, tagged failed)`
      : newGroup
        ? `deleted ${fresh.name}`
        : 'no fleet had been created';
  return { summary: `${where}; ${removed}`, keptGroup };
}

async function describe(run: DeployRun, name: string | undefined): Promise<{ desired: number } | undefined> {
  if (!name) return undefined;
  const [group] = await run.ctx.aws.autoScaling.describeGroups([name]);
  return group && !group.status?.toLowerCase().includes('delete') ? group : undefined;
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

/** Exact steps for a person when the undo itself failed. */
export function manualUndoSteps(plan: JournalPlan | undefined, strategy: TrafficStrategy): string {
  if (!plan) return 'Run `odin recover` to finish the undo.';
  const steps: string[] = [];
  const tgs = plan.targetGroupArns.join(' ');
  if (plan.oldGroup) {
    steps.push(
      `make sure ${plan.oldGroup} takes traffic (${strategy.name} strategy; target groups: ${tgs || 'see the manifest'})`,
    );
    if (plan.oldOriginal) {
      steps.push(`set ${plan.oldGroup} back to min ${plan.oldOriginal.min}, max ${plan.oldOriginal.max}`);
    }
  }
  steps.push(
    `detach ${plan.newGroup} from ${tgs || 'its target groups'} and delete it once drained (no --force-delete)`,
  );
  return `Run \`odin recover\` to retry the undo. If it keeps failing: ${steps.map((s, i) => `(${i + 1}) ${s}`).join('; ')}.`;
}
