import type { Aws } from '../aws/types.js';
import type { Clock } from '../clock/clock.js';
import { RefusedError } from '../errors/errors.js';
import { readJournal } from '../journal/journal.js';
import type { Manifest } from '../manifest/types.js';
import { stateLocation } from '../state/keys.js';

/** The marker `odin promote` leaves for a deploy waiting at a `pause` step. */
export interface PromoteMarker {
  deployId: string;
  releaseId: string;
  requestedAt: number;
  /** The caller's ARN. */
  by: string;
}

/** What promote and the marker readers need. */
export interface PromoteContext {
  aws: Aws;
  clock: Clock;
  manifest: Manifest;
}

/** Where the promote marker of a service environment lives: `<prefix><service>/<env>/promote.json`. */
export function promoteLocation(manifest: Manifest): { bucket: string; key: string } {
  const location = stateLocation(manifest.state, manifest.service, manifest.environment);
  return { bucket: location.bucket, key: `${location.root}promote.json` };
}

/**
 * Lets the running deploy continue past its next `pause` step (from any terminal or CI job);
 * returns which deploy was told. Refuses when no deploy runs or the strategy has no steps.
 */
export async function requestPromote(ctx: PromoteContext): Promise<PromoteMarker> {
  const { manifest } = ctx;
  const where = `${manifest.service} (${manifest.environment})`;
  const journal = await readJournal({
    ...ctx,
    store: manifest.state,
    service: manifest.service,
    environment: manifest.environment,
  });
  if (!journal || journal.record.status !== 'running') {
    throw new RefusedError(`No deploy of ${where} is running`, {
      hint: 'Nothing to promote; `odin status` shows what is live.',
    });
  }
  const strategy = journal.record.plan?.strategy ?? manifest.traffic.strategy;
  if (strategy !== 'weighted' && strategy !== 'dns') {
    throw new RefusedError(`The deploy of ${where} uses ${strategy} cutover, which has no pause to promote`, {
      hint: 'Only weighted and dns traffic steps can pause; the deploy continues by itself.',
    });
  }
  const identity = await ctx.aws.sts.getCallerIdentity();
  const marker: PromoteMarker = {
    deployId: journal.record.deployId,
    releaseId: journal.record.releaseId,
    requestedAt: ctx.clock.now(),
    by: identity.arn,
  };
  const { bucket, key } = promoteLocation(manifest);
  await ctx.aws.s3.putObject(bucket, key, JSON.stringify(marker, null, 2) + '\n');
  return marker;
}

/** The promote marker aimed at `releaseId`, if one was written. */
export async function readPromote(
  ctx: PromoteContext,
  releaseId: string,
): Promise<PromoteMarker | undefined> {
  return (await readMarker(ctx, releaseId))?.marker;
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
  const found = await readMarker(ctx, releaseId);
  if (!found) return undefined;
  const { bucket, key } = promoteLocation(ctx.manifest);
  await ctx.aws.s3.deleteObject(bucket, key, { ifMatch: found.etag }).catch(() => undefined);
  return found.marker;
}

async function readMarker(
  ctx: PromoteContext,
  releaseId: string,
): Promise<{ marker: PromoteMarker; etag: string } | undefined> {
  const { bucket, key } = promoteLocation(ctx.manifest);
  const object = await ctx.aws.s3.getObject(bucket, key);
  if (!object) return undefined;
  try {
    const marker = JSON.parse(object.body) as PromoteMarker;
    return marker.releaseId === releaseId ? { marker, etag: object.etag } : undefined;
  } catch {
    return undefined;
  }
}
