import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deploy } from '../../../src/lib/deploy/deploy.js';
import { plan } from '../../../src/lib/deploy/plan.js';
import { formatPlan } from '../../../src/lib/deploy/format-plan.js';
import { formatEventJson } from '../../../src/lib/render/json-renderer.js';
import { loadManifest } from '../../../src/lib/manifest/load-manifest.js';
import type { LaunchTemplateData } from '../../../src/lib/aws/types.js';
import { DeployFailedError, OdinError } from '../../../src/lib/errors/index.js';
import { planRollback, rollback } from '../../../src/lib/rollback/index.js';
import { tempWorkspace } from '../../helpers/temp-workspace.js';
import { deployFixture } from '../deploy/support.js';

const MARKER = 'odin-secret-marker-7f3a9c';
/** Credentials in the environment odin runs with, each a marker of its own. */
const CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIAODINMARKER7F3A9C',
  AWS_SECRET_ACCESS_KEY: 'odin-secret-access-key-marker-4b1d',
  AWS_SESSION_TOKEN: 'odin-session-token-marker-9e2c',
};

/**
 * How `text` can appear inside longer base64 (user data is sent base64-encoded): one form per
 * byte alignment, each without the characters at its edges that also encode neighbouring bytes.
 */
function base64Forms(text: string): string[] {
  return [0, 1, 2].map((pad) => {
    const encoded = Buffer.from('\0'.repeat(pad) + text).toString('base64');
    return encoded.slice(pad === 0 ? 0 : 4, -4);
  });
}

/** Every secret a test plants, plain and in each base64 form. */
const SECRET_FORMS = [MARKER, ...Object.values(CREDENTIALS)].flatMap((s) => [s, ...base64Forms(s)]);

function expectNoSecret(label: string, output: string): void {
  for (const form of SECRET_FORMS) expect(output.includes(form), `${label} contains ${form}`).toBe(false);
}

/** The example service, with user data that carries a secret the way real user data does. */
async function manifestWithSecret(): Promise<Awaited<ReturnType<typeof loadManifest>>> {
  const { cwd } = await tempWorkspace({
    example: 'all',
    seed: false,
    prepare: (dir) =>
      writeFileSync(
        join(dir, 'user-data.sh'),
        `#!/bin/sh\nexport DB_PASSWORD=${MARKER}\necho \${ODIN_RELEASE}\n`,
      ),
  });
  return loadManifest(join(cwd, 'target-group.odin.yml'));
}

/** Every object odin keeps in the state bucket: lease, journal, release records, markers. */
async function stateObjects(fixture: Awaited<ReturnType<typeof deployFixture>>): Promise<string> {
  const bucket = fixture.manifest.state.bucket;
  const keys = await fixture.aws.s3.listKeys(bucket, '');
  const bodies = await Promise.all(keys.map((key) => fixture.aws.s3.getObject(bucket, key)));
  expect(keys.length).toBeGreaterThan(1);
  return keys.map((key, i) => `${key}\n${bodies[i]?.body ?? ''}`).join('\n');
}

/** All a user or a log could see of an error: message, hint, details, cause chain and stack. */
function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let e = error; e instanceof Error; e = e.cause) {
    parts.push(e.message, e.stack ?? '', e instanceof OdinError ? JSON.stringify(e) : '');
  }
  return parts.join('\n');
}

describe('base64Forms', () => {
  it('finds text inside base64 whatever its offset', () => {
    for (const offset of [0, 1, 2, 29, 30, 31]) {
      const encoded = Buffer.from(`${'x'.repeat(offset)}${MARKER}tail`).toString('base64');
      expect(base64Forms(MARKER).some((form) => encoded.includes(form))).toBe(true);
    }
  });
});

describe('secrets in user data and credentials', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('reach the launch template and nothing else, through deploys, a failed deploy and a rollback', async () => {
    for (const [key, value] of Object.entries(CREDENTIALS)) vi.stubEnv(key, value);
    const fixture = await deployFixture();
    const manifest = await manifestWithSecret();
    const sent: LaunchTemplateData[] = [];
    const ec2 = fixture.aws.ec2;
    const create = ec2.createLaunchTemplate.bind(ec2);
    ec2.createLaunchTemplate = (name, data, tags) => {
      sent.push(data);
      return create(name, data, tags);
    };

    const planned = await plan(fixture.ctx(), fixture.request({ manifest }));
    const first = await deploy(fixture.ctx(), fixture.request({ manifest }));
    const second = await deploy(
      fixture.ctx(),
      fixture.request({ manifest, imageOverride: 'name:demo-app-v1' }),
    );
    const failed = await deploy(
      fixture.ctx(),
      fixture.request({ manifest, imageOverride: 'name:demo-app-broken' }),
    ).catch((e: unknown) => e);
    const rollbackPlan = await planRollback(fixture.ctx(), { manifest });
    const rolledBack = await rollback(fixture.ctx(), { manifest });

    // The secret really was used, and in a form the base64 check finds.
    expect(sent).toHaveLength(1);
    expect(Buffer.from(sent[0]?.userData ?? '', 'base64').toString('utf8')).toContain(MARKER);
    expect(base64Forms(MARKER).some((form) => sent[0]?.userData?.includes(form))).toBe(true);
    expect(failed).toBeInstanceOf(DeployFailedError);
    expect(rolledBack).toMatchObject({ outcome: 'live', rolledBackTo: first.releaseId });

    const outputs: Record<string, string> = {
      events: fixture.events.map((event) => formatEventJson(event)).join(''),
      plan: JSON.stringify(planned),
      'formatted plan': formatPlan(planned).join('\n'),
      results: JSON.stringify([first, second, rolledBack]),
      'failed deploy': errorText(failed),
      'rollback plan': JSON.stringify(rollbackPlan),
      'state bucket': await stateObjects(fixture),
      'simulator view': JSON.stringify(fixture.cloud.snapshot()),
    };
    expect(outputs.events).toContain('"step":"undo"');
    for (const [label, output] of Object.entries(outputs)) expectNoSecret(label, output);
  });
});

describe('secrets through the odin binary', () => {
  it('never appear on stdout or stderr of plan, deploy, a failed deploy, rollback, status or the simulator view', async () => {
    const { run } = await tempWorkspace({
      example: 'all',
      env: { ODIN_SIMULATOR_SPEED: '100', ODIN_DEBUG: '1', ...CREDENTIALS },
      prepare: (dir) => writeFileSync(join(dir, 'user-data.sh'), `#!/bin/sh\nexport API_TOKEN=${MARKER}\n`),
      seed: false,
    });
    const f = ['-f', 'target-group.odin.yml', '--simulate'];
    const runs = [
      await run(['simulator', 'seed']),
      await run(['plan', ...f]),
      await run(['deploy', ...f, '--log-format', 'json']),
      await run(['deploy', ...f, '--json', '--image', 'name:demo-app-v1']),
      await run(['deploy', ...f, '--log-format', 'plain', '--image', 'name:demo-app-broken']),
      await run(['rollback', ...f, '--log-format', 'json']),
      await run(['status', ...f, '--json']),
      await run(['history', ...f]),
      await run(['simulator', 'show', '--json']),
    ];
    expect(runs.map((r) => r.exitCode)).toEqual([0, 0, 0, 0, 4, 0, 0, 0, 0]);
    runs.forEach((r, i) => expectNoSecret(`run ${i}`, r.stdout + r.stderr));
  }, 120_000);
});
