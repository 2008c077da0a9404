import { describe, expect, it } from 'vitest';
import { deploy, recover, SimulatedCrash } from '../../../src/lib/deploy/index.js';
import { UnfinishedDeployError } from '../../../src/lib/errors/index.js';
import { DEPLOY_STEPS, type DeployStepId } from '../../../src/lib/journal/journal-record.js';
import { readJournal } from '../../../src/lib/journal/journal.js';
import { settledProblems, watchInvariants, type InvariantReport } from '../../helpers/invariants.js';
import { deployFixture, fleetsByRole, type DeployFixture } from './support.js';

// `prepare` and `lease` come before the journal exists: a crash there leaves nothing to resume.
const BOUNDARIES = DEPLOY_STEPS.filter((s): s is DeployStepId => s !== 'prepare' && s !== 'lease');
// After `finish` the release is recorded live; undoing it is a rollback's job, not recovery's.
const BEFORE_FINISH = BOUNDARIES.filter((s) => s !== 'finish');
// A killed process leaves its lease to expire (2 minutes); the next process waits for that.
const LOCK_WAIT_MS = 5 * 60_000;

/**
 * A live release, then a deploy that dies after `step`, watched from the start: the checks see
 * the reads the killed process made as well as what the next process does.
 */
async function crashedAfter(
  step: DeployStepId,
): Promise<{ f: DeployFixture; liveGroup: string; liveRelease: string; watch: InvariantReport }> {
  const f = await deployFixture();
  const watch = watchInvariants(f.clock, f.cloud, f.manifest);
  const live = await deploy(f.ctx(), f.request());
  const crash = await deploy(f.ctx(), f.request({ crashAfter: step })).catch((e: unknown) => e);
  expect(crash).toBeInstanceOf(SimulatedCrash);
  return { f, liveGroup: live.newGroup, liveRelease: live.releaseId, watch };
}

function journalState(f: DeployFixture) {
  const m = f.manifest;
  return { aws: f.aws, clock: f.clock, store: m.state, service: m.service, environment: m.environment };
}

describe('a deploy killed at a step boundary', () => {
  it.each(BOUNDARIES)(
    'leaves a running journal after %s that blocks a new deploy with exit 8',
    async (step) => {
      const { f, watch } = await crashedAfter(step);
      expect((await readJournal(journalState(f)))?.record.status).toBe('running');
      const other = await f.otherProcess();
      const error = await deploy(other.ctx(), f.request({ lockWaitMs: LOCK_WAIT_MS })).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UnfinishedDeployError);
      expect((error as UnfinishedDeployError).exitCode).toBe(8);
      expect((error as Error).message).toContain(`last completed step: ${step}`);
      watch.stop();
      expect(watch.violations).toEqual([]);
    },
  );

  it.each(BOUNDARIES)('is finished by --resume after %s', async (step) => {
    const { f, liveGroup, watch } = await crashedAfter(step);
    const other = await f.otherProcess();
    const result = await deploy(other.ctx(), f.request({ resume: true, lockWaitMs: LOCK_WAIT_MS }));
    watch.stop();

    expect(result.resumed).toBe(true);
    expect(result.oldGroup).toBe(liveGroup);
    expect(watch.violations).toEqual([]);
    expect(fleetsByRole(f.cloud)).toEqual({ live: [result.newGroup], standby: [liveGroup] });
    expect(await settledProblems(f.aws, f.cloud, f.manifest, result.releaseId)).toEqual([]);
  });

  it.each(BEFORE_FINISH)('is undone by recover after %s', async (step) => {
    const { f, liveGroup, liveRelease, watch } = await crashedAfter(step);
    const other = await f.otherProcess();
    const result = await recover(other.ctx(), f.manifest, { lockWaitMs: LOCK_WAIT_MS });
    watch.stop();

    expect(result.action).toBe('undone');
    expect(watch.violations).toEqual([]);
    expect(fleetsByRole(f.cloud)).toEqual({ live: [liveGroup] });
    expect(f.cloud.snapshot().fleets.find((g) => g.name === liveGroup)).toMatchObject({
      min: 2,
      desired: 2,
      targetGroups: ['demo-web'],
    });
    expect(await settledProblems(f.aws, f.cloud, f.manifest, liveRelease)).toEqual([]);
    const again = await recover(other.ctx(), f.manifest);
    expect(again.action).toBe('nothing-to-do');
  });
});
