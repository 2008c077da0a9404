import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExitCode, InvalidFlagError, ManifestError } from '../../../src/lib/errors/index.js';
import { loadManifest, loadManifests } from '../../../src/lib/manifest/load-manifest.js';
import { BASE, writeManifest } from './manifest-text.js';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));

async function issues(file: string) {
  const error = await loadManifests(file).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ManifestError);
  return (error as ManifestError).issues;
}

describe('loading a manifest', () => {
  it.each(['target-group', 'weighted', 'dns'])(
    'resolves examples/%s.odin.yml and its production overlay',
    async (name) => {
      const [base, production] = await loadManifests(`${examples}${name}.odin.yml`);
      expect(base?.environment).toBe('default');
      expect(base?.production).toBe(false);
      expect(production?.environment).toBe('production');
      expect(production?.production).toBe(true);
      expect(production?.capacity.min).toBeGreaterThan(base?.capacity.min ?? Infinity);
    },
  );

  it('fills defaults and normalises durations, instance types and the file path', async () => {
    const file = writeManifest(BASE);
    const manifest = await loadManifest(file);
    expect(manifest.file).toBe(file);
    expect(manifest.instances.types).toEqual(['t3.small']);
    expect(manifest.capacity).toEqual({ min: 2, max: 6, desired: 2 });
    expect(manifest.health).toEqual({
      targetGroups: ['demo-web'],
      healthyPercent: 100,
      gracePeriodMs: 90_000,
      timeoutMs: 900_000,
      floor: 2,
    });
    expect(manifest.retain).toEqual({ standbys: 1, warmForMs: 1_800_000 });
    expect(manifest.state.prefix).toBe('odin/');
    expect(manifest.scaling).toEqual([]);
  });

  it('keeps the floor at 1 or more when capacity.min is 0', async () => {
    const manifest = await loadManifest(
      writeManifest(BASE.replace('{ min: 2, max: 6 }', '{ min: 0, max: 6, desired: 1 }')),
    );
    expect(manifest.health.floor).toBe(1);
  });

  it('accepts an unquoted 12-digit account without a leading zero, as a string', async () => {
    const manifest = await loadManifest(writeManifest(BASE.replace('"123456789012"', '123456789012')));
    expect(manifest.account).toBe('123456789012');
  });

  it('adds a missing trailing slash to the state prefix', async () => {
    const manifest = await loadManifest(
      writeManifest(BASE.replace('  bucket: odin', '  prefix: deploys\n  bucket: odin')),
    );
    expect(manifest.state.prefix).toBe('deploys/');
  });

  it('reports every problem at once, in file order', async () => {
    const text = BASE.replace('service: checkout', 'service: Checkout')
      .replace('max: 6', 'max: 1')
      .replace('region:', 'regoin:');
    const found = await issues(writeManifest(text));
    // A missing key points at the start of the map that lacks it.
    expect(found.map((i) => [i.path, i.line, i.column])).toEqual([
      ['region', 1, 1],
      ['service', 1, 10],
      ['regoin', 2, 1],
      ['capacity.min', 12, 18],
    ]);
  });

  it('ends key problems with the default closing hint, and YAML or empty-file problems with their own', async () => {
    const hintOf = async (text: string) =>
      ((await loadManifests(writeManifest(text)).catch((e: unknown) => e)) as ManifestError).hint;
    expect(await hintOf(BASE.replace('region:', 'regoin:'))).toBe(
      'Fix the listed keys, then run `odin validate`.',
    );
    expect(await hintOf(BASE.replace('[web]', '[web'))).toMatch(/^Fix the YAML at the listed lines/);
    expect(await hintOf('')).toBe('Run `odin init` to write a commented starter manifest.');
    expect(await hintOf('- service: checkout\n')).toMatch(/^Start from `odin init`/);
  });

  it('counts one problem in the message and leaves its details to the issue', async () => {
    const error = (await loadManifests(writeManifest(BASE.replace('region: us-east-1\n', ''))).catch(
      (e: unknown) => e,
    )) as ManifestError;
    expect(error.message).toMatch(/odin\.yml has 1 problem$/);
    expect(error.issues).toEqual([
      expect.objectContaining({ path: 'region', hint: 'add `region: us-east-1`' }),
    ]);
  });

  it('says which file is missing and points at odin init', async () => {
    const error = await loadManifest('/nonexistent/odin.yml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManifestError);
    expect(error).toMatchObject({
      code: 'MANIFEST_NOT_FOUND',
      exitCode: ExitCode.InvalidInput,
      message: 'no manifest at /nonexistent/odin.yml',
    });
    expect((error as ManifestError).hint).toContain('odin init');
  });
});

describe('environments', () => {
  const overlay = (body: string) => `${BASE}environments:\n  production:\n${body}`;

  it('merges maps deeply and replaces lists', async () => {
    const file = writeManifest(
      overlay(
        '    production: true\n    health: { healthyPercent: 50 }\n    instances: { subnets: [private-c] }\n',
      ),
    );
    const manifest = await loadManifest(file, { env: 'production' });
    expect(manifest.health.targetGroups).toEqual(['demo-web']);
    expect(manifest.health.healthyPercent).toBe(50);
    expect(manifest.instances.subnets).toEqual(['private-c']);
    expect(manifest.instances.securityGroups).toEqual(['web']);
    expect(manifest.production).toBe(true);
  });

  it('replaces the image source and the traffic section when the overlay picks another kind', async () => {
    const weighted =
      '    traffic:\n      strategy: weighted\n      rule: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/a/b/c/d\n' +
      '      targetGroups: { blue: b, green: g }\n    image: { id: ami-0123456789abcdef0 }\n    instances: { types: [m7g.large] }\n';
    const manifest = await loadManifest(writeManifest(overlay(weighted)), { env: 'production' });
    expect(manifest.image).toEqual({ id: 'ami-0123456789abcdef0' });
    expect(manifest.traffic).toMatchObject({ strategy: 'weighted', steps: [{ weight: 100, bakeMs: 0 }] });
    expect(manifest.instances.types).toEqual(['m7g.large']);
  });

  it('refuses an unknown --env and lists the known ones', async () => {
    const file = writeManifest(overlay('    production: true\n'));
    const error = await loadManifest(file, { env: 'prodution' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidFlagError);
    expect((error as InvalidFlagError).message).toContain('known environments: production');
    expect((error as InvalidFlagError).hint).toBe('did you mean --env `production`?');
  });

  it('points an error set in an overlay at the overlay line', async () => {
    const found = await issues(writeManifest(overlay('    capacity: { min: 9 }\n')));
    expect(found).toEqual([
      expect.objectContaining({
        path: 'environments.production.capacity.min',
        line: 19,
        message: 'min (9) is greater than max (6)',
      }),
    ]);
  });

  it('names the environment when the merge breaks a key the overlay does not set', async () => {
    const found = await issues(writeManifest(overlay('    capacity: { max: 1 }\n')));
    expect(found).toEqual([
      expect.objectContaining({
        path: 'capacity.min',
        line: 12,
        message: 'min (2) is greater than max (1) (in environment production)',
      }),
    ]);
  });

  it('reports a problem of the base once, not once per environment', async () => {
    const text = `${BASE.replace('t3.small', 't3small')}environments:\n  staging: {}\n  production: { production: true }\n`;
    const found = await issues(writeManifest(text));
    expect(found.map((i) => i.path)).toEqual(['instances.type']);
  });

  it('validates only the environment asked for', async () => {
    const file = writeManifest(
      `${BASE}environments:\n  staging: { capacity: { min: 9 } }\n  production: { production: true }\n`,
    );
    const manifests = await loadManifests(file, { env: 'production' });
    expect(manifests.map((m) => m.environment)).toEqual(['production']);
  });
});
