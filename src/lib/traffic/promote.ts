import { RefusedError } from '../errors/errors.js';
import {
  deleteMarker,
  readMarker,
  runningDeploy,
  writeMarker,
  type DeployMarker,
  type MarkerContext,
} from '../state/marker.js';

/** The marker `odin promote` leaves for a deploy waiting at a `pause` step. */
export type PromoteMarker = DeployMarker;

/** What promote and the marker readers need. */
export type PromoteContext = MarkerContext;

/**
 * Lets the running deploy continue past its next `pause` step (from any terminal or CI job);
 * returns which deploy was told. Refuses when no deploy runs or the strategy has no steps.
 */
export async function requestPromote(ctx: PromoteContext): Promise<PromoteMarker> {
  const { manifest } = ctx;
  const record = await runningDeploy(ctx, 'Nothing to promote; `odin status` shows what is live.');
  const strategy = record.plan?.strategy ?? manifest.traffic.strategy;
  if (strategy !== 'weighted' && strategy !== 'dns') {
    throw new RefusedError(
      `The deploy of ${manifest.service} (${manifest.environment}) uses ${strategy} cutover, which has no pause to promote`,
      { hint: 'Only weighted and dns traffic steps can pause; the deploy continues by itself.' },
    );
  }
  return writeMarker(ctx, 'promote', record, {});
}

/** The promote marker aimed at `releaseId`, if one was written. */
export async function readPromote(
  ctx: PromoteContext,
  releaseId: string,
): Promise<PromoteMarker | undefined> {
  return (await readPromoteFor(ctx, releaseId))?.marker;
}

/**
 * Takes the promote marker aimed at `releaseId`: returns it and deletes it, so that a second
 * pause waits for a second `odin promote`. The delete is conditional on the marker read, so a
 * promote written in between is not lost.
 */
export async function consumePromote(
  ctx: PromoteContext,
  releaseId: string,
): Promise<PromoteMarker | undefined> {
  const found = await readPromoteFor(ctx, releaseId);
  if (!found) return undefined;
  await deleteMarker(ctx, 'promote', found.etag).catch(() => undefined);
  return found.marker;
}

function readPromoteFor(ctx: PromoteContext, releaseId: string) {
  return readMarker<PromoteMarker>(ctx, 'promote', (marker) => marker.releaseId === releaseId);
}
