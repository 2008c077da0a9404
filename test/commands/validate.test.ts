import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runOdin } from '../helpers/run-odin.js';
import { BASE, writeManifest } from '../lib/manifest/manifest-text.js';
import { HEAVY_PACKAGES, staticPackages } from './startup-imports.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('odin validate', () => {
  it('prints a summary of every environment and exits 0', async () => {
    const { stdout, exitCode } = await runOdin(['validate', '-f', 'examples/weighted.odin.yml'], {
      cwd: root,
    });
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^default\n {2}service {6}demo-canary \(project demo\)$/m);
    expect(stdout).toMatch(/^production\n/m);
    expect(stdout).toContain(
      'traffic      weighted (listener, demo-blue/demo-green): 10% (bake 2m) → pause → 50% (bake 5m) → 100%',
    );
    expect(stdout).toMatch(/userData {5}\.\/user-data\.sh \(\d+ bytes\)/);
    expect(stdout).toContain('examples/weighted.odin.yml is valid (environments default, production).');
  });

  it('never prints the user-data script', async () => {
    const { stdout, stderr } = await runOdin(['validate', '-f', 'examples/target-group.odin.yml'], {
      cwd: root,
    });
    expect(stdout + stderr).not.toContain('systemctl');
  });

  it('returns the resolved manifests with --json', async () => {
    const { stdout, exitCode } = await runOdin(['validate', '-f', 'examples/dns.odin.yml', '--json'], {
      cwd: root,
    });
    expect(exitCode).toBe(0);
    const result = JSON.parse(stdout) as {
      valid: boolean;
      manifests: Array<{ environment: string; traffic: { ttlMs: number } }>;
    };
    expect(result.valid).toBe(true);
    expect(result.manifests.map((m) => m.environment)).toEqual(['default', 'production']);
    expect(result.manifests[0]?.traffic.ttlMs).toBe(60_000);
  });

  it('checks only the environment named by --env', async () => {
    const { stdout, exitCode } = await runOdin(
      ['validate', '-f', 'examples/dns.odin.yml', '--env', 'production', '--json'],
      { cwd: root },
    );
    expect(exitCode).toBe(0);
    expect((JSON.parse(stdout) as { manifests: unknown[] }).manifests).toHaveLength(1);
  });

  it('lists every issue as file:line:col, key path, message and hint, and exits 2', async () => {
    const file = writeManifest(
      BASE.replace('max: 6', 'max: 1').replace('  type: t3.small', '  tpye: t3.small'),
    );
    const { stderr, exitCode } = await runOdin(['validate', '-f', file]);
    expect(exitCode).toBe(2);
    expect(stderr).toContain(
      `${file}:9:3  instances.tpye  unknown key \`tpye\`\n  hint: did you mean \`type\`?`,
    );
    expect(stderr).toContain(`${file}:8:1  instances  needs one of \`type\`, \`types\``);
    expect(stderr).toContain(
      `${file}:12:18  capacity.min  min (2) is greater than max (1)\n  hint: keep min ≤ desired ≤ max`,
    );
  });

  it('prints a single issue once: the error line counts it, the issue line locates it', async () => {
    const file = writeManifest(BASE.replace('capacity: { min: 2, max: 6 }\n', ''));
    const { stderr, exitCode } = await runOdin(['validate', '-f', file]);
    expect(exitCode).toBe(2);
    expect(stderr).toBe(
      `Error: ${file} has 1 problem\n` +
        `${file}:1:1  capacity  missing required key \`capacity\`\n` +
        '  hint: add `capacity: { min: 2, max: 6, desired: 2 }`\n' +
        'Hint: Fix the listed keys, then run `odin validate`.\n',
    );
  });

  it('returns the issues as JSON with --json', async () => {
    const file = writeManifest(
      BASE.replace('gracePeriod', 'x').replace('  targetGroups: [demo-web]', '  gracePeriod: 90'),
    );
    const { stdout, exitCode } = await runOdin(['validate', '-f', file, '--json']);
    expect(exitCode).toBe(2);
    const { error } = JSON.parse(stdout) as {
      error: { code: string; details: { issues: Array<Record<string, unknown>> } };
    };
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.details.issues).toContainEqual(
      expect.objectContaining({
        path: 'health.gracePeriod',
        line: 14,
        hint: expect.stringContaining('write 90s, not 90'),
      }),
    );
  });

  it('suggests odin init when the manifest does not exist', async () => {
    const { stderr, exitCode } = await runOdin(['validate', '-f', 'nowhere.yml'], { cwd: root });
    expect(exitCode).toBe(2);
    expect(stderr).toContain('no manifest at nowhere.yml');
    expect(stderr).toContain('odin init');
  });

  it('refuses an unknown --env and names the known ones', async () => {
    const { stderr, exitCode } = await runOdin(
      ['validate', '-f', 'examples/dns.odin.yml', '--env', 'staging'],
      { cwd: root },
    );
    expect(exitCode).toBe(2);
    expect(stderr).toContain('known environments: production');
  });

  it('loads neither the AWS SDK nor the terminal UI libraries at start-up', () => {
    const packages = [...staticPackages(`${root}src/commands/validate.ts`)];
    expect(packages.filter((name) => HEAVY_PACKAGES.test(name))).toEqual([]);
  });
});
