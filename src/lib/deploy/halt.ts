import type { Aws } from '../aws/types.js';
import type { Clock } from '../clock/clock.js';
import { RefusedError } from '../errors/errors.js';
import { readJournal } from '../journal/journal.js';
import type { Manifest } from '../manifest/types.js';
import { stateLocation } from '../state/keys.js';

/** The marker `odin halt` leaves for the running deploy it wants stopped. */
export interface HaltMarker {
  deployId: string;
  releaseId: string;
  requestedAt: number;
  /** The caller's ARN. */
  by: string;
  reason?: string;
}

/** A halt was requested for this deploy; the lifecycle undoes itself when it sees one. */
export class HaltRequested extends Error {
  constructor(readonly marker: HaltMarker) {
    super(
      `halted by ${marker.by} at ${new Date(marker.requestedAt).toISOString()}${marker.reason ? ` (${marker.reason})` : ''}`,
    );
    this.name = 'HaltRequested';
  }
}

/** What halt and the marker readers need. */
export interface HaltContext {
  aws: Aws;
  clock: Clock;
  manifest: Manifest;
}

/** Asks the running deploy to stop (it undoes itself within one poll interval); returns which deploy was asked. */
export async function requestHalt(ctx: HaltContext, options: { reason?: string } = {}): Promise<HaltMarker> {
  const { manifest } = ctx;
  const journal = await readJournal({
    ...ctx,
    store: manifest.state,
    service: manifest.service,
    environment: manifest.environment,
  });
  if (!journal || journal.record.status !== 'running') {
    throw new RefusedError(`No deploy of ${manifest.service} (${manifest.environment}) is running`, {
      hint: 'Nothing to halt; `odin status` shows what is live.',
    });
  }
  const identity = await ctx.aws.sts.getCallerIdentity();
  const marker: HaltMarker = {
    deployId: journal.record.deployId,
    releaseId: journal.record.releaseId,
    requestedAt: ctx.clock.now(),
    by: identity.arn,
    ...(options.reason ? { reason: options.reason } : {}),
  };
  const location = stateLocation(manifest.state, manifest.service, manifest.environment);
  await ctx.aws.s3.putObject(location.bucket, location.halt, JSON.stringify(marker, null, 2) + '\n');
  return marker;
}

/** The halt marker aimed at `deployId`, if one was written. */
export async function readHalt(ctx: HaltContext, deployId: string): Promise<HaltMarker | undefined> {
  const { manifest } = ctx;
  const location = stateLocation(manifest.state, manifest.service, manifest.environment);
  const object = await ctx.aws.s3.getObject(location.bucket, location.halt);
  if (!object) return undefined;
  try {
    const marker = JSON.parse(object.body) as HaltMarker;
    return marker.deployId === deployId ? marker : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the halt marker once the halted deploy has been undone. */
export async function clearHalt(ctx: HaltContext): Promise<void> {
  const { manifest } = ctx;
  const location = stateLocation(manifest.state, manifest.service, manifest.environment);
  await ctx.aws.s3.deleteObject(location.bucket, location.halt);
}
