/** How odin retries throttled and transient AWS calls (the SDK's own retries are switched off). */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A number in [0, 1); injected so that tests and the local cloud are deterministic. */
  random: () => number;
}

/** Eight attempts with full-jitter backoff from 200 ms up to 20 s: about a minute of patience in the worst case. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 200,
  maxDelayMs: 20_000,
  random: Math.random,
};

/** Fills in the defaults for whatever the caller left out. */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, ...overrides };
}

/**
 * The pause before retry number `retry` (1 for the first retry): "full jitter", a uniform pick
 * between zero and the exponential ceiling, so that many clients throttled together do not
 * come back in lock-step.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(policy.random() * ceiling);
}
