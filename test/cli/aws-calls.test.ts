import { beforeAll, describe, expect, it } from 'vitest';

import { tempWorkspace, type TempWorkspace } from '../helpers/temp-workspace.js';

interface AwsCalls {
  calls: number;
  throttled: number;
  retried: number;
}

let ws: TempWorkspace;
beforeAll(async () => {
  ws = await tempWorkspace();
}, 60_000);

async function json<T>(args: string[]): Promise<{ exitCode: number | null; body: T }> {
  const run = await ws.run([...args, '--simulate', '--json'], 90_000);
  return { exitCode: run.exitCode, body: JSON.parse(run.stdout) as T };
}

function expectCounted(awsCalls: AwsCalls | undefined): void {
  expect(awsCalls).toEqual({ calls: expect.any(Number), throttled: 0, retried: 0 });
  expect(awsCalls?.calls).toBeGreaterThan(0);
}

describe('AWS calls in --json output', () => {
  it('are added to the result of a command that reads AWS, such as status and history', async () => {
    const status = await json<{ environments: unknown[]; awsCalls?: AwsCalls }>(['status']);
    const history = await json<{ awsCalls?: AwsCalls }>(['history']);

    expect(status.exitCode).toBe(0);
    expect(status.body.environments.length).toBeGreaterThan(0);
    expectCounted(status.body.awsCalls);
    expect(history.exitCode).toBe(0);
    expectCounted(history.body.awsCalls);
  });

  it("are added to a refused command's JSON error", async () => {
    const scale = await json<{ error: { code: string; details?: { awsCalls?: AwsCalls } } }>([
      'scale',
      '--desired',
      '3',
    ]);

    expect(scale.exitCode).toBe(2);
    expect(scale.body.error.code).toBe('REFUSED');
    expectCounted(scale.body.error.details?.awsCalls);
  });

  it("are added to a failed deploy's JSON error, next to the release it names", async () => {
    const deploy = await json<{
      error: { code: string; details?: { releaseId?: string; awsCalls?: AwsCalls } };
    }>(['deploy', '--image', 'name:demo-app-broken', '--release', 'bad1']);

    expect(deploy.exitCode).toBe(4);
    expect(deploy.body.error.code).toBe('DEPLOY_ROLLED_BACK');
    expect(deploy.body.error.details?.releaseId).toBe('bad1');
    expectCounted(deploy.body.error.details?.awsCalls);
  }, 120_000);

  it('are left out when the command failed before opening AWS', async () => {
    const run = await ws.run(['status', '-f', 'nowhere.yml', '--simulate', '--json']);

    expect(run.exitCode).toBe(2);
    expect(JSON.parse(run.stdout)).not.toHaveProperty('error.details.awsCalls');
  });
});
