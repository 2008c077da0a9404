import { describe, expect, it } from 'vitest';
import { deploy, plan } from '../../../src/lib/deploy/index.js';
import { prepare } from '../../../src/lib/deploy/prepare.js';
import { Reporter } from '../../../src/lib/events/reporter.js';
import type { Manifest } from '../../../src/lib/manifest/types.js';
import { DEMO_LISTENER_ARN } from '../../../src/lib/simulator/index.js';
import { withFinalStep } from '../../../src/lib/traffic/steps.js';
import type { TrafficContext } from '../../../src/lib/traffic/strategy.js';
import { pairFixture, sharesNow, watchPair, type PairFixture } from './steps-fixture.js';

function trafficContext(f: PairFixture, manifest: Manifest): TrafficContext {
  return {
    aws: f.aws,
    clock: f.clock,
    reporter: new Reporter((e) => f.events.push(e), f.clock),
    manifest,
    store: manifest.state,
    releaseId: 'rollback-test',
    pollMs: 5_000,
    verifyTimeoutMs: 600_000,
    checkpoint: async () => {},
    step: 'rollback',
  };
}

function modifyCalls(f: PairFixture, operation: string): number {
  return Object.entries(f.aws.stats().byOperation)
    .filter(([name]) => name.endsWith(operation))
    .reduce((sum, [, n]) => sum + n, 0);
}

describe('traffic steps', () => {
  it('end at 100% even when the manifest stops short of it', () => {
    expect(withFinalStep([{ weight: 10, bakeMs: 5 }, { pause: true }])).toEqual([
      { weight: 10, bakeMs: 5 },
      { pause: true },
      { weight: 100, bakeMs: 0 },
    ]);
    const complete = [{ weight: 100, bakeMs: 0 }];
    expect(withFinalStep(complete)).toBe(complete);
  });

  it('appear in odin plan with the listener they change, the pause and the drain', async () => {
    const f = await pairFixture('weighted');
    await deploy(f.ctx(), f.request());
    const shown = await plan(f.ctx(), f.request());

    const traffic = shown.changes.filter((c) =>
      ['set-weights', 'pause', 'detach', 'wait-drain'].includes(c.action),
    );
    expect(
      traffic.map((c) => [
        c.action,
        c.resource === `listener ${DEMO_LISTENER_ARN}` ? 'listener' : c.resource,
      ]),
    ).toEqual([
      ['set-weights', 'listener'],
      ['pause', shown.newFleet.name],
      ['set-weights', 'listener'],
      ['set-weights', 'listener'],
      ['detach', shown.live?.name],
      ['wait-drain', shown.live?.name],
    ]);
    expect(traffic[0]?.detail).toBe(
      'demo-green 10, demo-blue 90; read back; bake 2m watching alarms and healthy capacity',
    );
    expect(traffic[3]?.detail).toBe('demo-green 100, demo-blue 0; read back');
  });

  it('appear in odin plan with the records they UPSERT and the waits after each', async () => {
    const f = await pairFixture('dns');
    const shown = await plan(f.ctx(), f.request());

    const sets = shown.changes.filter((c) => c.action === 'set-weights');
    expect(sets).toEqual([
      {
        action: 'set-weights',
        resource: 'record app.demo.example.com',
        detail:
          'demo-dns-default-blue 100, demo-dns-default-green 0; UPSERT demo-dns-default-blue and demo-dns-default-green only, wait for INSYNC, read back, then wait 1m 30s (TTL and settle)',
      },
    ]);
  });

  it('restore puts a retired standby back in one verified weight change (what rollback uses)', async () => {
    const f = await pairFixture('weighted');
    const a = await deploy(f.ctx(), f.request());
    const b = await deploy(f.ctx(), f.request({ autoPromote: true }));
    const prepared = await prepare(f.aws, f.manifest);
    const ctx = trafficContext(f, prepared.manifest);
    const watch = watchPair(f.clock, f.cloud, f.manifest);
    const before = modifyCalls(f, 'ModifyListener');

    const split = await prepared.strategy.restore(ctx, {
      from: { name: a.newGroup, slot: 'blue', targetGroupArns: [] },
      to: { name: b.newGroup, slot: 'green', targetGroupArns: [] },
    });
    watch.stop();

    expect(modifyCalls(f, 'ModifyListener') - before).toBe(1);
    expect(sharesNow(f.cloud, f.manifest)).toEqual({ 'demo-blue': 100, 'demo-green': 0 });
    expect(split.summary).toBe(`100% on ${a.newGroup} (demo-blue)`);
    expect(f.cloud.snapshot().fleets.find((g) => g.name === a.newGroup)?.targetGroups).toEqual(['demo-blue']);
    expect(watch.violations).toEqual([]);
  });

  it('split reports each slot, its fleet and its share for odin status', async () => {
    const f = await pairFixture('dns');
    const a = await deploy(f.ctx(), f.request());
    const prepared = await prepare(f.aws, f.manifest);

    const split = await prepared.strategy.split(trafficContext(f, prepared.manifest), [
      { name: a.newGroup, targetGroupArns: [] },
    ]);

    expect(split.entries).toEqual([
      expect.objectContaining({ fleet: a.newGroup, slot: 'blue', percent: 100 }),
      expect.objectContaining({ slot: 'green', percent: 0 }),
    ]);
    expect(split.summary).toBe(`100% on ${a.newGroup} (demo-dns-default-blue)`);
  });

  it('weight a listener rule with ModifyRule only, leaving the listener default action alone', async () => {
    const f = await pairFixture('weighted');
    const state = f.cloud.world.state;
    const [blue, green] = ['demo-blue', 'demo-green'].map(
      (name) => Object.values(state.targetGroups).find((t) => t.name === name)?.arn,
    );
    const rule = Object.values(state.rules)[0];
    if (!rule || !blue || !green) throw new Error('the seeded world has no rule');
    rule.actions = [
      {
        Type: 'forward',
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: blue, Weight: 100 },
            { TargetGroupArn: green, Weight: 0 },
          ],
        },
      },
    ];
    const traffic = { ...f.manifest.traffic, listener: undefined, rule: rule.arn };
    const manifest = { ...f.manifest, traffic } as Manifest;
    const listenerBefore = JSON.stringify(state.listeners[DEMO_LISTENER_ARN]);

    await deploy(f.ctx(), { ...f.request(), manifest });
    const second = await deploy(f.ctx(), { ...f.request(), manifest, autoPromote: true });

    expect(second.traffic).toBe(`100% on ${second.newGroup} (demo-green)`);
    expect(JSON.stringify(state.listeners[DEMO_LISTENER_ARN])).toBe(listenerBefore);
    expect(modifyCalls(f, 'ModifyListener')).toBe(0);
    expect(modifyCalls(f, 'ModifyRule')).toBe(4);
  });
});
