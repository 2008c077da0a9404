import { DeployFailedError, InterruptedError, NeedsAttentionError } from '../errors/errors.js';
import { toOdinError, type OdinError } from '../errors/odin-error.js';
import { Reporter } from '../events/reporter.js';
import { FleetNotHealthyError } from '../fleet/wait-for-healthy-fleet.js';
import { LeaseLostError } from '../state/lease-errors.js';
import { begin } from './begin.js';
import { DeployRun, interruptedReason } from './deploy-run.js';
import { SimulatedCrash, type DeployContext, type DeployRequest, type DeployResult } from './deploy-types.js';
import { clearHalt, HALTED_HINT, HaltRequested } from './halt.js';
import { runLifecycle } from './lifecycle-steps.js';
import { prepare } from './prepare.js';
import { recordFailed } from './release-record.js';
import { undoDeploy, type UndoProgress } from './undo.js';
import { undoFailed } from './undo-failed.js';

/**
 * Deploys a release blue/green: validate and resolve, take the lease, open the journal, launch a
 * new fleet, gate on health, cut traffic over (verified), retire the old fleet, finish. Any
 * failure, halt, lease loss or interrupt once something changed is undone before this throws
 * DeployFailedError (exit 4) or InterruptedError (130); an undo that fails throws
 * NeedsAttentionError (5) with exact instructions.
 */
export async function deploy(ctx: DeployContext, request: DeployRequest): Promise<DeployResult> {
  const reporter = new Reporter(ctx.sink, ctx.clock);
  const startedAt = request.startedAt ?? ctx.clock.now();
  const prepared = await reporter.step(
    'prepare',
    {
      running: 'Validating the manifest and resolving resources',
      done: (p) => `Resolved image ${p.resolved.imageName} (${p.resolved.imageId})`,
    },
    () => prepare(ctx.aws, request.manifest, request.imageOverride),
  );
  const run = new DeployRun(ctx, request, prepared, startedAt);
  await reporter.step(
    'lease',
    {
      running: 'Taking the deploy lease',
      done: request.resume ? 'Took the lease and the unfinished journal' : 'Took the deploy lease',
    },
    () => begin(run),
  );

  const renewal = new AbortController();
  run.lease?.startRenewing({ signal: renewal.signal, onLost: (error) => (run.leaseLost = error) });
  try {
    const traffic = await runLifecycle(run);
    await run.journal.finish('done');
    await releaseLease(run);
    return resultOf(run, traffic);
  } catch (error) {
    if (error instanceof SimulatedCrash) throw error;
    throw await fail(run, error);
  } finally {
    renewal.abort();
  }
}

async function fail(run: DeployRun, error: unknown): Promise<OdinError> {
  const cause = toOdinError(causeOf(run, error));
  const takenOver = await takenOverBy(run);
  if (takenOver) return takenOver;
  if (run.pastPointOfNoReturn) {
    // The old fleet is already gone: the new one is the only fleet, so undoing would leave none.
    await releaseLease(run);
    return new NeedsAttentionError(
      `${run.journal.plan?.newGroup} is live, but the deploy could not finish: ${cause.message}`,
      {
        cause: error,
        hint: 'Run `odin deploy --resume` to finish it (scaling policies, release record).',
      },
    );
  }
  const progress: UndoProgress = { done: [] };
  const keepFailed = run.request.keepFailed;
  try {
    const report = await run.reporter.step(
      'undo',
      { running: 'Undoing the deploy', done: (r) => `Undid the deploy: ${r.summary}` },
      () => undoDeploy(run, { keepFailed, progress }),
    );
    await run.journal.finish('undone', { code: cause.code, message: cause.message });
    await recordFailed(run, 'rolled-back');
    if (error instanceof HaltRequested)
      await clearHalt({ aws: run.ctx.aws, clock: run.ctx.clock, manifest: run.manifest });
    await releaseLease(run);
    return undoneError(run, error, cause, report.summary);
  } catch (undoError) {
    const attention = await undoFailed(run, { cause, undoError, progress, keepFailed });
    await releaseLease(run);
    return attention;
  }
}

/** How a deploy that was undone ends: interrupted (130), or failed and rolled back (4). */
function undoneError(run: DeployRun, error: unknown, cause: OdinError, summary: string): OdinError {
  if (interruptedReason(run.ctx.signal) && !(error instanceof HaltRequested))
    return new InterruptedError(`Interrupted; the deploy was undone: ${summary}`, { cause: error });
  return new DeployFailedError(
    `Deploy of release ${run.journal.record.releaseId} failed and was undone (${summary}): ${cause.message}`,
    {
      cause: error,
      hint: hintFor(error, cause),
      details: { releaseId: run.journal.record.releaseId, reason: cause.code },
    },
  );
}

/**
 * The lease was lost and its new holder adopted this deploy's journal (`odin deploy --resume`,
 * `odin recover`): that process now carries the deploy forward or back, and an undo from here
 * would fight it (delete the fleet it is cutting over to). This process stops where it is.
 */
async function takenOverBy(run: DeployRun): Promise<LeaseLostError | undefined> {
  if (!run.leaseLost) return undefined;
  const ours = await run.journal.isStillOurs().catch(() => false);
  if (ours) return undefined;
  return new LeaseLostError(
    `${run.leaseLost.message}; that process has taken over deploy ${run.journal.record.deployId} too, so this one stopped without undoing it`,
    {
      cause: run.leaseLost,
      hint: 'Follow the deploy with `odin status`; `odin lock status` shows who holds the lease.',
    },
  );
}

function causeOf(run: DeployRun, error: unknown): unknown {
  if (error instanceof HaltRequested) return new DeployFailedError(`halt requested: ${error.message}`);
  if (error instanceof FleetNotHealthyError)
    return new DeployFailedError(error.message, { hint: error.hint });
  return interruptedReason(run.ctx.signal) ?? run.leaseLost ?? error;
}

function hintFor(error: unknown, cause: OdinError): string {
  if (error instanceof FleetNotHealthyError || error instanceof HaltRequested)
    return error.hint ?? HALTED_HINT;
  if (error instanceof LeaseLostError)
    return 'Another odin process took the lease; check `odin lock status` before deploying again.';
  return cause.hint ?? 'Fix the cause and deploy again; `odin history` shows the failed release.';
}

async function releaseLease(run: DeployRun): Promise<void> {
  try {
    await run.lease?.release();
  } catch (error) {
    // Reported on its own: the deploy's outcome stands, and the lease expires by itself.
    run.reporter.log('warn', toOdinError(error).message);
  }
}

function resultOf(run: DeployRun, traffic: string): DeployResult {
  const { record } = run.journal;
  const plan = record.plan;
  if (!plan?.launchTemplate) throw new Error('the journal is missing the plan of a finished deploy');
  return {
    deployId: record.deployId,
    releaseId: record.releaseId,
    service: record.service,
    environment: record.environment,
    outcome: 'live',
    resumed: run.request.resume === true,
    newGroup: plan.newGroup,
    ...(plan.oldGroup ? { oldGroup: plan.oldGroup } : {}),
    image: { id: plan.imageId, ...(plan.imageName ? { name: plan.imageName } : {}) },
    launchTemplate: {
      id: plan.launchTemplate.id,
      name: plan.launchTemplate.name,
      version: plan.launchTemplate.version,
    },
    traffic,
    durationMs: run.ctx.clock.now() - run.startedAt,
    awsCalls: run.ctx.aws.stats(),
    steps: [...record.steps],
  };
}
