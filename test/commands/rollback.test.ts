import { beforeAll, describe, expect, it } from 'vitest';
import { workspaceWithTwoReleases, type Workspace } from './buttons-workspace.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await workspaceWithTwoReleases();
}, 120_000);

describe('odin rollback --simulate', () => {
  it('refuses an unknown release with exit 2 and a hint', async () => {
    const { run, body } = await ws.json<{ error: { code: string; hint: string } }>([
      'rollback',
      '--to',
      'v9',
    ]);

    expect(run.exitCode).toBe(2);
    expect(body.error.code).toBe('RESOURCE_NOT_FOUND');
    expect(body.error.hint).toContain('odin history');
  });

  it('needs --yes for production without a terminal', async () => {
    const run = await ws.odin(['rollback', '--env', 'production']);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('production environment and there is no terminal');
    expect(run.stderr).toContain('--yes');
  });

  it('puts the previous release back on its warm standby and prints the result as JSON', async () => {
    const { run, body } = await ws.json<{
      path: string;
      rolledBackTo: string;
      newGroup: string;
      outcome: string;
    }>(['rollback', '--message', 'v2 is slow']);

    expect(run.exitCode, run.stderr).toBe(0);
    expect(body).toMatchObject({
      path: 'warm-standby',
      rolledBackTo: 'v1',
      newGroup: 'demo-web-default-v1',
      outcome: 'live',
    });
    expect(run.stderr).toContain('reusing warm standby demo-web-default-v1');
  }, 60_000);
});
