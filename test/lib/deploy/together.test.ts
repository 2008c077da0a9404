import { describe, expect, it } from 'vitest';
import { together } from '../../../src/lib/deploy/together.js';
import { VirtualClock } from '../../../src/lib/clock/virtual-clock.js';

describe('together', () => {
  it('resolves to every value, in order', async () => {
    await expect(together([Promise.resolve(1), 'two', Promise.resolve([3])])).resolves.toEqual([
      1,
      'two',
      [3],
    ]);
  });

  it('throws the first failure only once every call has ended, so none is left in flight', async () => {
    const clock = new VirtualClock();
    let slowEnded = false;
    const slow = clock.sleep(1_000).then(() => {
      slowEnded = true;
    });
    const failing = Promise.reject(new Error('denied'));
    await expect(together([failing, slow])).rejects.toThrow('denied');
    expect(slowEnded).toBe(true);
  });
});
