import { EventEmitter } from 'node:events';
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../../src/lib/clock/virtual-clock.js';
import { Dashboard, runDashboard } from '../../../src/lib/render/dashboard.js';
import type { ServiceStatus } from '../../../src/lib/status/service-status.js';

// Ink reads CI and CONTINUOUS_INTEGRATION once, when it is loaded, and in CI draws only the
// final frame: this file is about the live dashboard a terminal shows, so ink loads without them.
vi.hoisted(() => {
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
});

const AT = Date.UTC(2026, 0, 1, 12, 0, 0);

function statusOf(environment: string, overrides: Partial<ServiceStatus> = {}): ServiceStatus {
  return {
    service: 'demo-web',
    environment,
    region: 'us-east-1',
    at: AT,
    live: {
      releaseId: 'v2',
      kind: 'rollback',
      rolledBackTo: 'v1',
      image: { id: 'ami-0a1b2c3d4e5f60002', name: 'demo-app-v1' },
      since: AT - 90_000,
      ageMs: 90_000,
      fleet: {
        name: `demo-web-${environment}-v1`,
        min: 2,
        max: 6,
        desired: 3,
        instances: { InService: 2, Pending: 1 },
        unhealthyInstances: 1,
      },
    },
    targetGroups: [
      {
        arn: 'arn:tg/demo-web',
        name: 'demo-web',
        healthy: 2,
        unhealthy: 1,
        initial: 0,
        draining: 0,
        other: 0,
        live: { healthy: 2, unhealthy: 1 },
        otherFleets: { healthy: 0, unhealthy: 0 },
      },
    ],
    traffic: {
      strategy: 'target-group',
      summary: `100% on demo-web-${environment}-v1 (demo-web)`,
      entries: [],
    },
    standbys: [
      {
        name: `demo-web-${environment}-v3`,
        releaseId: 'v3',
        warm: true,
        running: 2,
        desired: 2,
        expiresAt: AT + 1_800_000,
        expiresInMs: 1_800_000,
      },
    ],
    deploy: {
      deployId: 'd-1',
      releaseId: 'v4',
      kind: 'deploy',
      status: 'running',
      lastStep: 'wait-healthy',
      startedAt: AT - 60_000,
      updatedAt: AT,
      author: 'arn:aws:iam::123456789012:user/alice',
    },
    lease: {
      state: 'held',
      holder: 'arn:aws:iam::123456789012:user/alice',
      host: 'ci-7',
      command: 'odin deploy',
      expiresAt: AT + 100_000,
    },
    activity: [
      {
        at: AT - 30_000,
        status: 'Successful',
        description: 'Terminating EC2 instance: i-0dead',
        cause: 'ELB health check',
        replacement: true,
      },
    ],
    warnings: [],
    ...overrides,
  };
}

describe('status dashboard', () => {
  it('draws one panel per environment with the live release, health, split, standbys, deploy and activity', () => {
    const { lastFrame } = render(
      <Dashboard
        statuses={[statusOf('staging'), statusOf('production')]}
        updatedAt={AT}
        intervalMs={5_000}
      />,
    );
    const frame = lastFrame() ?? '';

    expect(frame).toContain('updated 2026-01-01 12:00:00 UTC, every 5s');
    expect(frame).toContain('demo-web (staging)');
    expect(frame).toContain('demo-web (production)');
    expect(frame).toMatch(/live\s+v2 demo-app-v1 for 1m 30s \(rollback to v1\)/);
    expect(frame).toMatch(
      /fleet\s+demo-web-staging-v1 min 2 \/ desired 3 \/ max 6: 2 InService, 1 Pending \(1 unhealthy\)/,
    );
    expect(frame).toMatch(/targets\s+demo-web: 2 healthy, 1 unhealthy/);
    expect(frame).toMatch(/standby\s+demo-web-staging-v3 warm, 2\/2 running, warm for 30m more/);
    expect(frame).toMatch(/deploy\s+deploy v4 in progress, last step wait-healthy/);
    expect(frame).toContain('Terminating EC2 instance: i-0dead (replacing an unhealthy instance)');
  });

  it('keeps the last statuses on screen and shows why a refresh failed', () => {
    const { lastFrame } = render(
      <Dashboard
        statuses={[statusOf('staging', { live: undefined, standbys: [] })]}
        intervalMs={5_000}
        error="throttled"
      />,
    );
    const frame = lastFrame() ?? '';

    expect(frame).toContain('reading…');
    expect(frame).toContain('Could not refresh: throttled');
    expect(frame).toMatch(/live\s+nothing is live/);
    expect(frame).toMatch(/standbys\s+none/);
  });

  it('re-reads every interval on the clock until stopped, and returns the last statuses', async () => {
    const clock = new VirtualClock(AT);
    const stop = new AbortController();
    const stdout = Object.assign(new EventEmitter(), {
      columns: 120,
      rows: 40,
      frames: [] as string[],
      write(frame: string) {
        this.frames.push(frame);
        return true;
      },
    });
    const readAt: number[] = [];
    const last = await runDashboard({
      intervalMs: 5_000,
      clock,
      signal: stop.signal,
      stdout: stdout as unknown as NodeJS.WriteStream,
      read: async () => {
        readAt.push(clock.now());
        if (readAt.length === 3) stop.abort();
        return [statusOf(`env${readAt.length}`)];
      },
    });

    expect(readAt).toEqual([AT, AT + 5_000, AT + 10_000]);
    expect(last[0]?.environment).toBe('env3');
    expect(stdout.frames[0]).toContain('reading…');
    expect(stdout.frames.join('')).toContain('demo-web (env3)');
  });
});
