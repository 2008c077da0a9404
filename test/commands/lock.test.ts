import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAws } from '../../src/lib/aws/create-aws.js';
import { openLocalCloud } from '../../src/lib/simulator/index.js';
import { acquireLease } from '../../src/lib/state/lease.js';
import type { OdinRun } from '../helpers/run-odin.js';
import { tempWorkspace, type TempWorkspace } from '../helpers/temp-workspace.js';

let workspace: TempWorkspace;
let dir = '';

/** Seeds the on-disk local cloud in `dir` and has "alice" on another host take the lease. */
async function seedWithAlicesLease(): Promise<void> {
  const cloud = await openLocalCloud({ dir: join(dir, '.odin') });
  try {
    await cloud.seedExamples();
    const aws = createAws({
      region: 'us-east-1',
      clock: cloud.clock,
      customizeClient: cloud.customizeClient,
    });
    const ctx = {
      aws,
      clock: cloud.clock,
      store: { bucket: 'odin-state-123456789012', prefix: 'odin/' },
      service: 'demo-web',
      environment: 'default',
    };
    // Simulated time runs faster than wall time; a long TTL keeps the lease live for the whole test.
    await acquireLease(ctx, {
      command: 'odin deploy',
      callerArn: 'arn:aws:iam::123456789012:user/alice',
      host: 'alice-laptop',
      pid: 4242,
      releaseId: 'r20260101-000000-abcd',
      ttlMs: 24 * 3_600_000,
      env: {},
    });
  } finally {
    await cloud.close();
  }
}

const odin = (args: string[]): Promise<OdinRun> => workspace.run([...args, '--simulate']);

beforeAll(async () => {
  workspace = await tempWorkspace({ seed: false, env: { CI: 'true' } });
  dir = workspace.cwd;
  await seedWithAlicesLease();
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
