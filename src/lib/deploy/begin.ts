import { randomBytes } from 'node:crypto';
import { RefusedError } from '../errors/errors.js';
import { Journal, readJournal, unfinishedDeployError } from '../journal/journal.js';
import { readRelease, writeRelease } from '../state/history.js';
import { acquireLease } from '../state/lease.js';
import { newReleaseId, validateReleaseId } from '../state/release-id.js';
import type { DeployRun } from './deploy-run.js';
import { releaseRecordOf } from './release-record.js';

/**
 * Takes the lease, then opens the journal (refusing while another deploy is unfinished) or, for
 * `--resume`, adopts the unfinished one. On any refusal the lease is released again, so a
 * refused deploy leaves nothing behind.
 */
export async function begin(run: DeployRun): Promise<void> {
  const { request, ctx } = run;
  const releaseId = request.resume
    ? undefined
    : request.releaseId
      ? validateReleaseId(request.releaseId)
      : newReleaseId(ctx.clock);
  // Whether the release exists is read while the lease is taken: both only read or take the lock.
  const [existing, lease] = await Promise.allSettled([
    releaseId ? readRelease(run.state(), releaseId) : Promise.resolve(undefined),
    acquireLease(
      run.state(),
      {
        command: request.command ?? 'odin deploy',
        callerArn: run.prepared.identity.arn,
        releaseId,
        message: request.message,
      },
      { waitMs: request.lockWaitMs ?? 0, signal: ctx.signal },
    ),
  ]);
  if (lease.status === 'fulfilled') run.lease = lease.value;
  try {
    if (existing.status === 'rejected') throw existing.reason;
    if (existing.value && releaseId) throw releaseExists(run, releaseId);
    if (lease.status === 'rejected') throw lease.reason;
    run.journal = releaseId ? await openNew(run, releaseId) : await adoptUnfinished(run);
  } catch (error) {
    await run.lease?.release().catch(() => undefined);
    throw error;
  }
}

function releaseExists(run: DeployRun, releaseId: string): RefusedError {
  return new RefusedError(
    `Release ${releaseId} of ${run.manifest.service}/${run.manifest.environment} already exists`,
    { hint: 'Choose another `--release` id, or omit it to get a generated one.' },
  );
}

async function openNew(run: DeployRun, releaseId: string): Promise<Journal> {
  const journal = await Journal.open(run.journalContext(), {
    deployId: `d-${randomBytes(4).toString('hex')}`,
    releaseId,
    kind: run.request.rollback ? 'rollback' : 'deploy',
    author: run.prepared.identity.arn,
    ...(run.request.message ? { message: run.request.message } : {}),
  });
  run.journal = journal;
  run.openedJournal();
  await writeRelease(run.state(), releaseRecordOf(run, 'in-progress'));
  return journal;
}

async function adoptUnfinished(run: DeployRun): Promise<Journal> {
  const m = run.manifest;
  const journal = (await Journal.adopt(run.journalContext())) ?? (await adoptForwardOnly(run));
  if (!journal) {
    // A failed deploy whose undo did not finish is not "nothing to resume": say what it needs.
    const stored = await readJournal(run.journalContext());
    if (stored?.record.status === 'needs-attention')
      throw unfinishedDeployError(stored.record, run.ctx.clock.now());
    throw new RefusedError(`No unfinished deploy of ${m.service} (${m.environment}) to resume`, {
      hint: 'Start a new one with `odin deploy`; `odin status` shows what is live.',
    });
  }
  const strategy = journal.plan?.strategy;
  if (strategy && strategy !== m.traffic.strategy) {
    throw new RefusedError(
      `The unfinished deploy ${journal.record.deployId} used the ${strategy} strategy; the manifest now says ${m.traffic.strategy}`,
      {
        hint: 'Resume with the manifest it was started with, or undo it with `odin recover`.',
      },
    );
  }
  return journal;
}

/**
 * A deploy whose undo failed is normally left to `odin recover`. One whose old fleet is already
 * gone (deleted at retirement) cannot be undone at all: finishing it is the only way out, so
 * `--resume` takes it over too rather than leaving it blocking every deploy.
 */
async function adoptForwardOnly(run: DeployRun): Promise<Journal | undefined> {
  const stored = await readJournal(run.journalContext());
  const plan = stored?.record.plan;
  if (stored?.record.status !== 'needs-attention' || !plan?.oldGroup) return undefined;
  const cutOver = stored.record.steps.some((s) => s.step === 'cutover');
  const forwardOnly =
    plan.pastPointOfNoReturn === true ||
    (cutOver && !(await groupExists(run, plan.oldGroup)) && (await groupExists(run, plan.newGroup)));
  return forwardOnly ? Journal.adopt(run.journalContext(), { includeNeedsAttention: true }) : undefined;
}

async function groupExists(run: DeployRun, name: string): Promise<boolean> {
  const [group] = await run.ctx.aws.autoScaling.describeGroups([name]);
  return group !== undefined && !group.status?.toLowerCase().includes('delete');
}
