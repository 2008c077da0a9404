import { describe, expect, it } from 'vitest';
import { HealthPollSchedule } from '../../../src/lib/fleet/health-poll-schedule.js';

const POLL_MS = 5_000;
const CHECKS_MS = 20_000; // interval 10 s × healthy threshold 2

/** Feeds the schedule polls of 100 ms each, the first at `from`, and returns when each poll started. */
function pollTimes(schedule: HealthPollSchedule, registeredAt: number, until: number, from = 0): number[] {
  const times: number[] = [];
  for (let at = from; at < until;) {
    times.push(at);
    const endedAt = at + 100;
    const registered = endedAt >= registeredAt ? 2 : 0;
    at = endedAt + schedule.next({ startedAt: at, endedAt, registered, needed: 2 });
  }
  return times;
}

describe('the health poll schedule', () => {
  it('polls every interval while the targets are not registered', () => {
    const times = pollTimes(new HealthPollSchedule(POLL_MS, CHECKS_MS), Infinity, 30_000);
    expect(times).toEqual([0, 5_100, 10_200, 15_300, 20_400, 25_500]);
  });

  it('sleeps until the health checks can first pass, then polls at a tenth of the interval until they must have', () => {
    // Registered between the polls at 10.2 s and 15.3 s: healthy between 30.2 s and 35.4 s.
    const times = pollTimes(new HealthPollSchedule(POLL_MS, CHECKS_MS), 12_000, 48_000);
    expect(times.filter((t) => t > 15_300 && t < 30_200)).toEqual([20_400, 25_500]);
    const close = times.filter((t) => t >= 30_200 && t <= 36_000);
    expect(close[0]).toBe(30_200);
    expect(close.every((t, i) => i === 0 || t - close[i - 1]! === 600)).toBe(true);
    expect(close.at(-1)).toBeGreaterThanOrEqual(35_400);
    // Past the window (the targets are slow or failing) it is back to one poll per interval.
    const after = times.filter((t) => t > 36_000);
    expect(after.length).toBeGreaterThan(1);
    expect(after.every((t, i) => i === 0 || t - after[i - 1]! === 5_100)).toBe(true);
  });

  it('never polls closely when the health-check timing is unknown', () => {
    const times = pollTimes(new HealthPollSchedule(POLL_MS, 0), 12_000, 40_000);
    expect(times.every((t, i) => i === 0 || t - times[i - 1]! === 5_100)).toBe(true);
  });

  it('adds only a poll at the latest moment they can pass for targets registered before the first poll', () => {
    // Registered at some unknown time before 0.1 s: healthy by 20.1 s at the latest.
    const times = pollTimes(new HealthPollSchedule(POLL_MS, CHECKS_MS), 0, 30_000);
    expect(times).toEqual([0, 5_100, 10_200, 15_300, 20_100, 20_700, 25_800]);
  });
});
