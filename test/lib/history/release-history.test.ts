import { describe, expect, it } from 'vitest';
import { deploy } from '../../../src/lib/deploy/index.js';
import { formatHistory, queryHistory, shortAuthor } from '../../../src/lib/history/index.js';
import { rollback } from '../../../src/lib/rollback/index.js';
import { deployFixture, type DeployFixture } from '../deploy/support.js';

/**
 * Deploys v1 and v2, a broken v3 that is undone, then rolls back to v1. Without user data no step
 * waits on real I/O (which lets the virtual clock jump unpredictably), so every time is fixed.
 */
async function eventfulHistory(): Promise<DeployFixture> {
  const f = await deployFixture();
  const manifest = { ...f.manifest, instances: { ...f.manifest.instances, userData: undefined } };
  const run = (releaseId: string, image: string, message?: string) =>
    deploy(f.ctx(), f.request({ manifest, releaseId, imageOverride: `name:${image}`, message }));
  await run('v1', 'demo-app-v1', 'first release');
  await run('v2', 'demo-app-v2');
  await run('v3', 'demo-app-broken', 'try the new cache').catch(() => undefined);
  await rollback(f.ctx(), { manifest, to: 'v1', releaseId: 'rb1', message: 'v2 is slow' });
  return { ...f, manifest };
}

function stateOf(f: DeployFixture) {
  const m = f.manifest;
  return { aws: f.aws, clock: f.clock, store: m.state, service: m.service, environment: m.environment };
}

describe('release history', () => {
  it('lists releases newest first with image, who, when, message, outcome and duration', async () => {
    const f = await eventfulHistory();
    const entries = await queryHistory(stateOf(f));

    expect(entries.map((e) => [e.id, e.kind, e.outcome])).toEqual([
      ['rb1', 'rollback', 'live'],
      ['v3', 'deploy', 'rolled-back'],
      ['v2', 'deploy', 'superseded'],
      ['v1', 'deploy', 'superseded'],
    ]);
    expect(entries[0]).toMatchObject({ rolledBackTo: 'v1', image: { name: 'demo-app-v1' } });
    expect(entries.every((e) => (e.durationMs ?? 0) > 0)).toBe(true);
    expect(formatHistory(entries).join('\n')).toMatchSnapshot();
    expect(entries).toMatchSnapshot();
  });

  it('honours the limit', async () => {
    const f = await eventfulHistory();
    const entries = await queryHistory(stateOf(f), { limit: 2 });

    expect(entries.map((e) => e.id)).toEqual(['rb1', 'v3']);
  });

  it('says so when nothing was deployed yet', async () => {
    const f = await deployFixture();
    expect(formatHistory(await queryHistory(stateOf(f)))).toEqual(['No releases recorded yet.']);
  });

  it('shortens ARNs to the user or the role session', () => {
    expect(shortAuthor('arn:aws:iam::123456789012:user/alice')).toBe('user/alice');
    expect(shortAuthor('arn:aws:sts::123456789012:assumed-role/deployer/gh-run-42')).toBe(
      'deployer/gh-run-42',
    );
    expect(shortAuthor('someone')).toBe('someone');
  });
});
