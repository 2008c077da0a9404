import { expect, it } from 'vitest';
import { deploy, SimulatedCrash } from '../../../src/lib/deploy/index.js';
import { watchInvariants } from '../../helpers/invariants.js';
import { deployFixture, fleetsByRole } from './support.js';

it('does not retire the old fleet on --resume when the new fleet died after the cutover', async () => {
  const f = await deployFixture();
  const watch = watchInvariants(f.clock, f.cloud, f.manifest);
  const live = await deploy(f.ctx(), f.request());
  const crash = await deploy(f.ctx(), f.request({ crashAfter: 'cutover' })).catch((e: unknown) => e);
  expect(crash).toBeInstanceOf(SimulatedCrash);
  const fresh = f.cloud
    .snapshot()
    .fleets.find((g) => g.tags['odin:role'] === 'live' && g.name !== live.newGroup);
  f.cloud.setImageBad('demo-app-v2');
  for (const instance of fresh?.instances ?? []) f.cloud.killInstance(instance.id);

  const other = await f.otherProcess();
  await deploy(other.ctx(), f.request({ resume: true, lockWaitMs: 5 * 60_000 })).catch((e: unknown) => e);
  watch.stop();

  expect(watch.violations).toEqual([]);
  expect(f.cloud.snapshot().fleets.find((g) => g.name === live.newGroup)?.targetGroups).toEqual(['demo-web']);
  expect(fleetsByRole(f.cloud).live).toContain(live.newGroup);
});
