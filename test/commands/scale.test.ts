import { beforeAll, describe, expect, it } from 'vitest';
import type { ScaleResult } from '../../src/lib/scale/scale.js';
import { workspaceWithTwoReleases, type Workspace } from './buttons-workspace.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await workspaceWithTwoReleases();
}, 120_000);

describe('odin scale --simulate', () => {
  it('refuses bounds that do not hold against the current values with exit 2', async () => {
    const { run, body } = await ws.json<{ error: { code: string; message: string } }>([
      'scale',
      '--min',
      '5',
    ]);

    expect(run.exitCode).toBe(2);
    expect(body.error).toMatchObject({ code: 'INVALID_FLAG' });
    expect(body.error.message).toBe('current desired 2 is outside --min 5 .. current max 6');
  });

  it('says the fleet is already at a capacity it has, taking no lease', async () => {
    const run = await ws.odin(['scale', '--max', '6']);

    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/demo-web-default-v2 is already at min 2, desired \d, max 6; nothing changed/);
    expect(run.stderr).not.toContain('Taking the deploy lease');
  });

  it('scales the live fleet out and waits for healthy targets', async () => {
    const { run, body } = await ws.json<ScaleResult>(['scale', '--desired', '3']);

    expect(run.exitCode, run.stderr).toBe(0);
    expect(body).toMatchObject({ fleet: 'demo-web-default-v2', after: { desired: 3 }, waited: true });
    expect(run.stderr).toMatch(/Scaling demo-web-default-v2 to 3 - [0-2]\/3 healthy/);
    expect(run.stderr).toContain('demo-web-default-v2 has 3 healthy instances');
  }, 60_000);
});
