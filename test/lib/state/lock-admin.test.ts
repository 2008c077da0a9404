import { describe, expect, it } from 'vitest';
import { LockHeldError, ResourceNotFoundError } from '../../../src/lib/errors/errors.js';
import { acquireLease, readLease } from '../../../src/lib/state/lease.js';
import { lockStatus, releaseLock } from '../../../src/lib/state/lock-admin.js';
import { requestBy, stateFixture } from './state-fixture.js';

const alice = { arn: 'arn:aws:iam::123456789012:user/alice', host: 'alice-laptop' };
const bob = { arn: 'arn:aws:iam::123456789012:user/bob', host: 'bob-laptop' };

describe('lockStatus', () => {
  it('says the lease is free when nobody holds it', async () => {
    const { ctx } = await stateFixture();
    const status = await lockStatus(ctx);
    expect(status.state).toBe('free');
    expect(status.holder).toBeUndefined();
    expect(status.location).toBe('s3://odin-state-123456789012/odin/demo-web/staging/lease.json');
  });

  it('names the holder, since when and how long until it expires', async () => {
    const { ctx, clock } = await stateFixture();
    await acquireLease(ctx, requestBy('alice'));
    await clock.advance(30_000);

    const status = await lockStatus(ctx);
    expect(status.state).toBe('held');
    expect(status.holder?.arn).toBe(alice.arn);
    expect(status.expiresInMs).toBe(90_000);
    expect(status.summary).toContain('demo-web/staging is locked by arn:aws:iam::123456789012:user/alice');
  });

  it('reports an expired lease as expired', async () => {
    const { ctx, clock } = await stateFixture();
    await acquireLease(ctx, requestBy('alice'));
    await clock.advance(180_000);
    const status = await lockStatus(ctx);
    expect(status.state).toBe('expired');
    expect(status.expiresInMs).toBe(-60_000);
  });
});

describe('releaseLock', () => {
  it('releases the caller’s own lease without --force', async () => {
    const { ctx } = await stateFixture();
    await acquireLease(ctx, requestBy('alice'));
    const result = await releaseLock(ctx, alice);
    expect(result).toMatchObject({ released: true, forced: false });
    expect(result.summary).toContain('your own lease');
    expect(await readLease(ctx)).toBeUndefined();
  });

  it("refuses someone else's live lease without --force, naming whose it is", async () => {
    const { ctx } = await stateFixture();
    await acquireLease(ctx, requestBy('alice'));
    const error = await releaseLock(ctx, bob).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockHeldError);
    expect((error as LockHeldError).exitCode).toBe(3);
    expect((error as LockHeldError).message).toContain('user/alice');
    expect((error as LockHeldError).hint).toContain('--force');
    expect((await readLease(ctx))?.holder.arn).toBe(alice.arn);
  });

  it("releases someone else's live lease with --force and says whose it was", async () => {
    const { ctx } = await stateFixture();
    await acquireLease(ctx, requestBy('alice'));
    const result = await releaseLock(ctx, bob, { force: true });
    expect(result).toMatchObject({ released: true, forced: true });
    expect(result.previous?.holder?.arn).toBe(alice.arn);
    expect(result.summary).toContain(
      'Force-released the lease on demo-web/staging, held by arn:aws:iam::123456789012:user/alice',
    );
    expect(await readLease(ctx)).toBeUndefined();
  });

  it('treats the same caller on another host as someone else', async () => {
    const { ctx } = await stateFixture();
    await acquireLease(ctx, requestBy('alice', 'ci-runner-3'));
    await expect(releaseLock(ctx, alice)).rejects.toBeInstanceOf(LockHeldError);
  });

  it('releases an expired lease of anyone without --force', async () => {
    const { ctx, clock } = await stateFixture();
    await acquireLease(ctx, requestBy('alice'));
    await clock.advance(121_000);
    const result = await releaseLock(ctx, bob);
    expect(result).toMatchObject({ released: true, forced: false });
    expect(result.summary).toContain('expired lease');
  });

  it('says so when there is nothing to release', async () => {
    const { ctx } = await stateFixture();
    expect(await releaseLock(ctx, bob)).toEqual({
      released: false,
      forced: false,
      summary: 'demo-web/staging is already free',
    });
  });
});

describe('lock administration without a state bucket', () => {
  it('names the missing bucket and where it is configured', async () => {
    const { ctx } = await stateFixture();
    const missing = { ...ctx, store: { bucket: 'no-such-bucket', prefix: 'odin/' } };
    const error = await lockStatus(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect((error as ResourceNotFoundError).message).toBe('state.bucket: no S3 bucket `no-such-bucket`');
    await expect(releaseLock(missing, bob)).rejects.toBeInstanceOf(ResourceNotFoundError);
  });
});
