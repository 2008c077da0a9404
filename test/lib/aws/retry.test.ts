import { describe, expect, it } from 'vitest';
import { backoffDelayMs, retryPolicy } from '../../../src/lib/aws/retry.js';

describe('backoffDelayMs', () => {
  it('doubles the ceiling per retry from the base and never exceeds the cap', () => {
    const highest = retryPolicy({ random: () => 0.999999 });

    const ceilings = [1, 2, 3, 4, 8, 12].map((retry) => backoffDelayMs(retry, highest));

    expect(ceilings).toEqual([199, 399, 799, 1599, 19_999, 19_999]);
  });

  it('picks uniformly below the ceiling (full jitter), down to no wait at all', () => {
    expect(backoffDelayMs(3, retryPolicy({ random: () => 0.25 }))).toBe(200);
    expect(backoffDelayMs(3, retryPolicy({ random: () => 0 }))).toBe(0);
  });

  it('defaults to 8 attempts, 200 ms base and a 20 s cap', () => {
    expect(retryPolicy()).toMatchObject({ maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 20_000 });
  });
});
