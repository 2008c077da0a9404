import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runOdin } from '../helpers/run-odin.js';
import { HEAVY_PACKAGES, staticPackages } from './startup-imports.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const committed = JSON.parse(readFileSync(`${root}schema/odin.schema.json`, 'utf8')) as Record<
  string,
  unknown
>;

describe('odin schema', () => {
  it('prints the JSON Schema that is committed in schema/', async () => {
    const { stdout, exitCode } = await runOdin(['schema'], { cwd: root });
    expect(exitCode).toBe(0);
    expect(JSON.parse(stdout)).toEqual(committed);
  });

  it('prints the same document with --json', async () => {
    const { stdout, exitCode } = await runOdin(['schema', '--json'], { cwd: root });
    expect(exitCode).toBe(0);
    expect(JSON.parse(stdout)).toEqual(committed);
  });

  it('loads neither the AWS SDK nor the terminal UI libraries at start-up', () => {
    const packages = [...staticPackages(`${root}src/commands/schema.ts`)];
    expect(packages.filter((name) => HEAVY_PACKAGES.test(name))).toEqual([]);
  });
});
