import { describe, expect, it } from 'vitest';
import { RealClock } from '../../../src/lib/clock/real-clock.js';

describe('RealClock', () => {
  it('runs simulated time faster by the speed factor from a shared origin', async () => {
    const origin = { wall: Date.now(), simulated: 1_000_000 };
    const clock = new RealClock(100, origin);
    await clock.sleep(2000); // 20 ms of wall time at 100x
    const elapsed = clock.now() - origin.simulated;
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(20_000);
  });

  it('stops sleeping when the signal aborts', async () => {
    const clock = new RealClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(60_000, controller.signal);
    controller.abort(new Error('interrupted'));
    await expect(sleeping).rejects.toThrow('interrupted');
  });
});
