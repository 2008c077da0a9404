import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deploy } from '../../../src/lib/deploy/deploy.js';
import { plan } from '../../../src/lib/deploy/plan.js';
import { formatPlan } from '../../../src/lib/deploy/format-plan.js';
import { formatEventJson } from '../../../src/lib/render/json-renderer.js';
import { loadManifest } from '../../../src/lib/manifest/load-manifest.js';
import type { LaunchTemplateData } from '../../../src/lib/aws/types.js';
import { tempWorkspace } from '../../helpers/temp-workspace.js';
import { deployFixture } from '../deploy/support.js';

const MARKER = 'odin-secret-marker-7f3a9c';

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

describe('secrets in user data', () => {
  it('reach the launch template and nothing else: events, plan, result, journal, history, simulator view', async () => {
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

    // The secret really was used: it is in the user data odin handed to EC2.
    expect(sent).toHaveLength(1);
    expect(Buffer.from(sent[0]?.userData ?? '', 'base64').toString('utf8')).toContain(MARKER);

    const outputs = [
      fixture.events.map((event) => formatEventJson(event)).join(''),
      JSON.stringify(planned),
      formatPlan(planned),
      JSON.stringify(first),
      JSON.stringify(second),
      await stateObjects(fixture),
      JSON.stringify(fixture.cloud.snapshot()),
    ];
    const base64Marker = Buffer.from(MARKER).toString('base64').slice(0, 16);
    for (const output of outputs) {
      expect(output).not.toContain(MARKER);
      expect(output).not.toContain(base64Marker);
    }
    expect([first.outcome, second.outcome]).toEqual(['live', 'live']);
  });
});

describe('secrets through the odin binary', () => {
  it('never appear on stdout or stderr of plan, deploy (plain and JSON) or the simulator view', async () => {
    const { run } = await tempWorkspace({
      example: 'all',
      env: { ODIN_SIMULATOR_SPEED: '2000', ODIN_DEBUG: '1' },
      prepare: (dir) => writeFileSync(join(dir, 'user-data.sh'), `#!/bin/sh\nexport API_TOKEN=${MARKER}\n`),
      seed: false,
    });
    const runs = [
      await run(['simulator', 'seed']),
      await run(['plan', '-f', 'target-group.odin.yml', '--simulate']),
      await run(['deploy', '-f', 'target-group.odin.yml', '--simulate', '--log-format', 'json']),
      await run([
        'deploy',
        '-f',
        'target-group.odin.yml',
        '--simulate',
        '--json',
        '--image',
        'name:demo-app-v1',
      ]),
      await run(['simulator', 'show', '--json']),
    ];
    expect(runs.map((run) => run.exitCode)).toEqual([0, 0, 0, 0, 0]);
    for (const run of runs) {
      expect(run.stdout + run.stderr).not.toContain(MARKER);
    }
  }, 120_000);
});
