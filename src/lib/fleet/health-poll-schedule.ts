/** The shortest pause between two polls of a health wait, whatever the poll interval. */
export const MIN_CLOSE_POLL_MS = 100;

/** The pause between close polls, when a wait expects its end within moments: a tenth of the interval. */
export function closePollMs(pollMs: number): number {
  return Math.max(MIN_CLOSE_POLL_MS, Math.round(pollMs / 10));
}

/**
 * When a health wait polls next. Polling every `pollMs` alone finds a fleet healthy up to a
 * whole interval late. The health checks say when it can first be: a target passes no sooner
 * than `healthCheckMs` (interval × healthy threshold) after it registered, and a target that was
 * not registered at one poll and is at the next registered in between. So once enough targets
 * have registered, the wait sleeps until the earliest moment they can all be healthy and then
 * polls closely (a tenth of the interval) until the latest, before falling back to `pollMs`.
 * Targets registered already at the first poll (a standby attached again) registered at some
 * unknown time before it: the wait then only adds a poll at the latest moment they can pass.
 * Each poll still costs the same calls, so calls per poll do not grow with the fleet.
 */
export class HealthPollSchedule {
  private shortSince?: number;
  private window?: { from: number; to: number };

  constructor(
    private readonly pollMs: number,
    private readonly healthCheckMs: number,
  ) {}

  /** How close together the polls of the window are. */
  get closeMs(): number {
    return closePollMs(this.pollMs);
  }

  /**
   * Records one poll (`startedAt` when its calls went out, `endedAt` when they answered) that saw
   * `registered` of the `needed` targets registered, and returns how long to sleep before the next.
   */
  next(poll: { startedAt: number; endedAt: number; registered: number; needed: number }): number {
    if (this.healthCheckMs <= 0) return this.pollMs;
    if (poll.registered < poll.needed) {
      this.shortSince = poll.startedAt;
      this.window = undefined;
      return this.pollMs;
    }
    if (!this.window) {
      const latest = poll.endedAt + this.healthCheckMs;
      this.window = {
        from: this.shortSince === undefined ? latest : this.shortSince + this.healthCheckMs,
        to: latest + this.closeMs,
      };
    }
    const now = poll.endedAt;
    if (now >= this.window.to) return this.pollMs;
    if (now < this.window.from) return Math.min(this.pollMs, this.window.from - now);
    return this.closeMs;
  }
}
