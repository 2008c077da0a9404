import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/lib/clock/virtual-clock.js';
import { watchDrawsDashboard, watchPlain } from '../../../src/lib/render/status-watch.js';
import type { ServiceStatus } from '../../../src/lib/status/service-status.js';

const AT = Date.UTC(2026, 0, 1, 12, 0, 0);

function statusAt(at: number): ServiceStatus {
  return {
    service: 'demo-web',
    environment: 'staging',
    region: 'us-east-1',
    at,
    targetGroups: [],
    standbys: [],
    activity: [],
    warnings: [],
  };
}

function buffer() {
  return {
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

/** Runs the plain watch on a virtual clock; `read` gets the clock and a stop function. */
async function watch(read: (clock: VirtualClock, stop: () => void) => Promise<ServiceStatus[]>) {
  const clock = new VirtualClock(AT);
  const stop = new AbortController();
  const [stdout, stderr] = [buffer(), buffer()];
  const last = await watchPlain({
    intervalMs: 5_000,
    clock,
    signal: stop.signal,
    stdout,
    stderr,
    read: () => read(clock, () => stop.abort()),
  });
  return { last, stdout: stdout.text, stderr: stderr.text };
}

describe('watchDrawsDashboard', () => {
  it('draws the dashboard only on a terminal outside CI', () => {
    expect(watchDrawsDashboard(true, {})).toBe(true);
    expect(watchDrawsDashboard(false, {})).toBe(false);
    expect(watchDrawsDashboard(true, { CI: 'true' })).toBe(false);
    expect(watchDrawsDashboard(true, { TERM: 'dumb' })).toBe(false);
  });
});

describe('watchPlain', () => {
  it('prints a plain snapshot at every refresh, with no escape codes, until stopped', async () => {
    let reads = 0;
    const { last, stdout, stderr } = await watch(async (clock, stop) => {
      if (++reads === 3) stop();
      return [statusAt(clock.now())];
    });

    const headers = stdout.split('\n').filter((l) => l.startsWith('demo-web (staging) in us-east-1'));
    expect(headers).toEqual([
      'demo-web (staging) in us-east-1, at 2026-01-01 12:00:00 UTC',
      'demo-web (staging) in us-east-1, at 2026-01-01 12:00:05 UTC',
      'demo-web (staging) in us-east-1, at 2026-01-01 12:00:10 UTC',
    ]);
    expect(stdout).toContain('UTC\n  live      nothing is live');
    expect(stdout).toContain('none recently\n\ndemo-web (staging)');
    expect(stdout).not.toContain(String.fromCharCode(27));
    expect(last[0]?.at).toBe(AT + 10_000);
    expect(stderr).toBe('');
  });

  it('reports a failed refresh on stderr and carries on at the next interval', async () => {
    let reads = 0;
    const { stdout, stderr } = await watch(async (clock, stop) => {
      if (++reads === 1) throw new Error('throttled');
      stop();
      return [statusAt(clock.now())];
    });

    expect(stderr).toBe('Could not refresh: throttled\n');
    expect(stdout).toMatch(/^demo-web \(staging\) in us-east-1, at 2026-01-01 12:00:05 UTC\n/);
  });
});
