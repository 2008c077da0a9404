import { beforeAll, describe, expect, it } from 'vitest';
import type { HistoryResult } from '../../src/commands/history.js';
import { workspaceWithTwoReleases, type Workspace } from './buttons-workspace.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await workspaceWithTwoReleases();
}, 120_000);

describe('odin history --simulate', () => {
  it('lists the releases newest first as a table', async () => {
    const run = await ws.odin(['history']);

    expect(run.exitCode, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^RELEASE +OUTCOME +KIND +IMAGE +STARTED \(UTC\) +TOOK +BY +MESSAGE$/);
    expect(lines[1]).toMatch(/^v2 +live +deploy +demo-app-v2 /);
    expect(lines[2]).toMatch(/^v1 +superseded +deploy +demo-app-v1 .* user\/demo +first$/);
  });

  it('limits the list with -n and prints JSON', async () => {
    const { run, body } = await ws.json<HistoryResult>(['history', '-n', '1']);

    expect(run.exitCode, run.stderr).toBe(0);
    expect(body.releases.map((r) => [r.id, r.outcome])).toEqual([['v2', 'live']]);
  });

  it('refuses -n 0 with exit 2', async () => {
    const run = await ws.odin(['history', '-n', '0']);
    expect(run.exitCode).toBe(2);
  });
});
