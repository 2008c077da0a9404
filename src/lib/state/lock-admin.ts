import { PreconditionFailedError } from '../aws/errors.js';
import { AwsCallError, LockHeldError, ResourceNotFoundError } from '../errors/errors.js';
import { describeLease, type LeaseHolder } from './lease-holder.js';
import { readLease, type LeaseState } from './lease.js';
import { stateLocation } from './keys.js';
import type { StateContext } from './state-context.js';

/** The lease of one service environment, as `odin lock status` reports it. */
export interface LockStatus {
  service: string;
  environment: string;
  /** `s3://bucket/key` of the lease object. */
  location: string;
  state: 'free' | 'held' | 'expired';
  holder?: LeaseHolder;
  acquiredAt?: string;
  renewedAt?: string;
  expiresAt?: string;
  /** Negative once expired. */
  expiresInMs?: number;
  /** One line for people. */
  summary: string;
}

/** What `odin lock release` did. */
export interface LockReleaseResult {
  released: boolean;
  /** True when a live lease of someone else was removed with `--force`. */
  forced: boolean;
  /** The lease as it was before the release; absent when it was already free. */
  previous?: LockStatus;
  summary: string;
}

/**
 * Who is asking to release. A live lease counts as theirs only when it was taken by the same
 * caller on the same host by a process that is no longer running there: a deploy running in
 * another shell of the same user is a live holder like any other.
 */
export interface Requester {
  arn: string;
  host: string;
  /** Whether a process of this host is running (default: `process.kill(pid, 0)`). */
  isRunning?: (pid: number) => boolean;
}

/** True when a process with this pid runs on this host (signal 0 checks without signalling). */
export function processIsRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user, so it is running all the same.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads who holds the service environment's lease, since when and for how long. */
export async function lockStatus(ctx: StateContext): Promise<LockStatus> {
  return toStatus(ctx, await readLeaseOrExplain(ctx));
}

/**
 * Deletes the lease when it is free to take: expired, or left behind by the requester (same
 * caller and host, holder process gone). A live holder's lease needs `force`, because it may be
 * mid-deploy: it then loses the lease at its next renewal and undoes its work.
 */
export async function releaseLock(
  ctx: StateContext,
  requester: Requester,
  options: { force?: boolean } = {},
): Promise<LockReleaseResult> {
  const location = stateLocation(ctx.store, ctx.service, ctx.environment);
  // A live holder renews every ttl/3, so its renewal can slip in between our read and delete.
  for (let attempt = 1; ; attempt++) {
    const lease = await readLeaseOrExplain(ctx);
    const previous = toStatus(ctx, lease);
    if (!lease) return { released: false, forced: false, summary: `${target(ctx)} is already free` };
    const own = !lease.expired && leftBehindBy(lease, requester);
    const forced = !lease.expired && !own;
    if (forced && !options.force) throw liveLease(ctx, lease, requester);
    try {
      await ctx.aws.s3.deleteObject(location.bucket, location.lease, { ifMatch: lease.etag });
    } catch (error) {
      if (error instanceof PreconditionFailedError && attempt < 5) continue;
      throw error;
    }
    return { released: true, forced, previous, summary: releasedSummary(ctx, lease, forced, own) };
  }
}

// These commands skip resolution (they must work while a deploy is stuck), so a missing state
// bucket surfaces here first; say which bucket and where it is configured.
async function readLeaseOrExplain(ctx: StateContext): Promise<LeaseState | undefined> {
  try {
    return await readLease(ctx);
  } catch (error) {
    if (!(error instanceof AwsCallError) || error.awsCode !== 'NoSuchBucket') throw error;
    throw new ResourceNotFoundError(`state.bucket: no S3 bucket \`${ctx.store.bucket}\``, {
      hint: 'Fix state.bucket, or create the bucket. On the local cloud, `odin simulator seed` creates it.',
      cause: error,
    });
  }
}

/** The requester's own lease whose holder process has ended on this host. */
function leftBehindBy(lease: LeaseState, requester: Requester): boolean {
  if (lease.holder.arn !== requester.arn || lease.holder.host !== requester.host) return false;
  return !(requester.isRunning ?? processIsRunning)(lease.holder.pid);
}

function liveLease(ctx: StateContext, lease: LeaseState, requester: Requester): LockHeldError {
  const yours = lease.holder.arn === requester.arn && lease.holder.host === requester.host;
  // The same caller on the same host is most likely a deploy in another shell: say so.
  const why = yours ? ` (pid ${lease.holder.pid} is still running on this host)` : '';
  return new LockHeldError(`${target(ctx)} is locked by ${describeLease(lease, ctx.clock.now())}${why}`, {
    hint: 'If that process is gone, run `odin lock release --force`; a deploy still running would lose the lease and undo itself.',
    details: { holder: lease.holder, expiresAt: new Date(lease.expiresAt).toISOString() },
  });
}

function releasedSummary(ctx: StateContext, lease: LeaseState, forced: boolean, own: boolean): string {
  const whose = own
    ? 'your own lease (its process has ended)'
    : `the ${lease.expired ? 'expired ' : ''}lease`;
  const by = `held by ${describeLease(lease, ctx.clock.now())}`;
  return `${forced ? 'Force-released' : 'Released'} ${whose} on ${target(ctx)}, ${by}`;
}

function toStatus(ctx: StateContext, lease: LeaseState | undefined): LockStatus {
  const location = stateLocation(ctx.store, ctx.service, ctx.environment);
  const base = {
    service: ctx.service,
    environment: ctx.environment,
    location: `s3://${location.bucket}/${location.lease}`,
  };
  if (!lease) return { ...base, state: 'free', summary: `${target(ctx)} is free` };
  const now = ctx.clock.now();
  return {
    ...base,
    state: lease.expired ? 'expired' : 'held',
    holder: lease.holder,
    acquiredAt: new Date(lease.acquiredAt).toISOString(),
    renewedAt: new Date(lease.renewedAt).toISOString(),
    expiresAt: new Date(lease.expiresAt).toISOString(),
    expiresInMs: lease.expiresAt - now,
    summary: lease.expired
      ? `${target(ctx)} is free: the lease of ${describeLease(lease, now)}`
      : `${target(ctx)} is locked by ${describeLease(lease, now)}`,
  };
}

function target(ctx: StateContext): string {
  return `${ctx.service}/${ctx.environment}`;
}
