import { describe, expect, it } from 'vitest';
import { deploy } from '../../../src/lib/deploy/index.js';
import { Journal } from '../../../src/lib/journal/journal.js';
import { formatStatus, readStatus } from '../../../src/lib/status/index.js';
import { acquireLease } from '../../../src/lib/state/lease.js';
import { loadManifest } from '../../../src/lib/manifest/load-manifest.js';
import { deployFixture, examplePath, type DeployFixture } from '../deploy/support.js';

/**
 * Two deploys, v1 then v2. Without user data no deploy step waits on real I/O, during which the
 * virtual clock would jump by a nondeterministic amount: the times in the snapshots stay fixed.
 */
async function twoDeploys(): Promise<DeployFixture> {
  const f = await deployFixture();
  const manifest = { ...f.manifest, instances: { ...f.manifest.instances, userData: undefined } };
  const run = (releaseId: string, image: string, message: string) =>
    deploy(f.ctx(), f.request({ manifest, releaseId, imageOverride: `name:${image}`, message }));
  await run('v1', 'demo-app-v1', 'first');
  await run('v2', 'demo-app-v2', 'faster checkout');
  return { ...f, manifest };
}

function stateOf(f: DeployFixture) {
  const m = f.manifest;
  return { aws: f.aws, clock: f.clock, store: m.state, service: m.service, environment: m.environment };
}

describe('readStatus', () => {
  it('shows the live release, its fleet, targets, split, standbys with their expiry, and recent activity', async () => {
    const f = await twoDeploys();
    await f.clock.advance(10 * 60_000);
    const status = await readStatus(f, f.manifest);

    expect(status.live).toMatchObject({
      releaseId: 'v2',
      kind: 'deploy',
      image: { name: 'demo-app-v2' },
      message: 'faster checkout',
      fleet: { name: 'demo-web-default-v2', min: 2, desired: 2, max: 6, instances: { InService: 2 } },
    });
    expect(status.live?.ageMs).toBeGreaterThanOrEqual(10 * 60_000);
    expect(status.targetGroups).toEqual([
      expect.objectContaining({
        name: 'demo-web',
        healthy: 2,
        unhealthy: 0,
        live: { healthy: 2, unhealthy: 0 },
      }),
    ]);
    expect(status.traffic?.summary).toBe('100% on demo-web-default-v2 (demo-web)');
    const expiresAt = Number(
      f.cloud.snapshot().fleets.find((g) => g.name === 'demo-web-default-v1')?.tags['odin:standby-expires'],
    );
    expect(status.standbys).toEqual([
      {
        name: 'demo-web-default-v1',
        releaseId: 'v1',
        warm: true,
        running: 2,
        desired: 2,
        expiresAt,
        expiresInMs: expiresAt - f.clock.now(),
      },
    ]);
    expect(status.deploy).toBeUndefined();
    expect(status.lease).toBeUndefined();
    expect(status.activity.length).toBeGreaterThan(0);
    expect(formatStatus(status).join('\n')).toMatchSnapshot();
    expect(JSON.parse(JSON.stringify(status))).toMatchSnapshot();
  });

  it('shows the standby cold once its warm window ended without odin running', async () => {
    const f = await twoDeploys();
    await f.clock.advance(61 * 60_000);
    const status = await readStatus(f, f.manifest);

    expect(status.standbys).toEqual([
      { name: 'demo-web-default-v1', releaseId: 'v1', warm: false, running: 0, desired: 0 },
    ]);
    expect(formatStatus(status)).toContain('  standbys  demo-web-default-v1 cold (scaled to zero)');
  });

  it('shows an instance killed and replaced by its group', async () => {
    const f = await twoDeploys();
    const victim = f.cloud.snapshot().fleets.find((g) => g.name === 'demo-web-default-v2')?.instances[0]?.id;
    f.cloud.killInstance(String(victim));
    await f.clock.advance(3 * 60_000);
    const status = await readStatus(f, f.manifest);

    const replaced = status.activity.find((a) => a.replacement);
    expect(replaced?.description).toContain(String(victim));
    expect(status.live?.fleet.instances).toEqual({ InService: 2 });
    expect(formatStatus(status).join('\n')).toContain(
      `Terminating EC2 instance: ${victim} (replacing an unhealthy instance)`,
    );
  });

  it('shows a deploy in progress with its last step and who holds the lease', async () => {
    const f = await twoDeploys();
    const lease = await acquireLease(stateOf(f), {
      command: 'odin deploy',
      callerArn: 'arn:aws:iam::123456789012:user/alice',
      releaseId: 'v3',
      host: 'ci-7',
    });
    const journal = await Journal.open(stateOf(f), {
      deployId: 'd-0001',
      releaseId: 'v3',
      kind: 'deploy',
      author: 'arn:aws:iam::123456789012:user/alice',
    });
    await journal.completed('find-live');
    const status = await readStatus(f, f.manifest);
    await lease.release();

    expect(status.deploy).toMatchObject({
      deployId: 'd-0001',
      releaseId: 'v3',
      status: 'running',
      lastStep: 'find-live',
    });
    expect(status.lease).toMatchObject({
      state: 'held',
      holder: 'arn:aws:iam::123456789012:user/alice',
      host: 'ci-7',
    });
    const text = formatStatus(status).join('\n');
    expect(text).toContain('deploy d-0001 of v3 in progress, last step find-live');
    expect(text).toMatch(
      /lease +held by arn:aws:iam::123456789012:user\/alice on ci-7 running `odin deploy` for v3, expires in 2m/,
    );
  });

  it('tells targets of other fleets in a shared target group from this environment’s own', async () => {
    const f = await twoDeploys();
    // The examples' environments share the demo-web target group; production has deployed nothing.
    const production = await loadManifest(examplePath('target-group'), { env: 'production' });
    const status = await readStatus(f, production);

    expect(status.live).toBeUndefined();
    expect(status.targetGroups).toEqual([
      expect.objectContaining({
        name: 'demo-web',
        healthy: 2,
        live: { healthy: 0, unhealthy: 0 },
        otherFleets: { healthy: 2, unhealthy: 0 },
      }),
    ]);
    expect(status.traffic?.summary).toBe(
      "no healthy targets of this environment's fleets in demo-web (2 healthy targets of other fleets)",
    );
    const text = formatStatus(status).join('\n');
    expect(text).toMatch(
      /targets +demo-web: 2 healthy, 0 unhealthy \(live fleet: 0 healthy, 0 unhealthy; other fleets: 2 healthy, 0 unhealthy\)/,
    );
  });

  it('counts no targets as other fleets’ while all belong to this environment', async () => {
    const f = await twoDeploys();
    const status = await readStatus(f, f.manifest);

    expect(status.targetGroups[0]?.otherFleets).toEqual({ healthy: 0, unhealthy: 0 });
    expect(formatStatus(status).join('\n')).not.toContain('other fleets');
  });

  it('says nothing is live before the first deploy', async () => {
    const f = await deployFixture();
    const status = await readStatus(f, f.manifest);

    expect(status.live).toBeUndefined();
    expect(status.standbys).toEqual([]);
    expect(formatStatus(status)).toContain('  live      nothing is live');
  });
});
