import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { CreateAwsOptions } from '../../../src/lib/aws/create-aws.js';

const created = vi.hoisted(() => [] as CreateAwsOptions[]);

// The real createAws, remembering what each command context asked of it.
vi.mock('../../../src/lib/aws/create-aws.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/lib/aws/create-aws.js')>();
  return {
    ...real,
    createAws: (options: CreateAwsOptions) => {
      created.push(options);
      return real.createAws(options);
    },
  };
});

const { createCommandContext } = await import('../../../src/cli/command-context.js');

let dir = '';
let cwd = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'odin-simulate-'));
  cwd = process.cwd();
  process.chdir(dir);
  created.length = 0;
});

afterEach(async () => {
  process.chdir(cwd);
  await rm(dir, { recursive: true, force: true });
});

async function jitterOfNewContext(): Promise<number[]> {
  const ctx = await createCommandContext(
    { simulate: true, region: undefined, profile: undefined },
    { region: 'us-east-1' },
  );
  await ctx.close();
  const random = created.at(-1)?.retry?.random;
  expect(random).toBeTypeOf('function');
  expect(random).not.toBe(Math.random);
  return [random!(), random!(), random!()];
}

describe('--simulate command context', () => {
  it('draws retry jitter from a source seeded by the world, so the same world retries alike', async () => {
    const first = await jitterOfNewContext();
    const second = await jitterOfNewContext();

    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(3);
  });
});
