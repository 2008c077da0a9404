import { describe, expect, it } from 'vitest';
import { deploy, recover } from '../../../src/lib/deploy/index.js';
import { ExitCode, RefusedError, ResourceNotFoundError } from '../../../src/lib/errors/index.js';
import { rollback } from '../../../src/lib/rollback/index.js';
import { deployFixture } from '../deploy/support.js';
import { twoReleases, type RollbackFixture } from './support.js';

async function refusalOf(f: RollbackFixture, to?: string): Promise<unknown> {
  const before = f.cloud.snapshot().fleets;
  const error = await f.rollback(to === undefined ? {} : { to }).catch((e: unknown) => e);
  // A refusal changes nothing: not a fleet, not the lease, not the history.
  expect(f.cloud.snapshot().fleets).toEqual(before);
  expect(f.aws.stats().byOperation['s3:PutObject']).toBe(putsBefore.get(f));
  return error;
}

const putsBefore = new WeakMap<RollbackFixture, number | undefined>();
async function fixture(): Promise<RollbackFixture> {
  const f = await twoReleases();
  putsBefore.set(f, f.aws.stats().byOperation['s3:PutObject']);
  return f;
}

describe('rollback refusals', () => {
  it('refuses an unknown release with exit 2 and points at the history', async () => {
    const f = await fixture();
    const error = await refusalOf(f, 'r20990101-000000-dead');

    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect((error as ResourceNotFoundError).exitCode).toBe(ExitCode.InvalidInput);
    expect((error as ResourceNotFoundError).hint).toContain('odin history');
  });

  it('refuses a release that never went live', async () => {
    const f = await fixture();
    const failed = await deploy(f.ctx(), f.request({ imageOverride: 'name:demo-app-broken' })).catch(
      (e: { details?: { releaseId?: string } }) => e.details?.releaseId,
    );
    putsBefore.set(f, f.aws.stats().byOperation['s3:PutObject']);
    const error = await refusalOf(f, String(failed));

    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toMatch(/never went live \(it ended rolled-back\)/);
  });

  it('refuses a release whose image was deregistered', async () => {
    const f = await fixture();
    f.cloud.deregisterImage('demo-app-v1');
    const error = await refusalOf(f);

    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect((error as Error).message).toMatch(
      new RegExp(`image ami-\\w+ \\(demo-app-v1\\) of release ${f.first.releaseId} no longer exists`),
    );
  });

  it('refuses to roll back to the release that is live', async () => {
    const f = await fixture();
    const error = await refusalOf(f, f.second.releaseId);

    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toMatch(/is live already/);
  });

  it('refuses when no earlier release went live', async () => {
    const f = await deployFixture();
    await deploy(f.ctx(), f.request());
    const error = await rollback(f.ctx(), { manifest: f.manifest }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toMatch(/No release of demo-web \(default\) went live before/);
  });
});

describe('recover after the finish step', () => {
  it('marks the previous release live again, so a later rollback knows what is live', async () => {
    const f = await twoReleases();
    await expect(deploy(f.ctx(), f.request({ manifest: f.manifest, crashAfter: 'finish' }))).rejects.toThrow(
      /simulated crash/,
    );
    await f.clock.advance(20 * 60_000);
    await recover(f.ctx(), f.manifest);

    const history = await f.history();
    expect(history.filter((r) => r.outcome === 'live').map((r) => r.id)).toEqual([f.second.releaseId]);
    const result = await f.rollback();
    expect(result.rolledBackTo).toBe(f.first.releaseId);
  });
});
