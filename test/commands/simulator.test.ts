import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runOdin } from '../helpers/run-odin.js';

let dir = '';
const odin = (args: string[]) => runOdin(args, { cwd: dir, env: { CI: 'true' } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'odin-simulator-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('odin simulator', () => {
  it('seeds the example world into ./.odin and shows it', { timeout: 90_000 }, async () => {
    const seed = await odin(['simulator', 'seed']);
    expect(seed.exitCode).toBe(0);
    expect(seed.stdout).toContain(join(dir, '.odin', 'simulator.json'));
    const show = await odin(['simulator', 'show', '--json']);
    expect(show.exitCode).toBe(0);
    const snapshot = JSON.parse(show.stdout) as {
      targetGroups: Array<{ name: string }>;
      listeners: Array<{ loadBalancer: string; forward: Array<{ targetGroup: string; weight: number }> }>;
    };
    expect(snapshot.targetGroups.map((t) => t.name)).toContain('demo-web');
    expect(snapshot.listeners.find((l) => l.loadBalancer === 'demo-alb')?.forward).toEqual([
      { targetGroup: 'demo-blue', weight: 100 },
      { targetGroup: 'demo-green', weight: 0 },
    ]);
    const text = await odin(['simulator', 'show']);
    expect(text.stdout).toMatch(/demo-alb HTTP:80 +demo-blue=100 demo-green=0/);
  });

  it(
    'sets faults that later processes see, and refuses malformed ones with exit code 2',
    { timeout: 90_000 },
    async () => {
      const set = await odin([
        'simulator',
        'faults',
        '--throttle',
        '0.25',
        '--latency',
        '200ms',
        '--alarm',
        'demo-5xx=ALARM',
        '--json',
      ]);
      expect(set.exitCode).toBe(0);
      expect(JSON.parse(set.stdout)).toMatchObject({
        faults: { throttleRate: 0.25, latencyMs: 200 },
        alarms: [{ name: 'demo-5xx', state: 'ALARM' }],
      });
      const show = JSON.parse((await odin(['simulator', 'show', '--json'])).stdout) as {
        faults: { throttleRate: number };
        alarms: Array<{ name: string; state: string }>;
      };
      expect(show.faults.throttleRate).toBe(0.25);
      expect(show.alarms).toContainEqual({ name: 'demo-5xx', state: 'ALARM' });
      const bad = await odin(['simulator', 'faults', '--latency', '200']);
      expect(bad.exitCode).toBe(2);
      expect(bad.stderr).toContain('no unit');
      const kill = await odin(['simulator', 'faults', '--throttle', '0.5', '--kill', 'i-doesnotexist']);
      expect(kill.exitCode).toBe(2);
      const after = JSON.parse((await odin(['simulator', 'show', '--json'])).stdout) as typeof show;
      expect(after.faults.throttleRate).toBe(0.25);
    },
  );

  it('resets the world to empty', { timeout: 90_000 }, async () => {
    expect((await odin(['simulator', 'reset'])).exitCode).toBe(0);
    const show = JSON.parse((await odin(['simulator', 'show', '--json'])).stdout) as {
      targetGroups: unknown[];
      faults: { throttleRate: number };
    };
    expect(show.targetGroups).toEqual([]);
    expect(show.faults.throttleRate).toBe(0);
    const reseeded = await odin(['simulator', 'seed', '--reset', '--json']);
    expect(JSON.parse(reseeded.stdout)).toMatchObject({ reset: true, buckets: ['odin-state-123456789012'] });
  });

  it(
    'takes a seed for a new world only, refusing to re-seed one that exists',
    { timeout: 90_000 },
    async () => {
      expect((await odin(['simulator', 'reset', '--seed', '7'])).exitCode).toBe(0);
      expect((await odin(['simulator', 'seed', '--reset', '--seed', '7'])).exitCode).toBe(0);
      const refused = await odin(['simulator', 'seed', '--seed', '7']);
      expect(refused.exitCode).toBe(2);
      expect(refused.stderr).toContain('--reset');
    },
  );
});
