/**
 * Time, injected. Every wait in odin goes through a Clock so that the local cloud and the
 * tests can run a ten-minute deploy in milliseconds on a virtual clock.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Rejects with the abort reason (or a plain Error) if the signal has already fired. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
}
