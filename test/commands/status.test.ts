import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StatusResult } from '../../src/commands/status.js';
import { workspaceWithTwoReleases, type Workspace } from './buttons-workspace.js';
import { HEAVY_PACKAGES, staticPackages } from './startup-imports.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await workspaceWithTwoReleases();
}, 120_000);

describe('odin status --simulate', () => {
  it('shows every environment of the manifest, with the live release and the standby expiry', async () => {
    const run = await ws.odin(['status']);

    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('demo-web (default) in us-east-1');
    expect(run.stdout).toContain('demo-web (production) in us-east-1');
    expect(run.stdout).toMatch(/live +v2 \(demo-app-v2, ami-\w+\)/);
    expect(run.stdout).toMatch(/standbys +demo-web-default-v1 warm, 2\/2 running, warm until .* \(in \d+m/);
  });

  it('prints one environment as JSON with --env', async () => {
    const { run, body } = await ws.json<StatusResult>(['status', '--env', 'default']);

    expect(run.exitCode, run.stderr).toBe(0);
    expect(body.environments).toHaveLength(1);
    expect(body.environments[0]).toMatchObject({
      environment: 'default',
      live: { releaseId: 'v2', fleet: { desired: 2 } },
      traffic: { strategy: 'target-group', summary: '100% on demo-web-default-v2 (demo-web)' },
      standbys: [{ name: 'demo-web-default-v1', warm: true }],
    });
  });

  it('tells production, which shares the target group, that the healthy targets are other fleets’', async () => {
    const run = await ws.odin(['status', '--env', 'production']);

    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /traffic +no healthy targets of this environment's fleets in demo-web \(2 healthy targets of other fleets\)/,
    );
    expect(run.stdout).toMatch(/targets +demo-web: 2 healthy, .*other fleets: 2 healthy/);
  });

  it('prints plain snapshots at every refresh of --watch when stdout is not a terminal', async () => {
    // Killed after a few seconds: --watch runs until stopped.
    const run = await ws.odin(['status', '--env', 'default', '--watch', '--interval', '1s'], 8_000);

    const snapshots = run.stdout
      .split('\n')
      .filter((l) => l.startsWith('demo-web (default) in us-east-1, at '));
    expect(snapshots.length, run.stderr).toBeGreaterThanOrEqual(2);
    expect(run.stdout).toMatch(/\n\ndemo-web \(default\) in us-east-1, at /);
    expect(run.stdout).not.toContain(String.fromCharCode(27));
  }, 20_000);

  it('loads ink and React only for --watch', () => {
    const entry = resolve(fileURLToPath(new URL('../../src/commands/status.ts', import.meta.url)));
    const heavy = [...staticPackages(entry)].filter((p) => HEAVY_PACKAGES.test(p));
    expect(heavy).toEqual([]);
  });
});
