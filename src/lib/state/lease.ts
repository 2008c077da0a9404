import { randomBytes } from 'node:crypto';
import { PreconditionFailedError } from '../aws/errors.js';
import { throwIfAborted } from '../clock/clock.js';
import { lockHeldError, LeaseLostError, LeaseReleaseError } from './lease-errors.js';
import {
  describeHolder,
  describeLease,
  formatSpan,
  holderOf,
  type LeaseHolder,
  type LeaseRequest,
  type LeaseTerms,
} from './lease-holder.js';
import {
  DEFAULT_LEASE_POLL_MS,
  DEFAULT_LEASE_TTL_MS,
  leaseLog,
  leaseTarget,
  readLease,
  writeLeaseObject,
  type LeaseState,
} from './lease-store.js';
import { stateLocation } from './keys.js';
import type { StateContext } from './state-context.js';

export { DEFAULT_LEASE_POLL_MS, DEFAULT_LEASE_TTL_MS, readLease, type LeaseState } from './lease-store.js';
export type { LeaseRequest } from './lease-holder.js';

/** How long and how often to wait for a held lease, and what stops the wait. */
export interface AcquireOptions {
  /** How long to wait for a held lease to be released or to expire; 0 (the default) fails at once. */
  waitMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
}

/**
 * Takes the service environment's lease (S3 conditional create). A live lease held by anyone
 * fails at once with LockHeldError, or is waited for up to `waitMs`; an expired one is taken
 * over, conditional on its ETag so that of two racers exactly one wins.
 */
export async function acquireLease(
  ctx: StateContext,
  request: LeaseRequest,
  options: AcquireOptions = {},
): Promise<Lease> {
  const holder = holderOf(request, request.callerArn ?? (await ctx.aws.sts.getCallerIdentity()).arn);
  const ttlMs = request.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const started = ctx.clock.now();
  const deadline = started + (options.waitMs ?? 0);
  let announced: string | undefined;

  for (;;) {
    throwIfAborted(options.signal);
    const terms = freshTerms(holder, ttlMs, ctx.clock.now());
    const created = await writeLeaseObject(ctx, terms, { ifNoneMatch: '*' });
    if (created) return new Lease(ctx, terms, created);

    const current = await readLease(ctx);
    if (!current) continue; // released between our write and our read: try again at once
    if (current.expired) {
      const taken = await writeLeaseObject(ctx, terms, { ifMatch: current.etag });
      if (taken) {
        reportTakeover(ctx, current);
        return new Lease(ctx, terms, taken);
      }
      continue; // another acquirer took it first, or its holder renewed: look again
    }

    const now = ctx.clock.now();
    if (now >= deadline) {
      throw lockHeldError(leaseTarget(ctx), current, now, options.waitMs ? now - started : undefined);
    }
    if (announced !== current.token) {
      announced = current.token;
      leaseLog(
        ctx,
        'info',
        `Waiting for the lease on ${leaseTarget(ctx)}, held by ${describeLease(current, now)}`,
      );
    }
    const untilExpiry = Math.max(1, current.expiresAt - now);
    await ctx.clock.sleep(
      Math.min(options.pollMs ?? DEFAULT_LEASE_POLL_MS, deadline - now, untilExpiry),
      options.signal,
    );
  }
}

/** Deletes the lease whoever holds it; returns what was removed (undefined when it was free). */
export async function forceReleaseLease(ctx: StateContext): Promise<LeaseState | undefined> {
  const location = stateLocation(ctx.store, ctx.service, ctx.environment);
  // A live holder renews every ttl/3, so a renewal can slip in between our read and delete.
  for (let attempt = 1; ; attempt++) {
    const current = await readLease(ctx);
    if (!current) return undefined;
    try {
      await ctx.aws.s3.deleteObject(location.bucket, location.lease, { ifMatch: current.etag });
      return current;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt >= 5) throw error;
    }
  }
}

/** Options of the background renewal. */
export interface RenewOptions {
  /** Stops renewing (the lease itself stays until released or expired). */
  signal?: AbortSignal;
  /** Called once if the lease is lost; whatever it protected must then be undone. Must not throw. */
  onLost: (error: LeaseLostError) => void;
}

/** A lease this process holds. Renew it while working; release it when done, in every path. */
export class Lease {
  private etag: string;
  private current: LeaseTerms;
  private state: 'held' | 'lost' | 'released' = 'held';
  private readonly stopRenewing = new AbortController();
  private renewing?: Promise<void>;
  private renewal: Promise<void> = Promise.resolve();

  /** @internal Created by acquireLease. */
  constructor(
    private readonly ctx: StateContext,
    terms: LeaseTerms,
    etag: string,
  ) {
    this.current = terms;
    this.etag = etag;
  }

  /** Who holds it: this process. */
  get holder(): LeaseHolder {
    return this.current.holder;
  }

  /** The lease as last written. */
  get terms(): LeaseTerms {
    return this.current;
  }

  /** When it expires unless renewed (epoch ms). */
  get expiresAt(): number {
    return this.current.expiresAt;
  }

  /** False once released, or lost to another process. */
  get isHeld(): boolean {
    return this.state === 'held';
  }

  /** Extends the lease by its TTL; throws LeaseLostError when the object changed since we wrote it. */
  renew(): Promise<void> {
    // Renewals are serialised: two at once would both write against the same ETag, and the
    // loser would wrongly conclude that another process took the lease.
    const next = this.renewal.catch(() => undefined).then(() => this.renewNow());
    this.renewal = next;
    return next;
  }

  private async renewNow(): Promise<void> {
    if (this.state !== 'held') throw this.notHeldError();
    const now = this.ctx.clock.now();
    const terms: LeaseTerms = { ...this.current, renewedAt: now, expiresAt: now + this.current.ttlMs };
    const etag = await writeLeaseObject(this.ctx, terms, { ifMatch: this.etag });
    if (etag === undefined) {
      this.state = 'lost';
      throw await this.lostError();
    }
    this.etag = etag;
    this.current = terms;
  }

  /** Renews every TTL/3 on the clock until released, aborted or lost; failures go to `onLost`, never thrown. */
  startRenewing(options: RenewOptions): void {
    if (this.renewing || this.state !== 'held') return;
    const signal = options.signal
      ? AbortSignal.any([options.signal, this.stopRenewing.signal])
      : this.stopRenewing.signal;
    this.renewing = this.renewLoop(signal, options.onLost);
  }

  /** Deletes the lease if it is still ours. Throws LeaseReleaseError when that fails; a lost lease is left alone. */
  async release(): Promise<void> {
    if (this.state === 'released') return;
    this.stopRenewing.abort();
    await this.renewing;
    await this.renewal.catch(() => undefined);
    if (this.state === 'lost') return;
    const location = stateLocation(this.ctx.store, this.ctx.service, this.ctx.environment);
    try {
      await this.ctx.aws.s3.deleteObject(location.bucket, location.lease, { ifMatch: this.etag });
      this.state = 'released';
    } catch (error) {
      if (error instanceof PreconditionFailedError) this.state = 'lost';
      const why =
        error instanceof PreconditionFailedError ? 'it changed since this process wrote it' : String(error);
      throw new LeaseReleaseError(`Could not release the lease on ${leaseTarget(this.ctx)}: ${why}`, {
        cause: error,
      });
    }
  }

  private async renewLoop(signal: AbortSignal, onLost: (error: LeaseLostError) => void): Promise<void> {
    const interval = Math.max(1, Math.floor(this.current.ttlMs / 3));
    let delay = interval;
    while (this.state === 'held') {
      try {
        await this.ctx.clock.sleep(delay, signal);
      } catch {
        return; // stopped: released or aborted
      }
      delay = await this.renewOnce(onLost, interval);
    }
  }

  /** One renewal attempt; returns how long to wait before the next one. */
  private async renewOnce(onLost: (error: LeaseLostError) => void, interval: number): Promise<number> {
    try {
      await this.renew();
      return interval;
    } catch (error) {
      if (error instanceof LeaseLostError) return this.reportLost(onLost, error);
      const left = this.current.expiresAt - this.ctx.clock.now();
      if (left <= 0) {
        this.state = 'lost';
        const lost = new LeaseLostError(
          `The lease on ${leaseTarget(this.ctx)} expired: it could not be renewed`,
          {
            cause: error,
          },
        );
        return this.reportLost(onLost, lost);
      }
      leaseLog(
        this.ctx,
        'warn',
        `Could not renew the lease on ${leaseTarget(this.ctx)} (${String(error)}); retrying`,
        {
          expiresIn: formatSpan(left),
        },
      );
      // Retry sooner than usual: there is only `left` before another process may take it over.
      return Math.max(1, Math.min(interval, Math.floor(left / 3)));
    }
  }

  private reportLost(onLost: (error: LeaseLostError) => void, error: LeaseLostError): number {
    leaseLog(this.ctx, 'error', error.message);
    try {
      onLost(error);
    } catch {
      // The callback must not throw; a renewal loop has nowhere to send it.
    }
    return 0;
  }

  private notHeldError(): LeaseLostError {
    return new LeaseLostError(
      `The lease on ${leaseTarget(this.ctx)} is no longer held by this process (${this.state})`,
    );
  }

  private async lostError(): Promise<LeaseLostError> {
    const now = this.ctx.clock.now();
    const current = await readLease(this.ctx).catch(() => undefined);
    const target = leaseTarget(this.ctx);
    if (!current)
      return new LeaseLostError(`The lease on ${target} was released by someone else (force-released?)`);
    return new LeaseLostError(`The lease on ${target} was taken over by ${describeLease(current, now)}`, {
      details: { holder: current.holder },
    });
  }
}

function reportTakeover(ctx: StateContext, previous: LeaseState): void {
  const now = ctx.clock.now();
  leaseLog(
    ctx,
    'warn',
    `Took over the expired lease on ${leaseTarget(ctx)} from ${describeHolder(previous.holder)}`,
    {
      previousHolder: previous.holder,
      expiredAgo: formatSpan(now - previous.expiresAt),
    },
  );
}

function freshTerms(holder: LeaseHolder, ttlMs: number, now: number): LeaseTerms {
  const token = randomBytes(8).toString('hex');
  return { holder, token, acquiredAt: now, renewedAt: now, expiresAt: now + ttlMs, ttlMs };
}
