import { describe, expect, it } from 'vitest';
import { LockHeldError, ResourceNotFoundError } from '../../../src/lib/errors/errors.js';
import { acquireLease, readLease } from '../../../src/lib/state/lease.js';
import { lockStatus, processIsRunning, releaseLock } from '../../../src/lib/state/lock-admin.js';
import { requestBy, stateFixture } from './state-fixture.js';

const alice = { arn: 'arn:aws:iam::123456789012:user/alice', host: 'alice-laptop' };
const bob = { arn: 'arn:aws:iam::123456789012:user/bob', host: 'bob-laptop' };

/** A pid no process has: Linux never hands out one above 2^22. */
const DEAD_PID = 4_194_305;

describe('processIsRunning', () => {
  it('tells a running process from one that is gone', () => {
    expect(processIsRunning(process.pid)).toBe(true);
    expect(processIsRunning(DEAD_PID)).toBe(false);
    expect(processIsRunning(0)).toBe(false);
  });
});

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
  it('releases the caller’s own lease without --force once its process has ended on this host', async () => {
    const { ctx } = await stateFixture();
    await acquireLease(ctx, { ...requestBy('alice'), pid: DEAD_PID });
    const result = await releaseLock(ctx, alice);
    expect(result).toMatchObject({ released: true, forced: false });
    expect(result.summary).toContain('your own lease (its process has ended)');
    expect(await readLease(ctx)).toBeUndefined();
  });

  it('refuses the caller’s own lease without --force while its process still runs on this host, naming it', async () => {
    const { ctx } = await stateFixture();
    // A deploy in another shell of the same user on the same host: this test's process stands in.
    await acquireLease(ctx, { ...requestBy('alice'), pid: process.pid });
    const error = await releaseLock(ctx, alice).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LockHeldError);
    expect((error as LockHeldError).exitCode).toBe(3);
    expect((error as LockHeldError).message).toContain(`(pid ${process.pid}) running \`odin deploy\``);
    expect((error as LockHeldError).message).toContain(`pid ${process.pid} is still running on this host`);
    expect((error as LockHeldError).hint).toContain('--force');
    expect((await readLease(ctx))?.holder.pid).toBe(process.pid);

    const forced = await releaseLock(ctx, alice, { force: true });
    expect(forced).toMatchObject({ released: true, forced: true });
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

  it('treats the same caller on another host as someone else, whatever runs here under that pid', async () => {
    const { ctx } = await stateFixture();
    await acquireLease(ctx, { ...requestBy('alice', 'ci-runner-3'), pid: DEAD_PID });
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
