import { describe, expect, it } from 'vitest';
import { deploy } from '../../../src/lib/deploy/index.js';
import { rollback } from '../../../src/lib/rollback/index.js';
import { settledProblems } from '../../helpers/invariants.js';
import { pairFixture, progressOf, rolesOf, sharesNow, watchPair } from '../traffic/steps-fixture.js';
import { fleet } from './support.js';

/** The example's two releases, v1 then v2, each promoted straight through its traffic steps. */
async function twoPairReleases(example: 'weighted' | 'dns') {
  const f = await pairFixture(example);
  const request = (image: string) => ({
    manifest: f.manifest,
    imageOverride: `name:${image}`,
    autoPromote: true,
  });
  const first = await deploy(f.ctx(), request('demo-app-v1'));
  const second = await deploy(f.ctx(), request('demo-app-v2'));
  return { ...f, first, second };
}

type PairReleases = Awaited<ReturnType<typeof twoPairReleases>>;

/**
 * Rolls back to v1 under watchPair (each slot has its own target group, so the replacement of a
 * detached fleet serves from the other one: watchInvariants' single-group checks do not apply),
 * checks that it reused v1's warm standby, broke no invariant and settled, and returns every
 * distinct split seen, from before it through each tick to after it.
 */
async function rollBackWatched(f: PairReleases) {
  const splits: string[] = [];
  const note = (): void => {
    const split = JSON.stringify(sharesNow(f.cloud, f.manifest));
    if (splits.at(-1) !== split) splits.push(split);
  };
  note();
  const off = f.clock.onTick(note);
  const pair = watchPair(f.clock, f.cloud, f.manifest);
  const result = await rollback(f.ctx(), { manifest: f.manifest }).finally(() => {
    off();
    pair.stop();
  });
  note();

  expect(result).toMatchObject({
    path: 'warm-standby',
    newGroup: f.first.newGroup,
    oldGroup: f.second.newGroup,
  });
  expect(pair.violations).toEqual([]);
  expect(pair.ticks).toBeGreaterThan(0);
  expect(rolesOf(f.cloud, f.manifest)).toEqual({ live: [f.first.newGroup], standby: [f.second.newGroup] });
  expect(await settledProblems(f.aws, f.cloud, f.manifest, result.releaseId)).toEqual([]);
  return splits.map((split) => JSON.parse(split) as Record<string, number>);
}

describe('rollback with the weighted strategy', () => {
  it('puts all listener weight back on the standby in one verified step', async () => {
    const f = await twoPairReleases('weighted');
    const splits = await rollBackWatched(f);

    const firstSlotGroup = fleet(f, f.first.newGroup)?.targetGroups[0];
    const weights = f.cloud.snapshot().listeners.find((l) => l.loadBalancer.includes('demo-alb'))?.forward;
    expect(weights).toEqual(
      expect.arrayContaining([
        { targetGroup: firstSlotGroup, weight: 100 },
        expect.objectContaining({ weight: 0 }),
      ]),
    );
    // No intermediate weight: straight from all on v2 to all on v1.
    expect(splits.map((split) => split[String(firstSlotGroup)])).toEqual([0, 100]);
  });
});

describe('rollback with the dns strategy', () => {
  it('shifts all record weight back to the standby in one step, waiting for INSYNC and then the TTL', async () => {
    const f = await twoPairReleases('dns');
    const seen = f.events.length;
    const changes = f.aws.stats().byOperation['route53:ChangeResourceRecordSets'] ?? 0;
    const splits = await rollBackWatched(f);

    expect(splits).toEqual([
      { 'demo-dns-blue': 0, 'demo-dns-green': 100 },
      { 'demo-dns-blue': 100, 'demo-dns-green': 0 },
    ]);
    expect((f.aws.stats().byOperation['route53:ChangeResourceRecordSets'] ?? 0) - changes).toBe(1);
    const cutover = progressOf(f.events.slice(seen));
    expect(cutover.some((d) => d.startsWith('Waiting for Route 53 to apply'))).toBe(true);
    expect(cutover.some((d) => /in sync; waiting out the TTL, 1m 30s left$/.test(d))).toBe(true);
  });
});
