import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOdinUntil, type OdinRun } from '../helpers/run-odin.js';
import { expectOk, tempWorkspace, type TempWorkspace } from '../helpers/temp-workspace.js';

let workspace: TempWorkspace;

const odin = (args: string[]): Promise<OdinRun> => workspace.run([...args, '--simulate']);

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

beforeAll(async () => {
  // Weighted traffic with a pause step: a deploy holds the lease until `odin promote`. A slower
  // simulated clock keeps a deploy starved of CPU on a busy machine from missing a renewal (the
  // lease then expires, and the waiting recover rightly takes it over).
  workspace = await tempWorkspace({ example: 'weighted', env: { ODIN_SIMULATOR_SPEED: '30' } });
  await expectOk(odin(['deploy', '--image', 'name:demo-app-v1']));
}, 120_000);

afterAll(async () => {
  await rm(workspace.cwd, { recursive: true, force: true });
});

describe('odin recover', () => {
  it('prints its summary once', async () => {
    const run = await odin(['recover']);

    expect(run.exitCode, run.stderr).toBe(0);
    expect(count(run.stdout + run.stderr, 'No unfinished deploy and no orphaned fleets')).toBe(1);
  });

  it('refuses the lease of a running deploy with exit 3, and waits for it with --lock-wait', async () => {
    let refused: Promise<OdinRun> | undefined;
    let waited: Promise<OdinRun> | undefined;
    const deploying = runOdinUntil(
      ['deploy', '--simulate'],
      {
        pattern: /Paused at 10%/,
        onMatch: async () => {
          refused = odin(['recover']);
          await refused;
          waited = odin(['recover', '--lock-wait', '1h', '--json']);
          await expectOk(odin(['promote']));
        },
      },
      { cwd: workspace.cwd, env: workspace.env, timeoutMs: 110_000 },
    );
    const deployed = await deploying;
    expect(deployed.exitCode, deployed.stderr).toBe(0);

    const refusal = await refused;
    expect(refusal?.exitCode, refusal?.stderr).toBe(3);
    expect(refusal?.stderr).toMatch(/is locked by arn:aws:iam::123456789012:user\/demo .*odin deploy/);
    const waiting = await waited;
    expect(waiting?.exitCode, waiting?.stderr).toBe(0);
    expect(JSON.parse(waiting?.stdout ?? '{}')).toMatchObject({ action: 'nothing-to-do', orphans: [] });
  }, 120_000);

  it('rejects a --lock-wait that is not a duration with exit 2', async () => {
    const run = await odin(['recover', '--lock-wait', '5x']);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--lock-wait: "5x" is not a duration');
  });
});
