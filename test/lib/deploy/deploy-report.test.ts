import { describe, expect, it } from 'vitest';
import { deploy, formatPlan, plan } from '../../../src/lib/deploy/index.js';
import type { OdinEvent } from '../../../src/lib/events/event.js';
import { scale } from '../../../src/lib/scale/index.js';
import { settledProblems, watchInvariants } from '../../helpers/invariants.js';
import { fleet } from '../rollback/support.js';
import { deployFixture } from './support.js';

function doneTitle(events: OdinEvent[], step: string): string | undefined {
  const done = events.findLast((e) => e.type === 'step.done' && e.step === step);
  return done?.type === 'step.done' ? done.title : undefined;
}

describe('capacity carried over from a deliberately scaled live fleet', () => {
  it('keeps the live desired and max above the manifest max, and says so in the plan and the deploy', async () => {
    const f = await deployFixture();
    const first = await deploy(f.ctx(), f.request());
    await scale(f.ctx(), { manifest: f.manifest, max: 10, desired: 8 });

    const planned = await plan(f.ctx(), f.request());
    expect(planned.newFleet).toMatchObject({ min: 2, desired: 8, max: 10 });
    const note = 'capacity carried over from live fleet: desired 8, max 10 (manifest max 6)';
    expect(planned.newFleet.carriedOver).toBe(note);
    expect(formatPlan(planned).join('\n')).toContain(note);

    const watch = watchInvariants(f.clock, f.cloud, f.manifest);
    const second = await deploy(f.ctx(), f.request());
    watch.stop();

    expect(watch.violations).toEqual([]);
    expect(second.oldGroup).toBe(first.newGroup);
    expect(fleet(f, second.newGroup)).toMatchObject({ min: 2, desired: 8, max: 10 });
    expect(doneTitle(f.events, 'create-fleet')).toContain(note);
    expect(await settledProblems(f.aws, f.cloud, f.manifest, second.releaseId)).toEqual([]);
  });

  it('stays within the manifest, and says nothing, when the live fleet is within it', async () => {
    const f = await deployFixture();
    await deploy(f.ctx(), f.request());
    await scale(f.ctx(), { manifest: f.manifest, desired: 4 });

    const planned = await plan(f.ctx(), f.request());
    expect(planned.newFleet).toMatchObject({ min: 2, desired: 4, max: 6 });
    expect(planned.newFleet.carriedOver).toBeUndefined();
    expect(planned.changes.find((c) => c.action === 'create-group')?.detail).not.toMatch(/carried over/);
  });
});

describe('what a deploy reports', () => {
  it('ends target-group cutover with the split read after retirement: all traffic on the new fleet', async () => {
    const f = await deployFixture();
    const first = await deploy(f.ctx(), f.request());
    const second = await deploy(f.ctx(), f.request());

    // At cutover both fleets shared the target group; by the end only the new one is in it.
    expect(doneTitle(f.events, 'cutover')).toContain(`on ${first.newGroup}`);
    expect(second.traffic).toBe(`100% on ${second.newGroup} (demo-web)`);
  });

  it('names only the fleets that exist when it pins min to desired', async () => {
    const f = await deployFixture();
    const first = await deploy(f.ctx(), f.request());
    expect(doneTitle(f.events, 'pin-capacity')).toBe(`Pinned min to desired on ${first.newGroup} (min 2)`);

    const second = await deploy(f.ctx(), f.request());
    expect(doneTitle(f.events, 'pin-capacity')).toBe(
      `Pinned min to desired on ${second.newGroup} (min 2) and ${first.newGroup} (min 2)`,
    );
  });

  it('plans the new fleet with its target groups by name and its subnets', async () => {
    const f = await deployFixture();
    const planned = await plan(f.ctx(), f.request());
    const detail = planned.changes.find((c) => c.action === 'create-group')?.detail ?? '';

    expect(detail).toContain('attached to target group demo-web,');
    expect(detail).not.toContain('arn:');
    const [a, b] = planned.newFleet.subnetIds;
    expect(detail).toContain(`subnets private-a (${a}), private-b (${b})`);
  });
});
