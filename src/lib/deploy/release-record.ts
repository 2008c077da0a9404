import type { ReleaseOutcome, ReleaseRecord } from '../state/history.js';
import { ciRunUrl } from '../state/lease-holder.js';
import { listReleases, markOutcome, writeRelease } from '../state/history.js';
import { manifestDigest } from '../state/manifest-digest.js';
import { hostname } from 'node:os';
import type { DeployRun } from './deploy-run.js';
import { together } from './together.js';

/** The release record of the run, as it stands now. */
export function releaseRecordOf(run: DeployRun, outcome: ReleaseOutcome): ReleaseRecord {
  const { record } = run.journal;
  const plan = record.plan;
  const m = run.manifest;
  const stats = run.ctx.aws.stats();
  const now = run.ctx.clock.now();
  const done = outcome !== 'in-progress';
  // From the start of the whole run (resolving, the lease wait, a rollback's choice), not only
  // from the journal's opening, so the history's duration is the one the command reported.
  const startedAt = Math.min(record.startedAt, run.startedAt);
  const rolledBackTo = plan?.rollbackOf ?? run.request.rollback?.releaseId;
  return {
    id: record.releaseId,
    service: m.service,
    environment: m.environment,
    kind: record.kind,
    ...(rolledBackTo ? { rolledBackTo } : {}),
    image: {
      id: plan?.imageId ?? run.prepared.resolved.imageId,
      name: plan?.imageName ?? run.prepared.resolved.imageName,
    },
    manifestDigest: manifestDigest(m),
    manifest: m,
    groupName: plan?.newGroup ?? '',
    launchTemplate: { id: plan?.launchTemplate?.id ?? '', version: plan?.launchTemplate?.version ?? 0 },
    strategy: m.traffic.strategy,
    author: record.author,
    host: hostname(),
    ...(ciRunUrl(process.env) ? { ciRunUrl: ciRunUrl(process.env) } : {}),
    ...(record.message ? { message: record.message } : {}),
    startedAt,
    ...(done ? { finishedAt: now, durationMs: now - startedAt } : {}),
    outcome,
    awsCalls: { calls: stats.calls, throttled: stats.throttled, retried: stats.retried },
  };
}

/**
 * Records the release as live and every earlier live release of the service environment as
 * superseded. The records are separate objects, written together; a crash between them leaves
 * the finish step to run again.
 */
export async function recordLive(run: DeployRun): Promise<void> {
  const state = run.state();
  const id = run.journal.record.releaseId;
  const supersede = async (): Promise<void> => {
    const previous = await listReleases(state, { limit: 20 });
    const live = previous.filter((r) => r.id !== id && r.outcome === 'live');
    await together(live.map((r) => markOutcome(state, r.id, 'superseded')));
  };
  await together([writeRelease(state, releaseRecordOf(run, 'live')), supersede()]);
}

/**
 * Records how a failed release ended (rolled-back, needs-attention). An undo that ran after the
 * finish step (by `odin recover`) had already marked the previous release superseded: with
 * traffic back on its fleet, it is live again.
 */
export async function recordFailed(run: DeployRun, outcome: ReleaseOutcome): Promise<void> {
  await writeRelease(run.state(), releaseRecordOf(run, outcome));
  if (outcome === 'rolled-back') await restorePreviousLive(run);
}

async function restorePreviousLive(run: DeployRun): Promise<void> {
  const oldGroup = run.journal.plan?.oldGroup;
  if (!oldGroup) return;
  const state = run.state();
  const releases = await listReleases(state, { limit: 20 });
  if (releases.some((r) => r.outcome === 'live')) return;
  const previous = releases.find((r) => r.groupName === oldGroup && r.id !== run.journal.record.releaseId);
  if (previous?.outcome === 'superseded') await markOutcome(state, previous.id, 'live');
}
