import { throwIfAborted, type Clock } from './clock.js';

/**
 * Wall-clock time, optionally sped up: with `speed` 60 a simulated minute passes every real
 * second. `origin` fixes where simulated time started so that several processes sharing one
 * local cloud agree on "now".
 */
export class RealClock implements Clock {
  constructor(
    private readonly speed = 1,
    private readonly origin: { wall: number; simulated: number } = {
      wall: Date.now(),
      simulated: Date.now(),
    },
  ) {}

  now(): number {
    if (this.speed === 1 && this.origin.wall === this.origin.simulated) return Date.now();
    return Math.round(this.origin.simulated + (Date.now() - this.origin.wall) * this.speed);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(done, Math.max(0, ms / this.speed));
      function done(): void {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }
      function onAbort(): void {
        clearTimeout(timer);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
