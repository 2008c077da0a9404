import type { AwsCallStats } from './types.js';

/** Counts every attempt odin sends, for `aws.stats()` and the deploy summary. */
export class CallStats {
  private calls = 0;
  private throttled = 0;
  private retried = 0;
  private readonly byOperation: Record<string, number> = {};

  /** Records one attempt at `service:operation`. */
  recordAttempt(service: string, operation: string, attempt: number): void {
    this.calls += 1;
    if (attempt > 1) this.retried += 1;
    const key = `${service}:${operation}`;
    this.byOperation[key] = (this.byOperation[key] ?? 0) + 1;
  }

  /** Records that an attempt was throttled by AWS. */
  recordThrottled(): void {
    this.throttled += 1;
  }

  /** A copy, so callers can keep it as a snapshot. */
  snapshot(): AwsCallStats {
    return {
      calls: this.calls,
      throttled: this.throttled,
      retried: this.retried,
      byOperation: { ...this.byOperation },
    };
  }
}
