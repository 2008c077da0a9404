import { expect, it } from 'vitest';
import { deploy, SimulatedCrash } from '../../../src/lib/deploy/index.js';
import { readJournal } from '../../../src/lib/journal/journal.js';
import { settledProblems } from '../../helpers/invariants.js';
import { deployFixture, fleetsByRole } from './support.js';
import { stateOf } from './triggers.js';

it('adopts the group a killed deploy created when resumed before AWS lists it', async () => {
  const f = await deployFixture({ faults: { consistencyDelayMs: 2 * 60_000 } });
  const live = await deploy(f.ctx(), f.request());
  const crash = await deploy(
    f.ctx(),
    f.request({ imageOverride: 'name:demo-app-v1', crashAfter: 'launch-template' }),
  ).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(crash).toBeInstanceOf(SimulatedCrash);

  // The killed process got as far as CreateAutoScalingGroup, but not as far as journaling it;
  // AWS does not list the group yet, so the resumed run's create is answered AlreadyExists.
  const journal = (await readJournal(stateOf(f)))?.record;
  const plan = journal?.plan;
  const [liveGroup] = await f.aws.autoScaling.describeGroups([live.newGroup]);
  if (!journal || !plan?.launchTemplate || !liveGroup)
    throw new Error('expected a journal plan and the live group');
  await f.aws.autoScaling.createGroup({
    name: plan.newGroup,
    launchTemplate: { id: plan.launchTemplate.id, version: String(plan.launchTemplate.version) },
    min: plan.newCapacity.desired,
    max: plan.newCapacity.max,
    desired: plan.newCapacity.desired,
    subnetIds: liveGroup.subnetIds,
    targetGroupArns: plan.targetGroupArns,
    healthCheckType: 'ELB',
    healthCheckGracePeriodSec: 30,
    tags: {
      ...liveGroup.tags,
      'odin:release': journal.releaseId,
      'odin:role': 'deploying',
    },
  });

  const other = await f.otherProcess();
  const resumed = await deploy(other.ctx(), f.request({ resume: true, lockWaitMs: 5 * 60_000 }));

  expect(resumed.outcome).toBe('live');
  expect(resumed.newGroup).toBe(plan.newGroup);
  expect(fleetsByRole(f.cloud).live).toEqual([plan.newGroup]);
  expect(await settledProblems(f.aws, f.cloud, f.manifest, resumed.releaseId)).toEqual([]);
});
