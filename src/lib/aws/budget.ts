import type { Clock } from '../clock/index.js';

/** The shape of the token bucket that paces calls to one service in one account and region. */
export interface BudgetPolicy {
  /** Requests per second when AWS is not pushing back. */
  ratePerSec: number;
  /** How many requests may go out back to back before pacing starts. */
  burst: number;
  /** The floor the rate is never halved below. */
  minRatePerSec: number;
  /** Added to the rate after each successful call, until it is back at `ratePerSec`. */
  recoveryPerSuccess: number;
}

/** Defaults below the documented per-account API rates of the services odin calls most. */
export const DEFAULT_BUDGET_POLICY: BudgetPolicy = {
  ratePerSec: 10,
  burst: 20,
  minRatePerSec: 0.5,
  recoveryPerSuccess: 0.25,
};

/**
 * A token bucket shared by every call to one service in one account and region. AWS throttles
 * per account, not per call, so when one call is throttled the whole of odin slows down (the
 * rate halves and the bucket empties) and only creeps back up as calls succeed (AIMD).
 */
export class RequestBudget {
  private tokens: number;
  private rate: number;
  private updatedAt: number;

  constructor(
    private readonly clock: Clock,
    private readonly policy: BudgetPolicy = DEFAULT_BUDGET_POLICY,
  ) {
    this.tokens = policy.burst;
    this.rate = policy.ratePerSec;
    this.updatedAt = clock.now();
  }

  /** The current refill rate in requests per second. */
  get ratePerSec(): number {
    return this.rate;
  }

  /** Waits (on the clock) until a request may be sent, then takes its token. */
  async take(): Promise<void> {
    this.refill();
    // Taking before waiting reserves a place in line: concurrent callers queue up fairly
    // behind each other instead of all waking at the same instant.
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    await this.clock.sleep(Math.ceil((-this.tokens / this.rate) * 1000));
  }

  /** AWS said "slow down": halve the rate and drain the bucket so that queued callers pause too. */
  onThrottled(): void {
    this.refill();
    this.rate = Math.max(this.policy.minRatePerSec, this.rate / 2);
    this.tokens = Math.min(this.tokens, 0);
  }

  /** A call went through: let the rate grow back slowly. */
  onSuccess(): void {
    this.refill();
    this.rate = Math.min(this.policy.ratePerSec, this.rate + this.policy.recoveryPerSuccess);
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsedSec = Math.max(0, now - this.updatedAt) / 1000;
    this.updatedAt = now;
    this.tokens = Math.min(this.policy.burst, this.tokens + elapsedSec * this.rate);
  }
}

/** One budget per service and region, shared by all the adapters of one `createAws`. */
export class BudgetRegistry {
  private readonly budgets = new Map<string, RequestBudget>();

  constructor(
    private readonly clock: Clock,
    private readonly policy: BudgetPolicy = DEFAULT_BUDGET_POLICY,
  ) {}

  /** The budget for `service` in `region`, created on first use. */
  get(service: string, region: string): RequestBudget {
    const key = `${service}/${region}`;
    let budget = this.budgets.get(key);
    if (!budget) {
      budget = new RequestBudget(this.clock, this.policy);
      this.budgets.set(key, budget);
    }
    return budget;
  }
}
