import { readJournal } from '../journal/journal.js';
import { Journal } from '../journal/journal.js';
import { findFleets } from '../fleet/find-fleets.js';
import { detachAndDrain } from '../fleet/drain.js';
import type { Manifest } from '../manifest/types.js';
import { toOdinError } from '../errors/odin-error.js';
import { acquireLease } from '../state/lease.js';
import { deleteFleet } from './delete-fleet.js';
import { DeployRun } from './deploy-run.js';
import type { DeployContext } from './deploy-types.js';
import { prepare } from './prepare.js';
import { recordFailed } from './release-record.js';
import { undoFailed } from './undo-failed.js';
import { undoDeploy, type UndoProgress, type UndoReport } from './undo.js';

/** What `odin recover` did. */
export interface RecoverResult {
  action: 'undone' | 'nothing-to-do' | 'orphans-found' | 'orphans-deleted';
  deployId?: string;
  releaseId?: string;
  /** Odin fleets tagged deploying that no journal accounts for. */
  orphans: string[];
  summary: string;
}

/** Options of a recovery. */
export interface RecoverOptions {
  /** Delete orphaned fleets found when no deploy is unfinished (the command asks first). */
  deleteOrphans?: boolean;
  lockWaitMs?: number;
  pollMs?: number;
}

/**
 * Undoes an unfinished deploy back to the last good release: traffic to the old fleet, its
 * capacity restored, the new fleet deleted. Idempotent. With nothing unfinished, reports (and
 * with `deleteOrphans`, deletes) fleets left tagged `deploying` by crashed deploys.
 */
export async function recover(
  ctx: DeployContext,
  manifest: Manifest,
  options: RecoverOptions = {},
): Promise<RecoverResult> {
  const state = {
    aws: ctx.aws,
    clock: ctx.clock,
    store: manifest.state,
    service: manifest.service,
    environment: manifest.environment,
  };
  // The unfinished deploy's own image, so a newer image matching a lookup does not matter here.
  const recorded = (await readJournal(state))?.record.plan?.imageId;
  const prepared = await prepare(ctx.aws, manifest, recorded);
  const run = new DeployRun(ctx, { manifest, command: 'odin recover', pollMs: options.pollMs }, prepared);
  run.lease = await acquireLease(
    { ...state, sink: ctx.sink },
    { command: 'odin recover', callerArn: prepared.identity.arn },
    { waitMs: options.lockWaitMs ?? 0, signal: ctx.signal },
  );
  // Renewed like a deploy's: an undo that drains for the deregistration delay outlives the TTL.
  const renewal = new AbortController();
  run.lease.startRenewing({ signal: renewal.signal, onLost: (error) => (run.leaseLost = error) });
  try {
    const journal = await Journal.adopt(run.journalContext(), { includeNeedsAttention: true });
    if (journal) {
      run.journal = journal;
      return await undoUnfinished(run);
    }
    return await handleOrphans(run, options);
  } finally {
    renewal.abort();
    await run.lease.release().catch((error: unknown) => run.reporter.log('warn', toOdinError(error).message));
  }
}

/** Stops the recovery once another process took the lease: that process now acts on the service. */
function leaseCheck(run: DeployRun): () => Promise<void> {
  return async () => {
    if (run.leaseLost) throw run.leaseLost;
  };
}

async function undoUnfinished(run: DeployRun): Promise<RecoverResult> {
  const { record } = run.journal;
  const progress: UndoProgress = { done: [] };
  let report: UndoReport;
  try {
    report = await run.reporter.step(
      'recover',
      {
        running: `Undoing unfinished deploy ${record.deployId}`,
        done: (r) => `Undid deploy ${record.deployId}: ${r.summary}`,
      },
      () => undoDeploy(run, { progress, checkpoint: leaseCheck(run) }),
    );
  } catch (error) {
    // A lost lease leaves the journal as it is, for the process that holds the lease now.
    if (run.leaseLost) throw run.leaseLost;
    const cause = record.error ?? { code: 'UNFINISHED_DEPLOY', message: 'it did not finish' };
    throw await undoFailed(run, { cause, undoError: error, progress });
  }
  await run.journal.finish('undone', { code: 'RECOVERED', message: 'undone by odin recover' });
  await recordFailed(run, 'rolled-back');
  return {
    action: 'undone',
    deployId: record.deployId,
    releaseId: record.releaseId,
    orphans: [],
    summary: report.summary,
  };
}

async function handleOrphans(run: DeployRun, options: RecoverOptions): Promise<RecoverResult> {
  const m = run.manifest;
  const fleets = await findFleets(run.ctx.aws, m.service, m.environment);
  const orphans = fleets.deploying.map((f) => f.group.name);
  if (orphans.length === 0)
    return { action: 'nothing-to-do', orphans, summary: 'no unfinished deploy and no orphaned fleets' };
  if (!options.deleteOrphans) {
    return {
      action: 'orphans-found',
      orphans,
      summary: `${orphans.length} orphaned fleet(s): ${orphans.join(', ')}`,
    };
  }
  await run.reporter.step(
    'recover',
    { running: 'Deleting orphaned fleets', done: `Deleted ${orphans.join(', ')}` },
    async () => {
      const ctx = { ...run.waitContext('recover'), checkpoint: undefined };
      for (const fleet of fleets.deploying) {
        await detachAndDrain(ctx, fleet.group.name, fleet.group.targetGroupArns, { pollMs: run.pollMs });
        await deleteFleet(
          {
            aws: run.ctx.aws,
            clock: run.ctx.clock,
            reporter: run.reporter,
            step: 'recover',
            pollMs: run.pollMs,
          },
          fleet.group.name,
        );
      }
    },
  );
  return { action: 'orphans-deleted', orphans, summary: `deleted ${orphans.join(', ')}` };
}
