import { describe, expect, it } from 'vitest';
import type { Aws, RecordSet } from '../../../src/lib/aws/types.js';
import { deploy, requestHalt } from '../../../src/lib/deploy/index.js';
import { DEMO_IDS } from '../../../src/lib/simulator/index.js';
import { requestPromote } from '../../../src/lib/traffic/promote.js';
import { settledProblems } from '../../helpers/invariants.js';
import {
  baking,
  pairFixture,
  progressOf,
  rolesOf,
  sharesNow,
  trigger,
  until,
  watchPair,
} from './steps-fixture.js';

const ZONE = DEMO_IDS.hostedZone;
const RECORD = 'app.demo.example.com';

/** An Aws whose `n`th Route 53 UPSERT is answered but never applied. */
function droppingNthUpsert(aws: Aws, n: number): Aws {
  let calls = 0;
  const route53 = new Proxy(aws.route53, {
    get(target, prop, receiver) {
      if (prop === 'upsertRecordSets')
        return async (zoneId: string, records: RecordSet[], comment: string) => {
          // A change that did apply stands in for the lost one, so INSYNC is reported.
          if (++calls === n) return target.upsertRecordSets(zoneId, [records[0] as RecordSet], comment);
          return target.upsertRecordSets(zoneId, records, comment);
        };
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return new Proxy(aws, {
    get: (target, prop) => (prop === 'route53' ? route53 : Reflect.get(target, prop)),
  });
}

/** A record of someone else's, in the same zone, that odin must never touch. */
async function seedForeignRecords(aws: Aws): Promise<RecordSet[]> {
  const records: RecordSet[] = [
    { name: 'www.demo.example.com', type: 'A', ttl: 300, values: ['192.0.2.10'] },
    { name: 'app.demo.example.com', type: 'TXT', ttl: 300, values: ['"owner=team-a"'] },
  ];
  await aws.route53.upsertRecordSets(ZONE, records, 'seeded by the test');
  return records;
}

describe('dns cutover', () => {
  it('moves record weights 20 → 100, waiting INSYNC then the TTL and settle after each, and touches no other record', async () => {
    const f = await pairFixture('dns');
    await seedForeignRecords(f.aws);
    const before = f.cloud.snapshot().records.filter((r) => !r.setIdentifier);
    const first = await deploy(f.ctx(), f.request());
    expect(sharesNow(f.cloud, f.manifest)).toEqual({ 'demo-dns-blue': 100, 'demo-dns-green': 0 });
    const watch = watchPair(f.clock, f.cloud, f.manifest);
    const started = f.events.length;

    const second = await deploy(f.ctx(), f.request());
    watch.stop();

    expect(watch.violations).toEqual([]);
    expect(sharesNow(f.cloud, f.manifest)).toEqual({ 'demo-dns-blue': 0, 'demo-dns-green': 100 });
    expect(f.cloud.snapshot().records.filter((r) => !r.setIdentifier)).toEqual(before);
    const odins = f.cloud.snapshot().records.filter((r) => r.setIdentifier);
    expect(odins.map((r) => [r.name, r.type, r.setIdentifier, r.weight])).toEqual([
      ['app.demo.example.com.', 'A', 'demo-dns-default-blue', 0],
      ['app.demo.example.com.', 'A', 'demo-dns-default-green', 100],
    ]);
    const details = progressOf(f.events.slice(started));
    expect(details.some((d) => d.startsWith('Waiting for Route 53 to apply'))).toBe(true);
    expect(details.filter((d) => d.includes('waiting out the TTL'))[0]).toMatch(
      /in sync; waiting out the TTL, 1m 30s left$/,
    );
    expect(second.traffic).toBe(`100% on ${second.newGroup} (demo-dns-default-green)`);
    expect(second.oldGroup).toBe(first.newGroup);
    expect(await settledProblems(f.aws, f.cloud, f.manifest, second.releaseId)).toEqual([]);
  });

  it('puts the weights back, waiting for INSYNC and the TTL, when an alarm fires during the bake', async () => {
    const f = await pairFixture('dns');
    const first = await deploy(f.ctx(), f.request());
    const ctx = trigger(f, baking(20), () => f.cloud.setAlarm('demo-5xx', 'ALARM'));
    const watch = watchPair(f.clock, f.cloud, f.manifest);

    const error = await deploy(ctx, f.request()).catch((e: unknown) => e);
    watch.stop();

    expect(error).toMatchObject({ code: 'DEPLOY_ROLLED_BACK' });
    expect(String((error as Error).message)).toContain('alarm demo-5xx');
    expect(sharesNow(f.cloud, f.manifest)).toEqual({ 'demo-dns-blue': 100, 'demo-dns-green': 0 });
    expect(rolesOf(f.cloud, f.manifest)).toEqual({ live: [first.newGroup] });
    const undo = progressOf(f.events, 'undo');
    expect(undo.some((d) => d.includes('waiting out the TTL'))).toBe(true);
    expect(watch.violations).toEqual([]);
  });

  it('undoes the deploy when the new fleet falls below the floor at 20%', async () => {
    const f = await pairFixture('dns');
    const first = await deploy(f.ctx(), f.request());
    let killedAt = 0;
    const ctx = trigger(f, baking(20), () => {
      killedAt = f.clock.now();
      const fresh = f.cloud.snapshot().fleets.find((g) => g.tags['odin:role'] === 'deploying');
      for (const instance of fresh?.instances ?? []) f.cloud.killInstance(instance.id);
    });
    const watch = watchPair(f.clock, f.cloud, f.manifest);

    const error = await deploy(ctx, f.request()).catch((e: unknown) => e);
    watch.stop();

    expect(String((error as Error).message)).toMatch(
      /in demo-dns-green while taking 20% of traffic, below the floor of 2/,
    );
    expect(sharesNow(f.cloud, f.manifest)).toEqual({ 'demo-dns-blue': 100, 'demo-dns-green': 0 });
    expect(rolesOf(f.cloud, f.manifest)).toEqual({ live: [first.newGroup] });
    // The dead fleet carried its 20% only until the next poll saw it and the weights went back.
    expect(watch.violations.every((v) => v.includes('demo-dns-green takes 20%'))).toBe(true);
    const times = watch.violations.map((v) => Number(v.split(':')[0]));
    expect(Math.max(0, ...times) - killedAt).toBeLessThanOrEqual(60_000);
  });

  it.each([1, 2])('stops and restores the records when UPSERT %i is only partly applied', async (n) => {
    const f = await pairFixture('dns');
    const first = await deploy(f.ctx(), f.request());
    const ctx = { ...f.ctx(), aws: droppingNthUpsert(f.aws, n) };
    const watch = watchPair(f.clock, f.cloud, f.manifest);

    const error = await deploy(ctx, f.request()).catch((e: unknown) => e);
    watch.stop();

    expect(watch.violations).toEqual([]);
    expect(watch.ticks).toBeGreaterThan(10);

    expect(String((error as Error).message)).toContain(`record ${RECORD} reads back`);
    expect(sharesNow(f.cloud, f.manifest)).toEqual({ 'demo-dns-blue': 100, 'demo-dns-green': 0 });
    expect(rolesOf(f.cloud, f.manifest)).toEqual({ live: [first.newGroup] });
  });

  it('refuses before any change when a plain A record holds the name', async () => {
    const f = await pairFixture('dns');
    await f.aws.route53.upsertRecordSets(
      ZONE,
      [{ name: RECORD, type: 'A', ttl: 60, values: ['192.0.2.1'] }],
      'plain',
    );

    const error = await deploy(f.ctx(), f.request()).catch((e: unknown) => e);

    expect(String((error as Error).message)).toContain('has a non-weighted A record');
    expect((error as { hint?: string }).hint).toContain('demo-dns-default-blue');
    expect(f.cloud.snapshot().records.filter((r) => r.setIdentifier)).toEqual([]);
  });

  it('pauses at a pause step until odin promote, or undoes itself on odin halt', async () => {
    const f = await pairFixture('dns');
    const withPause = {
      ...f.manifest,
      traffic: {
        ...f.manifest.traffic,
        steps: [{ weight: 20, bakeMs: 60_000 }, { pause: true as const }, { weight: 100, bakeMs: 0 }],
      },
    };
    await deploy(f.ctx(), { ...f.request(), manifest: withPause });
    const other = await f.other();

    const promoted = deploy(f.ctx(), { ...f.request(), manifest: withPause });
    await until(() => progressOf(f.events).some((d) => d.startsWith('Paused at 20%')));
    await requestPromote({ aws: other, clock: f.clock, manifest: withPause });
    const second = await promoted;
    expect(sharesNow(f.cloud, f.manifest)).toEqual({ 'demo-dns-blue': 0, 'demo-dns-green': 100 });

    const paused = progressOf(f.events).filter((d) => d.startsWith('Paused at 20%')).length;
    const halted = deploy(f.ctx(), { ...f.request(), manifest: withPause }).catch((e: unknown) => e);
    await until(() => progressOf(f.events).filter((d) => d.startsWith('Paused at 20%')).length > paused);
    await requestHalt({ aws: other, clock: f.clock, manifest: withPause });
    expect(await halted).toMatchObject({ code: 'DEPLOY_ROLLED_BACK' });
    expect(sharesNow(f.cloud, f.manifest)).toEqual({ 'demo-dns-blue': 0, 'demo-dns-green': 100 });
    expect(rolesOf(f.cloud, f.manifest)).toMatchObject({ live: [second.newGroup] });
  });
});
