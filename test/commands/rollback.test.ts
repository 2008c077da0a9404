import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openLocalCloud } from '../../src/lib/simulator/index.js';
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

/** Marks an image of the workspace's local cloud deregistered, as if someone cleaned up old AMIs. */
async function deregisterImage(cwd: string, name: string): Promise<void> {
  const cloud = await openLocalCloud({ dir: join(cwd, '.odin'), speed: 100 });
  try {
    await cloud.update((world) => {
      const image = Object.values(world.state.images).find((i) => i.name === name);
      if (!image) throw new Error(`no image ${name}`);
      image.state = 'deregistered';
    });
  } finally {
    await cloud.close();
  }
}

describe('odin rollback --simulate with no standby kept', () => {
  let gone: Workspace;
  beforeAll(async () => {
    gone = await workspaceWithTwoReleases({
      prepare: (cwd) => {
        const file = join(cwd, 'odin.yml');
        const manifest = readFileSync(file, 'utf8').replace(/^retain: .*$/m, 'retain: { standbys: 0 }');
        writeFileSync(file, manifest);
      },
    });
  }, 120_000);

  it('redeploys the previous release from its record, since its fleet is gone', async () => {
    const { run, body } = await gone.json<{
      path: string;
      rolledBackTo: string;
      newGroup: string;
      releaseId: string;
    }>(['rollback', '--message', 'v2 is slow']);

    expect(run.exitCode, run.stderr).toBe(0);
    expect(body).toMatchObject({ path: 'redeploy', rolledBackTo: 'v1' });
    expect(body.newGroup).toBe(`demo-web-default-${body.releaseId}`);
    expect(run.stderr).toContain('its fleet is gone: redeploying it');
    const history = await gone.odin(['history']);
    expect(history.stdout.split('\n')[1]).toMatch(
      new RegExp(`^${body.releaseId} +live +rollback to v1 +demo-app-v1 `),
    );
  }, 60_000);

  it('refuses with exit 2, changing nothing, to bring back a release whose image is gone', async () => {
    await deregisterImage(gone.cwd, 'demo-app-v1');
    const before = (await gone.odin(['history', '--json'])).stdout;
    const { run, body } = await gone.json<{ error: { code: string; message: string; hint: string } }>([
      'rollback',
      '--to',
      'v1',
    ]);

    expect(run.exitCode).toBe(2);
    expect(body.error.code).toBe('RESOURCE_NOT_FOUND');
    expect(body.error.message).toMatch(/^The image ami-\w+ \(demo-app-v1\) of release v1 no longer exists/);
    expect(body.error.hint).toContain('--to');
    expect((await gone.odin(['history', '--json'])).stdout).toBe(before);
    const lock = JSON.parse((await gone.odin(['lock', 'status', '--json'])).stdout) as { state: string };
    expect(lock.state).toBe('free');
  });
});
