import { describe, expect, it } from 'vitest';
import type { Aws, WeightedTarget } from '../../../src/lib/aws/types.js';
import { deploy, requestHalt } from '../../../src/lib/deploy/index.js';
import { DEMO_LISTENER_ARN } from '../../../src/lib/simulator/index.js';
import { readPromote, requestPromote } from '../../../src/lib/traffic/promote.js';
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
  type PairFixture,
} from './steps-fixture.js';

/** Deploys the first release (straight to 100%: nothing else serves) and returns its fleet. */
async function firstRelease(f: PairFixture): Promise<string> {
  const first = await deploy(f.ctx(), f.request());
  return first.newGroup;
}

/** An Aws whose `n`th listener weight change is accepted but never applied (a throttled write lost). */
function droppingNthWeightChange(aws: Aws, n: number): Aws {
  let calls = 0;
  const elbv2 = new Proxy(aws.elbv2, {
    get(target, prop, receiver) {
      if (prop === 'setListenerWeights')
        return async (arn: string, targets: WeightedTarget[]) => {
          if (++calls === n) return;
          return target.setListenerWeights(arn, targets);
        };
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return new Proxy(aws, { get: (target, prop) => (prop === 'elbv2' ? elbv2 : Reflect.get(target, prop)) });
}

describe('weighted cutover', () => {
  it('moves weight 10 → 50 → 100 with each bake, reads every change back, and drains the old group only at 100%', async () => {
    const f = await pairFixture('weighted');
    const old = await firstRelease(f);
    expect(sharesNow(f.cloud, f.manifest)).toEqual({ 'demo-blue': 100, 'demo-green': 0 });
    const watch = watchPair(f.clock, f.cloud, f.manifest);
    const started = f.events.length;

    const result = await deploy(f.ctx(), f.request({ autoPromote: true }));
    watch.stop();

    expect(watch.violations).toEqual([]);
    expect(watch.ticks).toBeGreaterThan(50);
    const details = progressOf(f.events.slice(started));
    const sets = details.filter((d) => d.startsWith('Set '));
    expect(sets).toEqual([
      'Set demo-blue 90, demo-green 10; reading back',
      'Set demo-blue 50, demo-green 50; reading back',
      'Set demo-blue 0, demo-green 100; reading back',
    ]);
    const bakes = f.events
      .slice(started)
      .filter((e) => e.type === 'step.progress' && e.step === 'cutover' && e.detail.includes('baking'))
      .map((e) => e.at);
    // 2m at 10% then 5m at 50%: the cutover spends at least the sum of its bakes.
    expect((bakes.at(-1) ?? 0) - (bakes[0] ?? 0)).toBeGreaterThanOrEqual(7 * 60_000 - 10_000);
    expect(sharesNow(f.cloud, f.manifest)).toEqual({ 'demo-blue': 0, 'demo-green': 100 });
    expect(result.traffic).toBe(`100% on ${result.newGroup} (demo-green)`);
    expect(result.oldGroup).toBe(old);
    const fleets = f.cloud.snapshot().fleets;
    expect(fleets.find((g) => g.name === result.newGroup)?.targetGroups).toEqual(['demo-green']);
    expect(fleets.find((g) => g.name === old)?.targetGroups).toEqual([]);
    expect(await settledProblems(f.aws, f.cloud, f.manifest, result.releaseId)).toEqual([]);
  });

  it('alternates slots: the third release goes back to blue while green serves', async () => {
    const f = await pairFixture('weighted');
    await firstRelease(f);
    await deploy(f.ctx(), f.request({ autoPromote: true }));
    const third = await deploy(f.ctx(), f.request({ autoPromote: true }));

    expect(sharesNow(f.cloud, f.manifest)).toEqual({ 'demo-blue': 100, 'demo-green': 0 });
    expect(f.cloud.snapshot().fleets.find((g) => g.name === third.newGroup)?.tags['odin:slot']).toBe('blue');
  });

  it.each([10, 50])(
    'puts all traffic back and undoes the deploy when an alarm fires while baking at %i percent',
    async (weight) => {
      const f = await pairFixture('weighted');
      const old = await firstRelease(f);
      const watch = watchPair(f.clock, f.cloud, f.manifest);
      const ctx = trigger(f, baking(weight), () => f.cloud.setAlarm('demo-5xx', 'ALARM', '5xx above 1%'));

      const error = await deploy(ctx, f.request({ autoPromote: true })).catch((e: unknown) => e);
      watch.stop();

      expect(error).toMatchObject({ code: 'DEPLOY_ROLLED_BACK', exitCode: 4 });
      expect(String((error as Error).message)).toContain(
        `alarm demo-5xx (5xx above 1%) went to ALARM at ${weight}% on`,
      );
      expect(sharesNow(f.cloud, f.manifest)).toEqual({ 'demo-blue': 100, 'demo-green': 0 });
      expect(rolesOf(f.cloud, f.manifest)).toEqual({ live: [old] });
      expect(watch.violations).toEqual([]);
      expect(await settledProblems(f.aws, f.cloud, f.manifest)).toEqual([]);
    },
  );

  it.each([10, 50])(
    'undoes the deploy when the new fleet falls below the floor at %i percent',
    async (weight) => {
      const f = await pairFixture('weighted');
      const old = await firstRelease(f);
      let killedAt = 0;
      const ctx = trigger(f, baking(weight), () => {
        killedAt = f.clock.now();
        const fresh = f.cloud.snapshot().fleets.find((g) => g.tags['odin:role'] === 'deploying');
        for (const instance of fresh?.instances ?? []) f.cloud.killInstance(instance.id);
      });
      const watch = watchPair(f.clock, f.cloud, f.manifest);

      const error = await deploy(ctx, f.request({ autoPromote: true })).catch((e: unknown) => e);
      watch.stop();

      expect(error).toMatchObject({ code: 'DEPLOY_ROLLED_BACK' });
      expect(String((error as Error).message)).toMatch(
        /healthy target\(s\) in demo-green while taking \d+% of traffic, below the floor of 2/,
      );
      expect(sharesNow(f.cloud, f.manifest)).toEqual({ 'demo-blue': 100, 'demo-green': 0 });
      expect(rolesOf(f.cloud, f.manifest)).toEqual({ live: [old] });
      // The dead fleet carried weight only until the next poll saw it (health checks take 20 s to fail).
      const times = watch.violations.map((v) => Number(v.split(':')[0]));
      expect(Math.max(0, ...times) - killedAt).toBeLessThanOrEqual(60_000);
    },
  );

  it.each([1, 2, 3])('stops and restores the old weights when weight change %i is not applied', async (n) => {
    const f = await pairFixture('weighted');
    const old = await firstRelease(f);
    const ctx = { ...f.ctx(), aws: droppingNthWeightChange(f.aws, n) };
    const watch = watchPair(f.clock, f.cloud, f.manifest);

    const error = await deploy(ctx, f.request({ autoPromote: true })).catch((e: unknown) => e);
    watch.stop();

    expect(error).toMatchObject({ code: 'DEPLOY_ROLLED_BACK' });
    expect(String((error as Error).message)).toContain(`listener ${DEMO_LISTENER_ARN} reads back`);
    // Caught by the read-back right after the change, before any bake at that weight began.
    const weight = [10, 50, 100][n - 1] ?? 0;
    expect(f.events.some(baking(weight))).toBe(false);
    expect(sharesNow(f.cloud, f.manifest)).toEqual({ 'demo-blue': 100, 'demo-green': 0 });
    expect(rolesOf(f.cloud, f.manifest)).toEqual({ live: [old] });
    expect(watch.violations).toEqual([]);
  });

  it('notices a listener edited behind its back during a bake and puts traffic back', async () => {
    const f = await pairFixture('weighted');
    await firstRelease(f);
    const other = await f.other();
    const ctx = trigger(f, baking(50), () => {
      const [blue, green] = ['demo-blue', 'demo-green'].map(
        (name) => f.cloud.snapshot().targetGroups.find((t) => t.name === name)?.arn ?? '',
      );
      void other.elbv2.setListenerWeights(DEMO_LISTENER_ARN, [
        { targetGroupArn: blue ?? '', weight: 20 },
        { targetGroupArn: green ?? '', weight: 80 },
      ]);
    });

    const error = await deploy(ctx, f.request({ autoPromote: true })).catch((e: unknown) => e);

    expect(String((error as Error).message)).toContain(
      'reads back demo-blue 20, demo-green 80, not the demo-blue 50, demo-green 50 odin set',
    );
    expect(sharesNow(f.cloud, f.manifest)).toEqual({ 'demo-blue': 100, 'demo-green': 0 });
  });

  it('waits at a pause, showing where it stands, until odin promote from another process', async () => {
    const f = await pairFixture('weighted');
    await firstRelease(f);
    const running = deploy(f.ctx(), f.request());
    await until(() => progressOf(f.events).some((d) => d.startsWith('Paused at 10%')));
    const pausedAt = f.clock.now();
    await f.clock.sleep(30 * 60_000);
    expect(sharesNow(f.cloud, f.manifest)).toEqual({ 'demo-blue': 90, 'demo-green': 10 });

    const other = await f.other();
    const marker = await requestPromote({ aws: other, clock: f.clock, manifest: f.manifest });
    const result = await running;

    expect(marker.releaseId).toBe(result.releaseId);
    expect(f.clock.now() - pausedAt).toBeGreaterThan(30 * 60_000);
    expect(progressOf(f.events).find((d) => d.startsWith('Paused'))).toMatch(
      /^Paused at 10% on demo-canary-default-\S+ \(demo-green\), 90% on demo-canary-default-\S+ \(demo-blue\) \(step 2\/4\): run `odin promote`/,
    );
    expect(sharesNow(f.cloud, f.manifest)).toEqual({ 'demo-blue': 0, 'demo-green': 100 });
    expect(
      await readPromote({ aws: f.aws, clock: f.clock, manifest: f.manifest }, result.releaseId),
    ).toBeUndefined();
  });

  it('undoes the deploy when odin halt arrives during a pause', async () => {
    const f = await pairFixture('weighted');
    const old = await firstRelease(f);
    const watch = watchPair(f.clock, f.cloud, f.manifest);
    const running = deploy(f.ctx(), f.request()).catch((e: unknown) => e);
    await until(() => progressOf(f.events).some((d) => d.startsWith('Paused at 10%')));

    const other = await f.other();
    await requestHalt({ aws: other, clock: f.clock, manifest: f.manifest }, { reason: 'not today' });
    const error = await running;
    watch.stop();

    expect(watch.violations).toEqual([]);
    expect(watch.ticks).toBeGreaterThan(10);

    expect(error).toMatchObject({ code: 'DEPLOY_ROLLED_BACK' });
    expect(String((error as Error).message)).toContain('not today');
    expect(sharesNow(f.cloud, f.manifest)).toEqual({ 'demo-blue': 100, 'demo-green': 0 });
    expect(rolesOf(f.cloud, f.manifest)).toEqual({ live: [old] });
    expect(await settledProblems(f.aws, f.cloud, f.manifest)).toEqual([]);
  });

  it('refuses to promote when no deploy is running', async () => {
    const f = await pairFixture('weighted');
    await expect(requestPromote({ aws: f.aws, clock: f.clock, manifest: f.manifest })).rejects.toMatchObject({
      code: 'REFUSED',
      hint: expect.stringContaining('odin status'),
    });
  });
});
