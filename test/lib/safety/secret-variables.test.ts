import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LaunchTemplateData } from '../../../src/lib/aws/types.js';
import { deploy } from '../../../src/lib/deploy/deploy.js';
import { formatPlan } from '../../../src/lib/deploy/format-plan.js';
import { plan } from '../../../src/lib/deploy/plan.js';
import { AwsCallError, DeployFailedError, OdinError } from '../../../src/lib/errors/index.js';
import { loadManifest } from '../../../src/lib/manifest/load-manifest.js';
import { summarizeManifest } from '../../../src/lib/manifest/summarize-manifest.js';
import { formatEventJson } from '../../../src/lib/render/json-renderer.js';
import { planRollback, rollback } from '../../../src/lib/rollback/index.js';
import { DEMO_SECRET } from '../../../src/lib/simulator/seed.js';
import { tempWorkspace } from '../../helpers/temp-workspace.js';
import { deployFixture, type DeployFixture } from '../deploy/support.js';

/** The SSM SecureString's value, and a literal marked secret in the manifest. */
const SSM_MARKER = 'odin-ssm-secret-marker-51c8e2';
const LITERAL_MARKER = 'odin-literal-secret-marker-a94d07';

const USER_DATA =
  '#!/bin/sh\nexport DB_PASSWORD=${DB_PASSWORD}\nexport API_TOKEN=${API_TOKEN}\nexport LOG_LEVEL=${LOG_LEVEL}\n';

/** Each form a marker takes inside longer base64 (user data travels encoded), one per byte alignment. */
function encodedForms(text: string): string[] {
  return [0, 1, 2].map((pad) =>
    Buffer.from('\0'.repeat(pad) + text)
      .toString('base64')
      .slice(pad ? 4 : 0, -4),
  );
}

const FORMS = [SSM_MARKER, LITERAL_MARKER].flatMap((marker) => [marker, ...encodedForms(marker)]);

function expectNoSecret(label: string, output: string): void {
  for (const form of FORMS) expect(output.includes(form), `${label} contains ${form}`).toBe(false);
}

/** The examples, with user data using both secrets and the literal one declared in the manifest. */
function prepareExamples(dir: string): void {
  writeFileSync(join(dir, 'user-data.sh'), USER_DATA);
  const file = join(dir, 'target-group.odin.yml');
  const manifest = readFileSync(file, 'utf8').replace(
    '    DB_PASSWORD: { ssm: /odin/demo-app/db-password }\n',
    `    DB_PASSWORD: { ssm: /odin/demo-app/db-password }\n    API_TOKEN: { value: ${LITERAL_MARKER}, secret: true }\n`,
  );
  expect(manifest).toContain(LITERAL_MARKER);
  writeFileSync(file, manifest);
}

/** Every object in the state bucket: lease, journal, release records. */
async function stateObjects(fixture: DeployFixture): Promise<string> {
  const bucket = fixture.manifest.state.bucket;
  const keys = await fixture.aws.s3.listKeys(bucket, '');
  const bodies = await Promise.all(keys.map((key) => fixture.aws.s3.getObject(bucket, key)));
  expect(keys.some((key) => key.includes('journal'))).toBe(true);
  return keys.map((key, i) => `${key}\n${bodies[i]?.body ?? ''}`).join('\n');
}

/** Message, hint, details, cause chain and stack: all a user or a log could see of an error. */
function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let e = error; e instanceof Error; e = e.cause)
    parts.push(e.message, e.stack ?? '', e instanceof OdinError ? JSON.stringify(e) : '');
  return parts.join('\n');
}

/** Records what odin sends as launch template data; `failNext` makes the next version fail with an AWS error echoing it. */
function recordTemplates(fixture: DeployFixture) {
  const sent: LaunchTemplateData[] = [];
  const state = { failNext: false };
  const ec2 = fixture.aws.ec2;
  const create = ec2.createLaunchTemplate.bind(ec2);
  const version = ec2.createLaunchTemplateVersion.bind(ec2);
  ec2.createLaunchTemplate = (name, data, tags) => (sent.push(data), create(name, data, tags));
  ec2.createLaunchTemplateVersion = async (id, data, description) => {
    sent.push(data);
    if (!state.failNext) return version(id, data, description);
    state.failNext = false;
    const echo = `Value '${data.userData ?? ''}' at 'userData' failed to satisfy constraint (${SSM_MARKER})`;
    const sdk = Object.assign(new Error(echo), { name: 'ValidationError' });
    throw new AwsCallError('ec2', 'CreateLaunchTemplateVersion', 'ValidationError', echo, { cause: sdk });
  };
  return { sent, state };
}

function decoded(data: LaunchTemplateData | undefined): string {
  return Buffer.from(data?.userData ?? '', 'base64').toString('utf8');
}

describe('secret variables', () => {
  it('reach the launch template user data and nothing else, through plan, deploys, failures and a rollback', async () => {
    const fixture = await deployFixture();
    const parameter = fixture.cloud.world.state.parameters[DEMO_SECRET.parameter];
    if (!parameter) throw new Error('the seeded world has no example secret');
    parameter.value = SSM_MARKER;
    const { cwd } = await tempWorkspace({ example: 'all', seed: false, prepare: prepareExamples });
    const manifest = await loadManifest(join(cwd, 'target-group.odin.yml'));
    const { sent, state } = recordTemplates(fixture);

    const planned = await plan(fixture.ctx(), fixture.request({ manifest }));
    const first = await deploy(fixture.ctx(), fixture.request({ manifest }));
    const second = await deploy(
      fixture.ctx(),
      fixture.request({ manifest, imageOverride: 'name:demo-app-v1' }),
    );
    state.failNext = true;
    const awsFailure = await deploy(fixture.ctx(), fixture.request({ manifest })).catch((e: unknown) => e);
    const unhealthy = await deploy(
      fixture.ctx(),
      fixture.request({ manifest, imageOverride: 'name:demo-app-broken' }),
    ).catch((e: unknown) => e);
    const rollbackPlan = await planRollback(fixture.ctx(), { manifest });
    const rolledBack = await rollback(fixture.ctx(), { manifest });

    // Both secrets really were used, in every launch template version odin sent.
    expect(sent.length).toBeGreaterThanOrEqual(4);
    for (const data of sent) {
      expect(decoded(data)).toContain(`DB_PASSWORD=${SSM_MARKER}\n`);
      expect(decoded(data)).toContain(`API_TOKEN=${LITERAL_MARKER}\n`);
      expect(decoded(data)).toContain('LOG_LEVEL=info\n');
    }
    expect(awsFailure).toBeInstanceOf(DeployFailedError);
    expect((awsFailure as Error).cause).toBeInstanceOf(AwsCallError);
    expect(errorText(awsFailure)).toContain('[secret DB_PASSWORD]');
    expect(unhealthy).toBeInstanceOf(OdinError);
    expect(rolledBack.outcome).toBe('live');
    expect(formatPlan(planned).join('\n')).toContain(
      'DB_PASSWORD (secret, from ssm:/odin/demo-app/db-password), API_TOKEN (secret, in the manifest)',
    );
    expect(planned.warnings.join('\n')).toMatch(
      /API_TOKEN is a secret written in the manifest; store it in SSM/,
    );

    const outputs: Record<string, string> = {
      events: fixture.events.map((event) => formatEventJson(event)).join(''),
      plan: JSON.stringify(planned),
      'formatted plan': formatPlan(planned).join('\n'),
      results: JSON.stringify([first, second, rolledBack]),
      'AWS error': errorText(awsFailure),
      'unhealthy deploy': errorText(unhealthy),
      'rollback plan': JSON.stringify(rollbackPlan),
      'journal and release records': await stateObjects(fixture),
      'validate --json': JSON.stringify(manifest),
      'validate summary': JSON.stringify(summarizeManifest(manifest)),
    };
    expect(outputs['events']).toContain('"step":"undo"');
    for (const [label, output] of Object.entries(outputs)) expectNoSecret(label, output);
  });
});

describe('secret variables through the odin binary', () => {
  it('never appear on stdout, stderr or the CI job summary, with debug logs on', async () => {
    const summary = join(await tempDir(), 'summary.md');
    const { run, cwd } = await tempWorkspace({
      example: 'all',
      env: {
        ODIN_SIMULATOR_SPEED: '100',
        ODIN_DEBUG: '1',
        GITHUB_ACTIONS: 'true',
        GITHUB_STEP_SUMMARY: summary,
      },
      prepare: prepareExamples,
    });
    const world = join(cwd, '.odin', 'simulator.json');
    writeFileSync(world, readFileSync(world, 'utf8').replaceAll(DEMO_SECRET.value, SSM_MARKER));
    const f = ['-f', 'target-group.odin.yml', '--simulate'];
    const runs = [
      await run(['validate', '-f', 'target-group.odin.yml']),
      await run(['validate', '-f', 'target-group.odin.yml', '--json']),
      await run(['plan', ...f, '--json']),
      await run(['deploy', ...f, '--log-format', 'json']),
      await run(['deploy', ...f, '--json', '--image', 'name:demo-app-v1']),
      await run(['deploy', ...f, '--log-format', 'plain', '--image', 'name:demo-app-broken']),
      await run(['rollback', ...f, '--log-format', 'json']),
      await run(['history', ...f, '--json']),
    ];
    expect(runs.map((r) => r.exitCode)).toEqual([0, 0, 0, 0, 0, 4, 0, 0]);
    expect(runs[0]?.stdout).toContain('API_TOKEN (secret, in the manifest)');
    expect(runs[0]?.stdout).toMatch(
      /warning +instances\.variables\.API_TOKEN is a secret written in the manifest/,
    );
    runs.forEach((r, i) => expectNoSecret(`run ${i}`, r.stdout + r.stderr));
    expectNoSecret('job summary', readFileSync(summary, 'utf8'));
  }, 120_000);
});

async function tempDir(): Promise<string> {
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  return mkdtemp(join(tmpdir(), 'odin-summary-'));
}
