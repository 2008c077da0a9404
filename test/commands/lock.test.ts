import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAws } from '../../src/lib/aws/create-aws.js';
import { openLocalCloud, type LocalCloudSession } from '../../src/lib/simulator/index.js';
import { acquireLease, forceReleaseLease } from '../../src/lib/state/lease.js';
import type { StateContext } from '../../src/lib/state/state-context.js';
import type { OdinRun } from '../helpers/run-odin.js';
import { tempWorkspace, type TempWorkspace } from '../helpers/temp-workspace.js';

let workspace: TempWorkspace;
let dir = '';

/** The lease holder the tests start from: "alice" on another host. */
const ALICE = { arn: 'arn:aws:iam::123456789012:user/alice', host: 'alice-laptop', pid: 4242 };

/** Opens the on-disk local cloud in `dir` and runs `work` with a state context of demo-web/default. */
async function withLocalCloud(
  work: (cloud: LocalCloudSession, ctx: StateContext) => Promise<void>,
): Promise<void> {
  const cloud = await openLocalCloud({ dir: join(dir, '.odin') });
  try {
    const aws = createAws({
      region: 'us-east-1',
      clock: cloud.clock,
      customizeClient: cloud.customizeClient,
    });
    const store = { bucket: 'odin-state-123456789012', prefix: 'odin/' };
    await work(cloud, { aws, clock: cloud.clock, store, service: 'demo-web', environment: 'default' });
  } finally {
    await cloud.close();
  }
}

/** Replaces whatever lease there is by one of `holder`. */
async function seedLease(holder: { arn: string; host: string; pid: number }): Promise<void> {
  await withLocalCloud(async (_cloud, ctx) => {
    await forceReleaseLease(ctx);
    // Simulated time runs faster than wall time; a long TTL keeps the lease live for the whole test.
    await acquireLease(ctx, {
      command: 'odin deploy',
      callerArn: holder.arn,
      host: holder.host,
      pid: holder.pid,
      releaseId: 'r20260101-000000-abcd',
      ttlMs: 24 * 3_600_000,
      env: {},
    });
  });
}

const odin = (args: string[]): Promise<OdinRun> => workspace.run([...args, '--simulate']);

beforeAll(async () => {
  workspace = await tempWorkspace({ seed: false, env: { CI: 'true' } });
  dir = workspace.cwd;
  await withLocalCloud((cloud) => cloud.seedExamples());
  await seedLease(ALICE);
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('odin lock status and release', () => {
  it('shows who holds the lease, as JSON', async () => {
    const run = await odin(['lock', 'status', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const status = JSON.parse(run.stdout) as {
      state: string;
      holder: { arn: string; host: string; releaseId: string };
    };
    expect(status.state).toBe('held');
    expect(status.holder).toMatchObject({
      arn: 'arn:aws:iam::123456789012:user/alice',
      host: 'alice-laptop',
      releaseId: 'r20260101-000000-abcd',
    });
  });

  it('shows the holder to people, line by line', async () => {
    const run = await odin(['lock', 'status']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('demo-web/default is locked');
    expect(run.stdout).toMatch(/holder\s+arn:aws:iam::123456789012:user\/alice/);
    expect(run.stdout).toMatch(/host\s+alice-laptop \(pid 4242\)/);
    expect(run.stdout).toMatch(/expires\s+in /);
  });

  it("refuses to release someone else's live lease without --force (exit 3), naming the holder", async () => {
    const run = await odin(['lock', 'release']);
    expect(run.exitCode, run.stderr).toBe(3);
    expect(run.stderr).toContain('user/alice');
    expect(run.stderr).toContain('--force');
    const status = JSON.parse((await odin(['lock', 'status', '--json'])).stdout) as { state: string };
    expect(status.state).toBe('held');
  });

  it('refuses without --force a lease of the same caller and host whose process still runs', async () => {
    // As if `odin deploy` ran in another shell of the same user: this test's process stands in.
    await seedLease({ arn: 'arn:aws:iam::123456789012:user/demo', host: hostname(), pid: process.pid });
    const run = await odin(['lock', 'release']);
    await seedLease(ALICE);

    expect(run.exitCode, run.stderr).toBe(3);
    expect(run.stderr).toContain(`pid ${process.pid} is still running on this host`);
    expect(run.stderr).toContain('--force');
  });

  it('refuses to act with credentials of another account than the manifest pins (exit 7)', async () => {
    const manifest = (await readFile(join(dir, 'odin.yml'), 'utf8')).replace(
      /account: .*/,
      'account: "999999999999"',
    );
    await writeFile(join(dir, 'other-account.yml'), manifest);
    const run = await odin(['lock', 'release', '--force', '-f', 'other-account.yml']);
    expect(run.exitCode, run.stderr).toBe(7);
    expect(run.stderr).toContain('999999999999');
  });

  it("releases someone else's lease with --force and says whose it was; the lease is then free", async () => {
    const run = await odin(['lock', 'release', '--force', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { released: boolean; forced: boolean; summary: string };
    expect(result).toMatchObject({ released: true, forced: true });
    expect(result.summary).toContain('held by arn:aws:iam::123456789012:user/alice on host alice-laptop');

    const status = await odin(['lock', 'status']);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stdout.trim()).toBe('demo-web/default is free');
  });
});
