import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtStaticLoad, HEAVY_PACKAGES } from './startup-imports.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function odin(...args: string[]): { stdout: string; stderr: string; exitCode: number | null } {
  const result = spawnSync(process.execPath, ['bin/run.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: 'true' },
  });
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.status };
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

  it('lets deploys read the --image-parameter paths, and says so when none is given', () => {
    const { stdout, exitCode } = odin(
      'iam-policy',
      '-f',
      'examples/target-group.odin.yml',
      '--image-parameter',
      '/images/demo/*',
      '--json',
    );
    expect(exitCode).toBe(0);
    const policy = JSON.parse(stdout) as { Statement: Array<{ Sid: string; Resource: unknown }> };
    expect(policy.Statement.find((s) => s.Sid === 'ReadImageParameter')?.Resource).toBe(
      'arn:aws:ssm:us-east-1:123456789012:parameter/images/demo/*',
    );
    // The dns example reads no variable from SSM, so nothing else grants ssm:GetParameter.
    expect(odin('iam-policy', '-f', 'examples/dns.odin.yml').stderr).toContain(
      'ssm:GetParameter  (image is not read from an SSM parameter; pass --image-parameter PATH',
    );
  });

  it('exits 2 for an --image-parameter that is not a parameter path', () => {
    const { stderr, exitCode } = odin(
      'iam-policy',
      '-f',
      'examples/target-group.odin.yml',
      '--image-parameter',
      'images/demo',
    );
    expect(exitCode).toBe(2);
    expect(stderr).toContain('--image-parameter images/demo is not an SSM parameter path');
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
    const { packages, sources } = builtStaticLoad(root, 'commands/iam-policy.js');
    // The walk really follows the bundle: the command reaches oclif and the manifest loader.
    expect([...sources].some((file) => file.startsWith('node_modules/@oclif/core/'))).toBe(true);
    expect(sources).toContain('src/lib/manifest/load-manifest.ts');
    expect([...packages].filter((name) => HEAVY_PACKAGES.test(name))).toEqual([]);
    expect([...sources].filter((file) => /node_modules\/(@aws-sdk|ink|listr2|react)\//.test(file))).toEqual(
      [],
    );
  });
});
