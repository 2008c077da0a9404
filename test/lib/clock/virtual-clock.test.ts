import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/lib/clock/virtual-clock.js';

describe('VirtualClock', () => {
  it('jumps straight to the next timer instead of waiting in real time', async () => {
    const clock = new VirtualClock(0);
    const wallStart = Date.now();
    await clock.sleep(10 * 60_000);
    expect(clock.now()).toBe(10 * 60_000);
    expect(Date.now() - wallStart).toBeLessThan(1000);
  });

  it('interleaves concurrent sleepers in time order', async () => {
    const clock = new VirtualClock(0);
    const order: string[] = [];
    const actor = async (name: string, step: number, times: number) => {
      for (let i = 0; i < times; i++) {
        await clock.sleep(step);
        order.push(`${name}@${clock.now()}`);
      }
    };
    await Promise.all([actor('a', 30, 3), actor('b', 40, 2)]);
    expect(order).toEqual(['a@30', 'b@40', 'a@60', 'b@80', 'a@90']);
  });

  it('calls tick observers at every jump with the new time', async () => {
    const clock = new VirtualClock(1000);
    const ticks: number[] = [];
    const stop = clock.onTick((now) => ticks.push(now));
    await clock.sleep(5);
    await clock.sleep(7);
    stop();
    await clock.sleep(1);
    expect(ticks).toEqual([1005, 1012]);
  });

  it('rejects a sleeper as soon as its signal aborts, without moving time', async () => {
    const clock = new VirtualClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(60_000, controller.signal);
    controller.abort(new Error('halted'));
    await expect(sleeping).rejects.toThrow('halted');
    expect(clock.now()).toBe(0);
  });

  it('lets a test drive time by hand with advance()', async () => {
    const clock = new VirtualClock(0);
    let woke = false;
    void clock.sleep(100).then(() => (woke = true));
    await clock.advance(50);
    expect(woke).toBe(false);
    await clock.advance(60);
    expect(woke).toBe(true);
    expect(clock.now()).toBe(110);
  });
});

describe('VirtualClock listeners', () => {
  it('removes its abort listener once a sleep completes', async () => {
    const clock = new VirtualClock(0);
    const controller = new AbortController();
    let listeners = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    const remove = controller.signal.removeEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<typeof add>) => {
      listeners++;
      add(...args);
    }) as typeof add;
    controller.signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      listeners--;
      remove(...args);
    }) as typeof remove;
    for (let i = 0; i < 20; i++) await clock.sleep(1000, controller.signal);
    expect(listeners).toBe(0);
  });
});
