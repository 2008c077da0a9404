import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function odin(...args: string[]): { stdout: string; stderr: string; exitCode: number | null } {
  const result = spawnSync(process.execPath, ['bin/run.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: 'true' },
  });
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.status };
}

/** Every module reachable from `entry` through static imports (dynamic `import()` is lazy and allowed). */
function staticImports(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = readFileSync(entry, 'utf8');
  for (const match of source.matchAll(
    /^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm,
  )) {
    const specifier = match[1] ?? match[2] ?? '';
    if (specifier.startsWith('.')) staticImports(path.resolve(path.dirname(entry), specifier), seen);
    else seen.add(specifier);
  }
  return seen;
}

describe('odin iam-policy', () => {
  it('prints the policy document for the chosen environment on stdout and exits 0', () => {
    const { stdout, stderr, exitCode } = odin(
      'iam-policy',
      '-f',
      'examples/target-group.odin.yml',
      '--env',
      'production',
    );
    expect(exitCode, stderr).toBe(0);
    const policy = JSON.parse(stdout);
    expect(policy.Version).toBe('2012-10-17');
    const create = policy.Statement.find((s: { Sid: string }) => s.Sid === 'CreateTaggedFleets');
    expect(create.Condition.StringEquals['aws:RequestTag/odin:environment']).toBe('production');
  });

  it('lists on stderr what it left out and why', () => {
    const { stderr } = odin('iam-policy', '-f', 'examples/target-group.odin.yml');
    expect(stderr).toContain('route53:ChangeResourceRecordSets  (traffic.strategy is target-group, not dns)');
    expect(stderr).toContain('use --role-name if it differs');
  });

  it('prints the same document with --json, and nothing else on stdout', () => {
    const plain = odin('iam-policy', '-f', 'examples/dns.odin.yml', '--role-name', 'demo-instance');
    const json = odin('iam-policy', '-f', 'examples/dns.odin.yml', '--role-name', 'demo-instance', '--json');
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(plain.stdout));
    expect(json.stdout).toContain('arn:aws:iam::123456789012:role/demo-instance');
  });

  it('uses --region for the ARNs it builds', () => {
    const { stdout } = odin(
      'iam-policy',
      '-f',
      'examples/target-group.odin.yml',
      '--region',
      'eu-west-1',
      '--json',
    );
    expect(stdout).toContain('arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:');
    expect(stdout).not.toContain(':us-east-1:');
  });

  it('exits 2 with a hint when the manifest is missing', () => {
    const { stderr, exitCode } = odin('iam-policy', '-f', 'no-such-odin.yml');
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/no-such-odin\.yml/);
    expect(stderr).toMatch(/odin init/);
  });

  it('exits 2 for an unknown environment', () => {
    const { exitCode, stderr } = odin(
      'iam-policy',
      '-f',
      'examples/target-group.odin.yml',
      '--env',
      'nowhere',
    );
    expect(exitCode).toBe(2);
    expect(stderr).toContain('nowhere');
  });

  it('never loads the AWS SDK', () => {
    const entry = path.join(root, 'dist/commands/iam-policy.js');
    expect(existsSync(entry)).toBe(true);
    const imports = [...staticImports(entry)];
    // The walk really follows the import graph: the command reaches oclif and the manifest loader.
    expect(imports).toContain('@oclif/core');
    expect(imports.some((m) => m.endsWith('manifest/load-manifest.js'))).toBe(true);
    expect(imports.filter((specifier) => specifier.startsWith('@aws-sdk/'))).toEqual([]);
  });
});
