import { ExitCode } from '../errors/exit-codes.js';
import { LockHeldError } from '../errors/errors.js';
import { OdinError, type OdinErrorOptions } from '../errors/odin-error.js';
import { describeLease, formatSpan, type LeaseTerms } from './lease-holder.js';

/** How to get past a held lease; shared by the error and by `odin lock status`. */
export const LOCK_HELD_HINT =
  'Wait for it with `--lock-wait 10m`, or, if that process is gone, free it with `odin lock release --force`.';

/** The LockHeldError for a lease held by someone else at time `now`, naming the holder. */
export function lockHeldError(
  target: string,
  terms: LeaseTerms,
  now: number,
  waitedMs?: number,
): LockHeldError {
  const waited = waitedMs ? ` (still held after waiting ${formatSpan(waitedMs)})` : '';
  return new LockHeldError(`${target} is locked${waited} by ${describeLease(terms, now)}`, {
    hint: LOCK_HELD_HINT,
    details: {
      holder: terms.holder,
      acquiredAt: new Date(terms.acquiredAt).toISOString(),
      expiresAt: new Date(terms.expiresAt).toISOString(),
    },
  });
}

/**
 * This process no longer holds its lease: the object changed under it (taken over after it
 * expired, or force-released) or it could not be renewed before expiring. Whatever the process
 * was doing must be undone, because another odin may now be acting on the same service.
 */
export class LeaseLostError extends OdinError {
  constructor(message: string, options: OdinErrorOptions = {}) {
    super('LOCK_HELD', ExitCode.LockHeld, message, {
      hint: 'Check who holds it with `odin lock status` before trying again.',
      ...options,
    });
  }
}

/**
 * Releasing the lease failed. Kept apart from the outcome of the work the lease protected, so a
 * deploy that succeeded is not reported as failed because its lock could not be deleted.
 */
export class LeaseReleaseError extends OdinError {
  constructor(message: string, options: OdinErrorOptions = {}) {
    super('AWS_CALL_FAILED', ExitCode.AwsError, message, {
      hint: 'The lease expires on its own; to free it now, run `odin lock release`.',
      ...options,
    });
  }
}
