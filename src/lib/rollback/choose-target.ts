import { RefusedError, ResourceNotFoundError } from '../errors/errors.js';
import { listReleases, readRelease, type ReleaseRecord } from '../state/history.js';
import { validateReleaseId } from '../state/release-id.js';
import type { StateContext } from '../state/state-context.js';

/** Outcomes of releases that passed their health gate and took traffic. */
const WENT_LIVE = new Set<ReleaseRecord['outcome']>(['live', 'superseded']);

/** The release a rollback puts back, and the one live now (absent when the history shows none). */
export interface RollbackChoice {
  target: ReleaseRecord;
  live?: ReleaseRecord;
}

/**
 * Picks the release to roll back to: the one named by `--to`, or else the newest release before
 * the live one that went live on another fleet. Refuses (exit 2, nothing changed) an unknown
 * release, one that never went live, and the release that is live already.
 */
export async function chooseRollbackTarget(ctx: StateContext, to?: string): Promise<RollbackChoice> {
  const releases = await listReleases(ctx, { limit: 50 });
  const live = releases.find((r) => r.outcome === 'live');
  const where = `${ctx.service} (${ctx.environment})`;
  if (to !== undefined) return { target: await namedTarget(ctx, validateReleaseId(to, '--to'), live), live };
  if (!live) {
    throw new RefusedError(`No release of ${where} is live, so there is nothing to roll back from`, {
      hint: 'Name the release to put back with `--to RELEASE`; `odin history` lists them.',
    });
  }
  const target = releases.find(
    (r) =>
      r.startedAt <= live.startedAt &&
      r.id !== live.id &&
      WENT_LIVE.has(r.outcome) &&
      r.groupName !== live.groupName,
  );
  if (!target) {
    throw new RefusedError(`No release of ${where} went live before ${live.id}`, {
      hint: 'There is nothing to roll back to; deploy a fix with `odin deploy`.',
    });
  }
  return { target, live };
}

async function namedTarget(ctx: StateContext, id: string, live?: ReleaseRecord): Promise<ReleaseRecord> {
  const record = await readRelease(ctx, id);
  if (!record) {
    throw new ResourceNotFoundError(`No release ${id} is recorded for ${ctx.service} (${ctx.environment})`, {
      hint: 'List the recorded releases with `odin history`.',
    });
  }
  if (!WENT_LIVE.has(record.outcome)) {
    throw new RefusedError(
      `Release ${id} never went live (it ended ${record.outcome}), so odin will not roll back to it`,
      {
        hint: 'Pick a release whose outcome is live or superseded in `odin history`.',
        details: { releaseId: id, outcome: record.outcome },
      },
    );
  }
  if (live && (record.id === live.id || record.groupName === live.groupName)) {
    throw new RefusedError(`Release ${id} is live already`, {
      hint: 'Nothing to do; `odin status` shows what is live.',
    });
  }
  return record;
}
