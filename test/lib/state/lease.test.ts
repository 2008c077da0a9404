import { describe, expect, it } from 'vitest';
import { LockHeldError } from '../../../src/lib/errors/errors.js';
import { LeaseLostError, LeaseReleaseError } from '../../../src/lib/state/lease-errors.js';
import { acquireLease, forceReleaseLease, readLease } from '../../../src/lib/state/lease.js';
import { requestBy, stateFixture } from './state-fixture.js';

const LEASE_KEY = 'odin/demo-web/staging/lease.json';

describe('acquireLease', () => {
  it('takes a free lease and records who holds it, where, and until when', async () => {
    const { ctx, clock, aws } = await stateFixture();
    const lease = await acquireLease(ctx, {
      command: 'odin deploy',
      releaseId: 'r20260101-000000-abcd',
      message: 'fix checkout',
      host: 'ci-7',
      pid: 42,
      env: { GITLAB_CI: 'true', CI_JOB_URL: 'https://gitlab.example/jobs/5' },
    });

    const identity = await aws.sts.getCallerIdentity();
    const stored = await readLease(ctx);
    expect(stored?.holder).toEqual({
      arn: identity.arn,
      host: 'ci-7',
      pid: 42,
      command: 'odin deploy',
      ciRunUrl: 'https://gitlab.example/jobs/5',
      releaseId: 'r20260101-000000-abcd',
      message: 'fix checkout',
    });
    expect(stored?.acquiredAt).toBe(clock.now());
    expect(stored?.expiresAt).toBe(clock.now() + 120_000);
    expect(lease.expiresAt).toBe(stored?.expiresAt);
    expect(await aws.s3.listKeys(ctx.store.bucket, LEASE_KEY)).toEqual([LEASE_KEY]);
  });

  it('fails at once while someone else holds it, naming the holder and the ways out', async () => {
    const { ctx, clock } = await stateFixture();
    await acquireLease(ctx, { ...requestBy('alice'), releaseId: 'r20260101-000000-aaaa' });
    const before = clock.now();

    const error = await acquireLease(ctx, requestBy('bob')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockHeldError);
    const held = error as LockHeldError;
    expect(held.exitCode).toBe(3);
    expect(held.message).toContain('demo-web/staging is locked by arn:aws:iam::123456789012:user/alice');
    expect(held.message).toContain('on host alice-laptop (pid 1000)');
    expect(held.message).toContain('for release r20260101-000000-aaaa');
    expect(held.message).toContain('expires in 2m');
    expect(held.message).not.toContain('waiting');
    expect(held.hint).toContain('--lock-wait 10m');
    expect(held.hint).toContain('odin lock release --force');
    expect(clock.now()).toBe(before);
  });

  it('waits for a held lease and takes it once the holder releases it', async () => {
    const { ctx, clock } = await stateFixture();
    const alice = await acquireLease(ctx, requestBy('alice'));
    const start = clock.now();
    const releasing = clock.sleep(30_000).then(() => alice.release());

    const bob = await acquireLease(ctx, requestBy('bob'), { waitMs: 10 * 60_000, pollMs: 5_000 });
    await releasing;
    expect(bob.holder.arn).toContain('user/bob');
    expect(clock.now() - start).toBeGreaterThanOrEqual(30_000);
    expect(clock.now() - start).toBeLessThanOrEqual(35_000);
  });

  it('waits for a lease its holder stopped renewing and takes it over when it expires, with a warning', async () => {
    const { ctx, clock, logs } = await stateFixture();
    await acquireLease(ctx, requestBy('alice'));
    const start = clock.now();

    const bob = await acquireLease(ctx, requestBy('bob'), { waitMs: 10 * 60_000 });
    expect(clock.now() - start).toBeGreaterThanOrEqual(120_000);
    expect(clock.now() - start).toBeLessThan(130_000);
    expect(bob.holder.arn).toContain('user/bob');
    expect(logs('info').some((e) => e.message.includes('Waiting for the lease'))).toBe(true);
    expect(logs('warn').map((e) => e.message)).toEqual([
      expect.stringContaining(
        'Took over the expired lease on demo-web/staging from arn:aws:iam::123456789012:user/alice',
      ),
    ]);
  });

  it('gives up when the wait ends before the lease is free', async () => {
    const { ctx, clock } = await stateFixture();
    const alice = await acquireLease(ctx, requestBy('alice'));
    alice.startRenewing({ onLost: () => {} });
    const start = clock.now();

    const error = await acquireLease(ctx, requestBy('bob'), { waitMs: 5 * 60_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockHeldError);
    expect((error as LockHeldError).message).toContain('(still held after waiting 5m)');
    expect(clock.now() - start).toBe(5 * 60_000);
    await alice.release();
  });

  it('takes over an expired lease at once without waiting', async () => {
    const { ctx, clock, logs } = await stateFixture();
    await acquireLease(ctx, requestBy('alice'));
    await clock.advance(121_000);

    const bob = await acquireLease(ctx, requestBy('bob'));
    expect(bob.holder.arn).toContain('user/bob');
    expect((await readLease(ctx))?.holder.arn).toContain('user/bob');
    expect(logs('warn')).toHaveLength(1);
  });

  it('lets exactly one of two racing acquirers win a free lease', async () => {
    const { ctx } = await stateFixture();
    const results = await Promise.allSettled([
      acquireLease(ctx, requestBy('alice')),
      acquireLease(ctx, requestBy('bob')),
    ]);

    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(LockHeldError);
    const holder = (await readLease(ctx))?.holder.arn;
    expect(won[0]?.status === 'fulfilled' && won[0].value.holder.arn).toBe(holder);
  });

  it('lets exactly one of two racing acquirers take over an expired lease', async () => {
    const { ctx, clock, logs } = await stateFixture();
    await acquireLease(ctx, requestBy('alice'));
    await clock.advance(121_000);

    const results = await Promise.allSettled([
      acquireLease(ctx, requestBy('bob')),
      acquireLease(ctx, requestBy('carol')),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(logs('warn')).toHaveLength(1);
  });

  it('stops waiting when the signal aborts', async () => {
    const { ctx, clock } = await stateFixture();
    await acquireLease(ctx, requestBy('alice'));
    const controller = new AbortController();
    void clock.sleep(20_000).then(() => controller.abort(new Error('interrupted')));

    await expect(
      acquireLease(ctx, requestBy('bob'), { waitMs: 10 * 60_000, signal: controller.signal }),
    ).rejects.toThrow('interrupted');
    expect((await readLease(ctx))?.holder.arn).toContain('user/alice');
  });

  it('treats an object it cannot read as held until one TTL after it was written', async () => {
    const { ctx, clock, aws } = await stateFixture();
    await aws.s3.putObject(ctx.store.bucket, LEASE_KEY, 'hand-edited');

    const error = await acquireLease(ctx, requestBy('bob')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockHeldError);
    expect((await readLease(ctx))?.readable).toBe(false);
    await clock.advance(121_000);
    await expect(acquireLease(ctx, requestBy('bob'))).resolves.toBeDefined();
  });
});

describe('Lease', () => {
  it('renews itself in the background so that others stay out beyond its TTL', async () => {
    const { ctx, clock } = await stateFixture();
    const alice = await acquireLease(ctx, requestBy('alice'));
    alice.startRenewing({ onLost: () => {} });
    await clock.sleep(10 * 60_000);

    const lease = await readLease(ctx);
    expect(lease?.expired).toBe(false);
    expect(lease?.renewedAt).toBeGreaterThanOrEqual(clock.now() - 40_000);
    await expect(acquireLease(ctx, requestBy('bob'))).rejects.toBeInstanceOf(LockHeldError);
    await alice.release();
  });

  it('extends its expiry on renew', async () => {
    const { ctx, clock } = await stateFixture();
    const alice = await acquireLease(ctx, requestBy('alice'));
    await clock.advance(60_000);
    await alice.renew();
    expect(alice.expiresAt).toBe(clock.now() + 120_000);
    expect((await readLease(ctx))?.expiresAt).toBe(clock.now() + 120_000);
  });

  it('throws LeaseLostError from renew once another process took the lease over', async () => {
    const { ctx, clock } = await stateFixture();
    const alice = await acquireLease(ctx, requestBy('alice'));
    await clock.advance(121_000);
    await acquireLease(ctx, requestBy('bob'));

    const error = await alice.renew().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeaseLostError);
    expect((error as LeaseLostError).message).toContain('taken over by arn:aws:iam::123456789012:user/bob');
    expect(alice.isHeld).toBe(false);
  });

  it('reports a lost lease through the callback of the renewal loop instead of crashing', async () => {
    const { ctx, clock } = await stateFixture();
    const alice = await acquireLease(ctx, requestBy('alice'));
    const lost: LeaseLostError[] = [];
    alice.startRenewing({ onLost: (error) => lost.push(error) });
    await clock.sleep(10_000);
    await forceReleaseLease(ctx);
    await clock.sleep(60_000);

    expect(lost).toHaveLength(1);
    expect(lost[0]?.message).toContain('released by someone else');
    await expect(alice.release()).resolves.toBeUndefined();
  });

  it('deletes the lease on release, so the next acquirer gets it at once', async () => {
    const { ctx } = await stateFixture();
    const alice = await acquireLease(ctx, requestBy('alice'));
    alice.startRenewing({ onLost: () => {} });
    await alice.release();

    expect(await readLease(ctx)).toBeUndefined();
    await expect(acquireLease(ctx, requestBy('bob'))).resolves.toBeDefined();
  });

  it("fails to release with a distinct error, and leaves the lease alone, once it is someone else's", async () => {
    const { ctx } = await stateFixture();
    const alice = await acquireLease(ctx, requestBy('alice'));
    await forceReleaseLease(ctx);
    await acquireLease(ctx, requestBy('bob'));

    await expect(alice.release()).rejects.toBeInstanceOf(LeaseReleaseError);
    expect((await readLease(ctx))?.holder.arn).toContain('user/bob');
  });
});

describe('forceReleaseLease', () => {
  it("removes anyone's live lease and returns whose it was", async () => {
    const { ctx } = await stateFixture();
    await acquireLease(ctx, requestBy('alice'));

    const removed = await forceReleaseLease(ctx);
    expect(removed?.holder.arn).toContain('user/alice');
    expect(removed?.expired).toBe(false);
    expect(await readLease(ctx)).toBeUndefined();
  });

  it('returns undefined when the lease is already free', async () => {
    const { ctx } = await stateFixture();
    expect(await forceReleaseLease(ctx)).toBeUndefined();
  });
});

describe('Lease renewals', () => {
  it('serialises concurrent renewals instead of mistaking the second for a lost lease', async () => {
    const { ctx, clock } = await stateFixture();
    const alice = await acquireLease(ctx, requestBy('alice'));
    await clock.advance(30_000);

    await Promise.all([alice.renew(), alice.renew(), alice.renew()]);
    expect(alice.isHeld).toBe(true);
    expect((await readLease(ctx))?.expiresAt).toBe(clock.now() + 120_000);
  });
});
