import { PreconditionFailedError } from '../aws/errors.js';
import { ExitCode } from '../errors/exit-codes.js';
import { RefusedError } from '../errors/errors.js';
import { OdinError, type OdinErrorOptions } from '../errors/odin-error.js';
import type { Manifest, Traffic } from '../manifest/types.js';
import { stateLocation } from './keys.js';
import { isGeneratedReleaseId, validateReleaseId } from './release-id.js';
import type { StateContext } from './state-context.js';

export type ReleaseKind = 'deploy' | 'rollback';

/** Where a release stands. Only one release of a service environment is `live` at a time. */
export type ReleaseOutcome =
  'in-progress' | 'live' | 'superseded' | 'failed' | 'rolled-back' | 'needs-attention';

/** One release as recorded in the state bucket: what was deployed, by whom, and how it ended. */
export interface ReleaseRecord {
  id: string;
  service: string;
  environment: string;
  kind: ReleaseKind;
  image: { id: string; name?: string };
  /** sha256 of the normalised manifest (see manifestDigest). */
  manifestDigest: string;
  /** The resolved manifest as deployed; it names the user-data file, never its contents. */
  manifest: Manifest;
  groupName: string;
  launchTemplate: { id: string; version: number };
  strategy: Traffic['strategy'];
  /** The caller's ARN. */
  author: string;
  host: string;
  ciRunUrl?: string;
  message?: string;
  startedAt: number;
  finishedAt?: number;
  durationMs?: number;
  outcome: ReleaseOutcome;
  /** For a rollback: the release it put back. */
  rolledBackTo?: string;
  awsCalls: { calls: number; throttled: number; retried: number };
}

/** The fields that change when a release ends or is superseded. */
export type ReleaseOutcomeChanges = Partial<
  Pick<ReleaseRecord, 'finishedAt' | 'durationMs' | 'rolledBackTo' | 'awsCalls'>
>;

/** No release with that id was recorded for this service environment. */
export class ReleaseNotFoundError extends OdinError {
  constructor(message: string, options: OdinErrorOptions = {}) {
    super('NOT_FOUND', ExitCode.InvalidInput, message, {
      hint: 'List the recorded releases with `odin history`.',
      ...options,
    });
  }
}

/** Writes a release record. With `createOnly`, refuses (RefusedError) to replace an existing one. */
export async function writeRelease(
  ctx: StateContext,
  record: ReleaseRecord,
  options: { createOnly?: boolean } = {},
): Promise<void> {
  const location = stateLocation(ctx.store, ctx.service, ctx.environment);
  const key = location.release(validateReleaseId(record.id));
  try {
    await ctx.aws.s3.putObject(
      location.bucket,
      key,
      serialise(record),
      options.createOnly ? { ifNoneMatch: '*' } : {},
    );
  } catch (error) {
    if (!(error instanceof PreconditionFailedError)) throw error;
    throw new RefusedError(`Release ${record.id} of ${ctx.service}/${ctx.environment} already exists`, {
      hint: 'Choose another `--release` id, or omit it to get a generated one.',
      cause: error,
    });
  }
}

/** Reads one release record; undefined when there is none with that id. */
export async function readRelease(ctx: StateContext, id: string): Promise<ReleaseRecord | undefined> {
  const location = stateLocation(ctx.store, ctx.service, ctx.environment);
  const object = await ctx.aws.s3.getObject(location.bucket, location.release(validateReleaseId(id)));
  return object ? parseRecord(object.body, id) : undefined;
}

/** Sets a release's outcome (and end facts) with a conditional read-modify-write; returns the new record. */
export async function markOutcome(
  ctx: StateContext,
  id: string,
  outcome: ReleaseOutcome,
  changes: ReleaseOutcomeChanges = {},
): Promise<ReleaseRecord> {
  const location = stateLocation(ctx.store, ctx.service, ctx.environment);
  const key = location.release(validateReleaseId(id));
  // Two odin processes may touch the same record (a deploy marking the previous release
  // superseded while a rollback reads it); the ETag condition keeps either from losing the other's write.
  for (let attempt = 1; ; attempt++) {
    const object = await ctx.aws.s3.getObject(location.bucket, key);
    const record = object ? parseRecord(object.body, id) : undefined;
    if (!object || !record) {
      throw new ReleaseNotFoundError(`No release ${id} is recorded for ${ctx.service}/${ctx.environment}`);
    }
    const updated: ReleaseRecord = { ...record, ...changes, outcome };
    try {
      await ctx.aws.s3.putObject(location.bucket, key, serialise(updated), { ifMatch: object.etag });
      return updated;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt >= 5) throw error;
    }
  }
}

/**
 * The recorded releases, newest first. Generated ids sort by time, so only the newest `limit` of
 * them are read; user-given ids (`--release v1.4`) do not, so those are all read and merged in
 * by start time.
 */
export async function listReleases(
  ctx: StateContext,
  options: { limit?: number } = {},
): Promise<ReleaseRecord[]> {
  const location = stateLocation(ctx.store, ctx.service, ctx.environment);
  const ids = (await ctx.aws.s3.listKeys(location.bucket, location.releases))
    .filter((key) => key.endsWith('.json') && !key.slice(location.releases.length).includes('/'))
    .map((key) => key.slice(location.releases.length, -'.json'.length));
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const generated = ids.filter(isGeneratedReleaseId).sort().reverse().slice(0, limit);
  const custom = ids.filter((id) => !isGeneratedReleaseId(id));
  const records = await readAll(ctx, [...generated, ...custom]);
  return records.sort(newestFirst).slice(0, limit);
}

/** Reads records a few at a time, skipping (and reporting) any that cannot be parsed. */
async function readAll(ctx: StateContext, ids: string[]): Promise<ReleaseRecord[]> {
  const location = stateLocation(ctx.store, ctx.service, ctx.environment);
  const records: ReleaseRecord[] = [];
  for (let i = 0; i < ids.length; i += 8) {
    const batch = ids.slice(i, i + 8);
    const objects = await Promise.all(
      batch.map((id) => ctx.aws.s3.getObject(location.bucket, location.release(id))),
    );
    objects.forEach((object, index) => {
      const id = batch[index] ?? '';
      const record = object ? parseRecord(object.body, id) : undefined;
      if (record) records.push(record);
      else if (object)
        warn(ctx, `Skipped release record ${location.release(id)}: not a release odin can read`);
    });
  }
  return records;
}

function newestFirst(a: ReleaseRecord, b: ReleaseRecord): number {
  if (a.startedAt !== b.startedAt) return b.startedAt - a.startedAt;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function serialise(record: ReleaseRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

function parseRecord(body: string, id: string): ReleaseRecord | undefined {
  try {
    const raw = JSON.parse(body) as Partial<ReleaseRecord> | null;
    if (!raw || raw.id !== id || typeof raw.startedAt !== 'number' || typeof raw.outcome !== 'string')
      return undefined;
    return raw as ReleaseRecord;
  } catch {
    return undefined;
  }
}

function warn(ctx: StateContext, message: string): void {
  ctx.sink?.({ type: 'log', level: 'warn', message, at: ctx.clock.now() });
}
