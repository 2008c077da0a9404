import type { Aws } from '../aws/types.js';
import type { Clock } from '../clock/clock.js';
import { RefusedError } from '../errors/errors.js';
import { readJournal } from '../journal/journal.js';
import type { JournalRecord } from '../journal/journal-record.js';
import type { Manifest } from '../manifest/types.js';
import { stateLocation } from './keys.js';

/** A request another odin process leaves in the state bucket for the running deploy. */
export interface DeployMarker {
  deployId: string;
  releaseId: string;
  requestedAt: number;
  /** The caller's ARN. */
  by: string;
}

/** What writing and reading a marker need. */
export interface MarkerContext {
  aws: Aws;
  clock: Clock;
  manifest: Manifest;
}

/** The markers odin knows: `halt` (undo the running deploy) and `promote` (go past a pause). */
export type MarkerKind = 'halt' | 'promote';

/** Where a marker of the manifest's service environment lives: `<prefix><service>/<env>/<kind>.json`. */
export function markerLocation(manifest: Manifest, kind: MarkerKind): { bucket: string; key: string } {
  const location = stateLocation(manifest.state, manifest.service, manifest.environment);
  return { bucket: location.bucket, key: location[kind] };
}

/** The journal record of the deploy running now; refuses with `hint` when none runs. */
export async function runningDeploy(ctx: MarkerContext, hint: string): Promise<JournalRecord> {
  const { manifest } = ctx;
  const journal = await readJournal({
    ...ctx,
    store: manifest.state,
    service: manifest.service,
    environment: manifest.environment,
  });
  if (!journal || journal.record.status !== 'running') {
    throw new RefusedError(`No deploy of ${manifest.service} (${manifest.environment}) is running`, { hint });
  }
  return journal.record;
}

/** Leaves a `kind` marker for the deploy of `record`, signed by the caller; returns what was written. */
export async function writeMarker<E extends object>(
  ctx: MarkerContext,
  kind: MarkerKind,
  record: JournalRecord,
  extra: E,
): Promise<DeployMarker & E> {
  const identity = await ctx.aws.sts.getCallerIdentity();
  const marker = {
    deployId: record.deployId,
    releaseId: record.releaseId,
    requestedAt: ctx.clock.now(),
    by: identity.arn,
    ...extra,
  };
  const { bucket, key } = markerLocation(ctx.manifest, kind);
  await ctx.aws.s3.putObject(bucket, key, JSON.stringify(marker, null, 2) + '\n');
  return marker;
}

/** The `kind` marker with its ETag, if one was written and `isFor` accepts it; an unreadable one counts as none. */
export async function readMarker<M extends DeployMarker>(
  ctx: MarkerContext,
  kind: MarkerKind,
  isFor: (marker: M) => boolean,
): Promise<{ marker: M; etag: string } | undefined> {
  const { bucket, key } = markerLocation(ctx.manifest, kind);
  const object = await ctx.aws.s3.getObject(bucket, key);
  if (!object) return undefined;
  try {
    const marker = JSON.parse(object.body) as M;
    return isFor(marker) ? { marker, etag: object.etag } : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the `kind` marker; with `ifMatch`, only the version that was read. */
export async function deleteMarker(ctx: MarkerContext, kind: MarkerKind, ifMatch?: string): Promise<void> {
  const { bucket, key } = markerLocation(ctx.manifest, kind);
  if (ifMatch) await ctx.aws.s3.deleteObject(bucket, key, { ifMatch });
  else await ctx.aws.s3.deleteObject(bucket, key);
}
