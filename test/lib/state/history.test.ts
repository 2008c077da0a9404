import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../src/lib/errors/errors.js';
import type { Manifest } from '../../../src/lib/manifest/types.js';
import {
  listReleases,
  markOutcome,
  readRelease,
  ReleaseNotFoundError,
  writeRelease,
  type ReleaseRecord,
} from '../../../src/lib/state/history.js';
import { newReleaseId } from '../../../src/lib/state/release-id.js';
import { stateFixture } from './state-fixture.js';

function record(id: string, startedAt: number, overrides: Partial<ReleaseRecord> = {}): ReleaseRecord {
  return {
    id,
    service: 'demo-web',
    environment: 'staging',
    kind: 'deploy',
    image: { id: 'ami-0123456789abcdef0', name: 'demo-app-v2' },
    manifestDigest: 'f'.repeat(64),
    manifest: { service: 'demo-web', instances: { userData: './user-data.sh' } } as unknown as Manifest,
    groupName: `demo-web-staging-${id}`,
    launchTemplate: { id: 'lt-0abc', version: 3 },
    strategy: 'target-group',
    author: 'arn:aws:iam::123456789012:user/alice',
    host: 'alice-laptop',
    startedAt,
    outcome: 'in-progress',
    awsCalls: { calls: 0, throttled: 0, retried: 0 },
    ...overrides,
  };
}

describe('release history', () => {
  it('reads back a written release record', async () => {
    const { ctx, aws } = await stateFixture();
    const written = record('r20260101-000000-aaaa', 1000, { message: 'first' });
    await writeRelease(ctx, written);

    expect(await readRelease(ctx, written.id)).toEqual(written);
    const keys = await aws.s3.listKeys(ctx.store.bucket, 'odin/demo-web/staging/releases/');
    expect(keys).toEqual(['odin/demo-web/staging/releases/r20260101-000000-aaaa.json']);
  });

  it('returns undefined for a release that was never recorded', async () => {
    const { ctx } = await stateFixture();
    expect(await readRelease(ctx, 'v9')).toBeUndefined();
  });

  it('lists releases newest first, honouring the limit', async () => {
    const { ctx, clock } = await stateFixture();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = newReleaseId(clock);
      ids.push(id);
      await writeRelease(ctx, record(id, clock.now()));
      await clock.advance(60_000);
    }

    const all = await listReleases(ctx);
    expect(all.map((r) => r.id)).toEqual([...ids].reverse());
    const newest = await listReleases(ctx, { limit: 2 });
    expect(newest.map((r) => r.id)).toEqual([ids[4], ids[3]]);
  });

  it('places hand-chosen release ids by when they started, among generated ones', async () => {
    const { ctx, clock } = await stateFixture();
    const early = newReleaseId(clock);
    await writeRelease(ctx, record(early, clock.now()));
    await clock.advance(60_000);
    await writeRelease(ctx, record('v1.4.2', clock.now()));
    await clock.advance(60_000);
    const late = newReleaseId(clock);
    await writeRelease(ctx, record(late, clock.now()));

    expect((await listReleases(ctx)).map((r) => r.id)).toEqual([late, 'v1.4.2', early]);
    expect((await listReleases(ctx, { limit: 2 })).map((r) => r.id)).toEqual([late, 'v1.4.2']);
  });

  it('skips, with a warning, a record it cannot read', async () => {
    const { ctx, aws, logs } = await stateFixture();
    await writeRelease(ctx, record('r20260101-000000-aaaa', 1000));
    await aws.s3.putObject(
      ctx.store.bucket,
      'odin/demo-web/staging/releases/r20260102-000000-bbbb.json',
      '{oops',
    );

    expect((await listReleases(ctx)).map((r) => r.id)).toEqual(['r20260101-000000-aaaa']);
    expect(logs('warn')[0]?.message).toContain('r20260102-000000-bbbb.json');
  });

  it('marks an outcome and the end facts, keeping the rest of the record', async () => {
    const { ctx } = await stateFixture();
    const written = record('r20260101-000000-aaaa', 1000);
    await writeRelease(ctx, written);

    const updated = await markOutcome(ctx, written.id, 'live', { finishedAt: 61_000, durationMs: 60_000 });
    expect(updated).toEqual({ ...written, outcome: 'live', finishedAt: 61_000, durationMs: 60_000 });
    expect(await readRelease(ctx, written.id)).toEqual(updated);
  });

  it('refuses to mark a release that does not exist', async () => {
    const { ctx } = await stateFixture();
    await expect(markOutcome(ctx, 'r20260101-000000-aaaa', 'superseded')).rejects.toBeInstanceOf(
      ReleaseNotFoundError,
    );
  });

  it('refuses to record a new release over an existing one with the same id', async () => {
    const { ctx } = await stateFixture();
    await writeRelease(ctx, record('v1.4.2', 1000), { createOnly: true });

    const error = await writeRelease(ctx, record('v1.4.2', 2000), { createOnly: true }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as RefusedError).hint).toContain('--release');
    expect((await readRelease(ctx, 'v1.4.2'))?.startedAt).toBe(1000);
  });

  it('rejects an id that could escape the releases folder', async () => {
    const { ctx } = await stateFixture();
    await expect(readRelease(ctx, '../lease')).rejects.toThrow('--release');
  });
});
