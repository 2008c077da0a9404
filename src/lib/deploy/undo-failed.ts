import { NeedsAttentionError } from '../errors/errors.js';
import { toOdinError } from '../errors/odin-error.js';
import { TAG } from '../fleet/tags.js';
import type { JournalPlan } from '../journal/journal-record.js';
import type { FleetRef, TrafficStrategy } from '../traffic/strategy.js';
import type { DeployRun } from './deploy-run.js';
import { recordFailed } from './release-record.js';
import type { UndoProgress, UndoStage } from './undo.js';

/** What the manual steps are worked out from: the plan, the strategy, and how far the undo got. */
export interface ManualUndoInput {
  plan: JournalPlan | undefined;
  strategy: TrafficStrategy;
  progress: UndoProgress;
  keepFailed?: boolean;
}

/**
 * An undo that could not finish: the journal is left `needs-attention` (so nothing deploys over
 * the half-undone state), the release is recorded as such, and the error carries the exact steps
 * left for a person, worked out from the strategy and from what the undo did finish.
 */
export async function undoFailed(
  run: DeployRun,
  failure: {
    cause: { code: string; message: string };
    undoError: unknown;
    progress: UndoProgress;
    keepFailed?: boolean;
  },
): Promise<NeedsAttentionError> {
  const { cause, progress } = failure;
  const undoCause = toOdinError(failure.undoError);
  await run.journal
    .finish('needs-attention', { code: cause.code, message: cause.message })
    .catch(() => undefined);
  await recordFailed(run, 'needs-attention').catch(() => undefined);
  const input: ManualUndoInput = {
    plan: run.journal.plan,
    strategy: run.prepared.strategy,
    progress,
    keepFailed: failure.keepFailed,
  };
  const steps = manualUndoSteps(input);
  return new NeedsAttentionError(
    `Deploy of release ${run.journal.record.releaseId} failed (${cause.message}) and the undo failed too: ${undoCause.message}`,
    {
      cause: failure.undoError,
      hint: formatManualSteps(steps, input),
      details: { releaseId: run.journal.record.releaseId, done: [...progress.done], steps },
    },
  );
}

/** The steps a person must take to finish an undo by hand, skipping what the undo already did. */
export function manualUndoSteps(input: ManualUndoInput): string[] {
  const { plan, strategy } = input;
  if (!plan) return [];
  const fresh: FleetRef = { name: plan.newGroup, slot: plan.slot, targetGroupArns: plan.targetGroupArns };
  const old: FleetRef = { name: plan.oldGroup ?? '', slot: plan.oldSlot, targetGroupArns: [] };
  const steps: string[] = [];
  const left = (stage: UndoStage): boolean => applies(stage, input) && !input.progress.done.includes(stage);
  if (left('restore-traffic')) steps.push(...strategy.manualRestoreSteps({ from: old, to: fresh }));
  if (left('restore-old-fleet') && plan.oldOriginal) {
    const { min, max } = plan.oldOriginal;
    steps.push(`set ${old.name} back to min ${min}, max ${max} (leave desired) and tag it ${TAG.role}=live`);
  }
  if (left('retire-new-fleet')) steps.push(...strategy.manualRetireSteps(fresh));
  if (left('remove-new-fleet')) steps.push(removeStep(plan, input.keepFailed));
  const template = plan.launchTemplate;
  if (left('remove-template-version') && template) {
    steps.push(
      template.created
        ? `delete launch template ${template.name} (${template.id})`
        : `delete version ${template.version} of launch template ${template.name} (${template.id})`,
    );
  }
  return steps;
}

/** Whether a part of the undo has anything to do for this deploy. */
function applies(stage: UndoStage, { plan, progress, keepFailed }: ManualUndoInput): boolean {
  const newMayExist = progress.newFleetFound !== false;
  switch (stage) {
    case 'restore-traffic':
      return plan?.oldGroup !== undefined && newMayExist;
    case 'restore-old-fleet':
      return plan?.oldOriginal !== undefined && plan.oldGroup !== undefined;
    case 'retire-new-fleet':
    case 'remove-new-fleet':
      return newMayExist;
    case 'remove-template-version':
      return plan?.launchTemplate !== undefined && !keepFailed && !plan.reused;
  }
}

function removeStep(plan: JournalPlan, keepFailed: boolean | undefined): string {
  const name = plan.newGroup;
  if (plan.reused) {
    const { min, max, desired } = plan.reused.original;
    return `set ${name} back to min ${min}, max ${max}, desired ${desired} and tag it ${TAG.role}=standby`;
  }
  if (keepFailed) return `tag ${name} ${TAG.role}=failed`;
  return `set ${name} to min 0 and desired 0 and, once its instances have terminated, delete it (without --force-delete)`;
}

const DONE: Record<UndoStage, string> = {
  'restore-traffic': 'traffic put back on the previous fleet (read back)',
  'restore-old-fleet': "the previous fleet's capacity and tags restored",
  'retire-new-fleet': 'the new fleet detached and drained',
  'remove-new-fleet': 'the new fleet removed',
  'remove-template-version': 'the launch template version removed',
};

/** The hint: retry first, then what odin already did, then the numbered steps left. */
export function formatManualSteps(steps: string[], input: ManualUndoInput): string {
  const done = input.progress.done.filter((s) => applies(s, input)).map((s) => DONE[s]);
  const already = done.length > 0 ? ` odin already did this: ${done.join('; ')}.` : '';
  const todo =
    steps.length > 0
      ? ` If it keeps failing, by hand: ${steps.map((s, i) => `(${i + 1}) ${s}`).join('; ')}.`
      : '';
  return `Run \`odin recover\` to retry the undo.${already}${todo}`;
}
