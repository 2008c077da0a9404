import { describe, expect, it } from 'vitest';
import { deploy } from '../../../src/lib/deploy/index.js';
import type { OdinEvent } from '../../../src/lib/events/event.js';
import type { Manifest } from '../../../src/lib/manifest/types.js';
import { rollback } from '../../../src/lib/rollback/index.js';
import { settledProblems } from '../../helpers/invariants.js';
import { deployFixture } from '../deploy/support.js';

const BAKE_MS = 2 * 60_000;

/** The weighted example with a 10% step baked 2 minutes, no pause, and the given standbys. */
function canary(m: Manifest, standbys: number): Manifest {
  if (m.traffic.strategy !== 'weighted') throw new Error('expected the weighted example');
  return {
    ...m,
    retain: { standbys, warmForMs: 60 * 60_000 },
    traffic: {
      ...m.traffic,
      steps: [
        { weight: 10, bakeMs: BAKE_MS },
        { weight: 100, bakeMs: 0 },
      ],
    },
  };
}

function cutoverDetails(events: OdinEvent[], since: number): string[] {
  return events
    .slice(since)
    .flatMap((e) => (e.type === 'step.progress' && e.step === 'cutover' ? [e.detail] : []));
}

async function rolledBack(standbys: number) {
  const f = await deployFixture({ example: 'weighted' });
  const manifest = canary(f.manifest, standbys);
  await deploy(f.ctx(), f.request({ manifest, imageOverride: 'name:demo-app-v1' }));
  await deploy(f.ctx(), f.request({ manifest, imageOverride: 'name:demo-app-v2' }));
  const since = f.events.length;
  const started = f.clock.now();
  const result = await rollback(f.ctx(), { manifest });
  return { f, manifest, result, details: cutoverDetails(f.events, since), tookMs: f.clock.now() - started };
}

describe('rollback with the weighted strategy', () => {
  it('walks the weight steps and bakes when it redeploys, since the fleet it launches is new', async () => {
    const { f, manifest, result, details, tookMs } = await rolledBack(0);

    expect(result.path).toBe('redeploy');
    expect(details.some((d) => d.startsWith(`10% on ${result.newGroup}`) && d.includes('baking'))).toBe(true);
    expect(tookMs).toBeGreaterThanOrEqual(BAKE_MS);
    expect(result.traffic).toMatch(new RegExp(`^100% on ${result.newGroup}`));
    expect(await settledProblems(f.aws, f.cloud, manifest, result.releaseId)).toEqual([]);
  });

  it('puts all weight on a reused standby in one step, without baking', async () => {
    const { result, details, tookMs } = await rolledBack(1);

    expect(result.path).toBe('warm-standby');
    expect(details.some((d) => d.includes('baking'))).toBe(false);
    expect(tookMs).toBeLessThan(BAKE_MS);
  });

  it('goes past a pause step of the redeployed release with autoPromote, as deploy --auto does', async () => {
    const f = await deployFixture({ example: 'weighted' });
    const base = canary(f.manifest, 0);
    if (base.traffic.strategy !== 'weighted') throw new Error('expected the weighted example');
    const manifest: Manifest = {
      ...base,
      traffic: {
        ...base.traffic,
        steps: [{ weight: 10, bakeMs: 0 }, { pause: true }, { weight: 100, bakeMs: 0 }],
      },
    };
    await deploy(f.ctx(), f.request({ manifest, imageOverride: 'name:demo-app-v1', autoPromote: true }));
    await deploy(f.ctx(), f.request({ manifest, imageOverride: 'name:demo-app-v2', autoPromote: true }));
    const since = f.events.length;

    const result = await rollback(f.ctx(), { manifest, autoPromote: true });

    expect(result.path).toBe('redeploy');
    const logs = f.events.slice(since).flatMap((e) => (e.type === 'log' ? [e.message] : []));
    expect(logs.some((m) => m.startsWith('Went past the pause at'))).toBe(true);
    expect(result.traffic).toMatch(new RegExp(`^100% on ${result.newGroup}`));
    expect(await settledProblems(f.aws, f.cloud, manifest, result.releaseId)).toEqual([]);
  });
});
