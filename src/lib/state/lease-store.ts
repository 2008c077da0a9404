import { PreconditionFailedError } from '../aws/errors.js';
import { AwsCallError } from '../errors/errors.js';
import { parseLease, serialiseLease } from './lease-body.js';
import type { LeaseHolder, LeaseTerms } from './lease-holder.js';
import { stateLocation } from './keys.js';
import type { StateContext } from './state-context.js';

/** How long a lease lives without renewal: short, so a killed process blocks nobody for long. */
export const DEFAULT_LEASE_TTL_MS = 120_000;
/** How often a waiting acquirer looks at the lease again. */
export const DEFAULT_LEASE_POLL_MS = 5_000;

/** The lease as read from S3 now. */
export interface LeaseState extends LeaseTerms {
  etag: string;
  expired: boolean;
  /** False when the object is not a lease odin understands; it then counts as held until ttl after its last write. */
  readable: boolean;
}

/** Reads the service environment's lease; undefined when nobody holds it. */
export async function readLease(ctx: StateContext): Promise<LeaseState | undefined> {
  const location = stateLocation(ctx.store, ctx.service, ctx.environment);
  const object = await ctx.aws.s3.getObject(location.bucket, location.lease);
  if (!object) return undefined;
  const parsed = parseLease(object.body);
  const terms = parsed ?? unreadableTerms(object.lastModified);
  // Known limitation: expiry is judged by this host's clock against the holder's. Hosts whose
  // clocks disagree by more than a fraction of the TTL (2m) would see a lease expire early or
  // late; NTP keeps real hosts well inside that, and the takeover itself stays conditional.
  return {
    ...terms,
    etag: object.etag,
    readable: parsed !== undefined,
    expired: ctx.clock.now() >= terms.expiresAt,
  };
}

/** Writes the lease object under a condition; the new ETag, or undefined when the condition did not hold. */
export async function writeLeaseObject(
  ctx: StateContext,
  terms: LeaseTerms,
  condition: { ifNoneMatch: '*' } | { ifMatch: string },
): Promise<string | undefined> {
  const location = stateLocation(ctx.store, ctx.service, ctx.environment);
  try {
    const { etag } = await ctx.aws.s3.putObject(
      location.bucket,
      location.lease,
      serialiseLease(terms),
      condition,
    );
    return etag;
  } catch (error) {
    if (error instanceof PreconditionFailedError) return undefined;
    // S3 may answer an If-Match write to a key that no longer exists with 404 NoSuchKey rather
    // than 412: the lease was deleted since we read it, which is the same lost race.
    if (
      'ifMatch' in condition &&
      error instanceof AwsCallError &&
      /^(NoSuchKey|NotFound)$/.test(error.awsCode)
    ) {
      return undefined;
    }
    throw error;
  }
}

// An object we cannot parse (hand-edited, or written by a newer odin) is treated as held until
// one default TTL after its last write, so a stray file can block deploys only briefly.
function unreadableTerms(lastModified: number): LeaseTerms {
  const holder: LeaseHolder = {
    arn: 'unknown',
    host: 'unknown',
    pid: 0,
    command: '(unreadable lease object)',
  };
  const expiresAt = lastModified + DEFAULT_LEASE_TTL_MS;
  return {
    holder,
    token: '',
    acquiredAt: lastModified,
    renewedAt: lastModified,
    expiresAt,
    ttlMs: DEFAULT_LEASE_TTL_MS,
  };
}

/** `service/environment`, as lease messages name it. */
export function leaseTarget(ctx: StateContext): string {
  return `${ctx.service}/${ctx.environment}`;
}

/** Reports a lease event to the context's sink, if any. */
export function leaseLog(
  ctx: StateContext,
  level: 'info' | 'warn' | 'error',
  message: string,
  data?: Record<string, unknown>,
): void {
  ctx.sink?.({ type: 'log', level, message, at: ctx.clock.now(), ...(data ? { data } : {}) });
}
