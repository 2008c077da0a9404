import { throwIfAborted, type Clock } from './clock.js';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * A discrete-event clock. `sleep` never waits for real time: once every pending promise has
 * settled (nothing can run until some timer fires), the clock jumps to the earliest timer.
 * Several concurrent actors (two deploys, a deploy and a halt) therefore interleave exactly as
 * they would in real time, only faster. `onTick` observers run after every jump, which is
 * where tests check invariants.
 */
export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: Timer[] = [];
  private scheduled = false;
  private readonly observers: Array<(now: number) => void> = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      // The listener goes when the timer fires, so long runs do not pile listeners on one signal.
      const timer: Timer = {
        at: this.current + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.timers.push(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.schedule();
    });
  }

  /** Moves time forward by `ms`, firing due timers in order; for tests that drive time by hand. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > target) break;
      this.fire(next);
      await settle();
    }
    this.current = target;
    this.notify();
  }

  /** Registers an observer called with the new time after every jump of the clock. */
  onTick(observer: (now: number) => void): () => void {
    this.observers.push(observer);
    return () => this.observers.splice(this.observers.indexOf(observer), 1);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate runs only after the microtask queue is empty, i.e. when every actor is
    // blocked; a few rounds let actors that chain several awaits reach their next sleep.
    void settle().then(() => {
      this.scheduled = false;
      const next = this.earliest();
      if (!next) return;
      this.fire(next);
      if (this.timers.length > 0) this.schedule();
    });
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers)
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    return best;
  }

  private fire(timer: Timer): void {
    this.timers = this.timers.filter((t) => t !== timer);
    if (timer.at > this.current) this.current = timer.at;
    this.notify();
    timer.resolve();
  }

  private notify(): void {
    for (const observer of [...this.observers]) observer(this.current);
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
