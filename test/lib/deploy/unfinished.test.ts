import { describe, expect, it } from 'vitest';
import { deploy, SimulatedCrash, type DeployResult } from '../../../src/lib/deploy/index.js';
import { LockHeldError, NeedsAttentionError, UnfinishedDeployError } from '../../../src/lib/errors/index.js';
import { deployFixture } from './support.js';
import { onceProgress } from './triggers.js';

const LOCK_WAIT_MS = 5 * 60_000;

describe('a deploy refused because of another one', () => {
  it('names the holder with exit 3 while the other deploy is running, not an unfinished deploy', async () => {
    const f = await deployFixture();
    await deploy(f.ctx(), f.request());
    const other = await f.otherProcess();
    let second: Promise<unknown> | undefined;
    const off = onceProgress(f, { step: 'wait-healthy' }, () => {
      second = deploy(other.ctx(), f.request({ imageOverride: 'name:demo-app-v1' })).catch((e: unknown) => e);
    });
    const first: DeployResult = await deploy(f.ctx(), f.request());
    off();
    const error = await second;

    expect(first.outcome).toBe('live');
    expect(error).toBeInstanceOf(LockHeldError);
    expect((error as LockHeldError).exitCode).toBe(3);
    expect((error as Error).message).toContain('arn:aws:iam::123456789012:user/demo');
    expect((error as Error).message).toContain('odin deploy');
  });

  it('offers --resume and recover for a killed deploy', async () => {
    const f = await deployFixture();
    await deploy(f.ctx(), f.request());
    const crash = await deploy(f.ctx(), f.request({ crashAfter: 'create-fleet' })).catch((e: unknown) => e);
    expect(crash).toBeInstanceOf(SimulatedCrash);

    const error = await deploy(f.ctx(), f.request({ lockWaitMs: LOCK_WAIT_MS })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnfinishedDeployError);
    expect((error as UnfinishedDeployError).exitCode).toBe(8);
    expect((error as Error).message).toMatch(/has an unfinished deploy d-\w+ of release/);
    expect((error as UnfinishedDeployError).hint).toBe(
      'Run `odin deploy --resume` to finish it, or `odin recover` to undo it back to the last good release.',
    );
  });

  it('sends a deploy whose undo failed to recover, for a new deploy and for --resume alike', async () => {
    const f = await deployFixture();
    await deploy(f.ctx(), f.request());
    f.cloud.setFaults({ errorRates: { DeleteAutoScalingGroup: 1 } });
    const failed = await deploy(f.ctx(), f.request({ imageOverride: 'name:demo-app-broken' })).catch(
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(NeedsAttentionError);
    f.cloud.setFaults({ errorRates: { DeleteAutoScalingGroup: 0 } });

    for (const request of [f.request(), f.request({ resume: true })]) {
      const error = await deploy(f.ctx(), request).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnfinishedDeployError);
      expect((error as UnfinishedDeployError).exitCode).toBe(8);
      expect((error as Error).message).toMatch(
        /has a failed deploy d-\w+ of release .* whose undo did not finish/,
      );
      expect((error as UnfinishedDeployError).hint).toMatch(/^Run `odin recover` to finish the undo/);
      expect((error as UnfinishedDeployError).details?.status).toBe('needs-attention');
    }
  });
});
