import { describe, expect, it } from 'vitest';
import { runOdinUntil, type OdinRun } from '../helpers/run-odin.js';
import { tempWorkspace } from '../helpers/temp-workspace.js';

const DEPLOY = ['deploy', '--simulate', '--image', 'name:demo-app-v2', '--json'];

describe('odin promote', () => {
  it('lets a weighted deploy paused at 10% continue to 100%', async () => {
    const { run, cwd, env } = await tempWorkspace({ example: 'weighted' });
    const first = await run(DEPLOY);
    expect(first.exitCode, first.stderr).toBe(0);

    let promoted: OdinRun = { exitCode: null, stdout: '', stderr: '' };
    const second = await runOdinUntil(
      DEPLOY,
      {
        pattern: /Paused at 10% on/,
        onMatch: async () => {
          promoted = await run(['promote', '--simulate', '--json']);
        },
      },
      { cwd, env },
    );

    expect(promoted.exitCode, promoted.stderr).toBe(0);
    const marker = JSON.parse(promoted.stdout) as { releaseId: string; by: string };
    expect(second.exitCode, second.stderr).toBe(0);
    const result = JSON.parse(second.stdout) as { releaseId: string; traffic: string; newGroup: string };
    expect(marker.releaseId).toBe(result.releaseId);
    expect(result.traffic).toBe(`100% on ${result.newGroup} (demo-green)`);
    expect(second.stderr).toContain('Promoted by');
  }, 120_000);

  it('refuses with exit 2 when no deploy is running', async () => {
    const { run } = await tempWorkspace({ example: 'weighted' });
    const refused = await run(['promote', '--simulate', '--json']);

    expect(refused.exitCode).toBe(2);
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'REFUSED' } });
  }, 60_000);
});

describe('the traffic examples through the real binary', () => {
  it('deploys the weighted example twice, the second time past its pause with --auto', async () => {
    const { run } = await tempWorkspace({ example: 'weighted' });
    const first = await run(DEPLOY);
    const second = await run([...DEPLOY, '--auto'], 90_000);

    expect(first.exitCode, first.stderr).toBe(0);
    expect(second.exitCode, second.stderr).toBe(0);
    const result = JSON.parse(second.stdout) as { oldGroup: string; traffic: string; newGroup: string };
    expect(result.oldGroup).toBe((JSON.parse(first.stdout) as { newGroup: string }).newGroup);
    expect(result.traffic).toBe(`100% on ${result.newGroup} (demo-green)`);
  }, 180_000);

  it('deploys the dns example twice, moving the weighted records to the new slot', async () => {
    const { run } = await tempWorkspace({ example: 'dns' });
    const first = await run(DEPLOY);
    const second = await run(DEPLOY, 90_000);

    expect(first.exitCode, first.stderr).toBe(0);
    expect(second.exitCode, second.stderr).toBe(0);
    const result = JSON.parse(second.stdout) as { traffic: string; newGroup: string };
    expect(result.traffic).toBe(`100% on ${result.newGroup} (demo-dns-default-green)`);
    const shown = await run(['simulator', 'show', '--json']);
    const records = (
      JSON.parse(shown.stdout) as { records: Array<{ setIdentifier?: string; weight?: number }> }
    ).records
      .filter((r) => r.setIdentifier)
      .map((r) => [r.setIdentifier, r.weight]);
    expect(records).toEqual([
      ['demo-dns-default-blue', 0],
      ['demo-dns-default-green', 100],
    ]);
  }, 180_000);
});
