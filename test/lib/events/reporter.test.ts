import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/lib/clock/virtual-clock.js';
import { LockHeldError } from '../../../src/lib/errors/errors.js';
import type { OdinEvent } from '../../../src/lib/events/event.js';
import { Reporter } from '../../../src/lib/events/reporter.js';

describe('Reporter.step', () => {
  it('emits start then a past-tense done title computed from the result, with the duration', async () => {
    const clock = new VirtualClock(0);
    const events: OdinEvent[] = [];
    const reporter = new Reporter((e) => events.push(e), clock);
    const result = await reporter.step(
      'create-fleet',
      { running: 'Creating fleet', done: (name: string) => `Created fleet ${name}` },
      async () => {
        await clock.sleep(1500);
        return 'checkout-r1';
      },
    );
    expect(result).toBe('checkout-r1');
    expect(events).toEqual([
      { type: 'step.start', step: 'create-fleet', title: 'Creating fleet', at: 0 },
      {
        type: 'step.done',
        step: 'create-fleet',
        title: 'Created fleet checkout-r1',
        at: 1500,
        durationMs: 1500,
      },
    ]);
  });

  it('emits step.fail with the error code and hint, then rethrows', async () => {
    const events: OdinEvent[] = [];
    const reporter = new Reporter((e) => events.push(e), new VirtualClock(0));
    const failure = new LockHeldError('held by ci', { hint: 'use --lock-wait' });
    await expect(
      reporter.step('lease', { running: 'Taking lease', done: 'Took lease' }, () => Promise.reject(failure)),
    ).rejects.toBe(failure);
    expect(events[1]).toMatchObject({
      type: 'step.fail',
      step: 'lease',
      error: { code: 'LOCK_HELD', message: 'held by ci', hint: 'use --lock-wait' },
    });
  });
});
