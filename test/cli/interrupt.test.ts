import { EventEmitter } from 'node:events';

import { describe, expect, it } from 'vitest';

import { listenForInterrupt, type SignalSource } from '../../src/cli/interrupt.js';
import { ExitCode, InterruptedError } from '../../src/lib/errors/index.js';

class FakeProcess extends EventEmitter {
  exits: number[] = [];
  exit = ((code: number) => {
    this.exits.push(code);
  }) as (code: number) => never;
}

describe('listenForInterrupt', () => {
  it('aborts with an InterruptedError on the first SIGINT, without exiting', () => {
    const fake = new FakeProcess();
    const { signal } = listenForInterrupt(fake as unknown as SignalSource);

    fake.emit('SIGINT', 'SIGINT');

    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(InterruptedError);
    expect((signal.reason as InterruptedError).exitCode).toBe(ExitCode.Interrupted);
    expect(fake.exits).toEqual([]);
  });

  it('treats SIGTERM like SIGINT, naming the signal', () => {
    const fake = new FakeProcess();
    const { signal } = listenForInterrupt(fake as unknown as SignalSource);

    fake.emit('SIGTERM', 'SIGTERM');

    expect((signal.reason as Error).message).toContain('SIGTERM');
  });

  it('exits 130 at once on a second signal', () => {
    const fake = new FakeProcess();
    listenForInterrupt(fake as unknown as SignalSource);

    fake.emit('SIGINT', 'SIGINT');
    fake.emit('SIGTERM', 'SIGTERM');

    expect(fake.exits).toEqual([130]);
  });

  it('stops listening once disposed', () => {
    const fake = new FakeProcess();
    const handle = listenForInterrupt(fake as unknown as SignalSource);
    handle.dispose();

    expect(fake.listenerCount('SIGINT')).toBe(0);
    expect(fake.listenerCount('SIGTERM')).toBe(0);
  });
});
