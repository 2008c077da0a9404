import { describe, expect, it } from 'vitest';
import { deploy, type DeployResult } from '../../../src/lib/deploy/index.js';
import { DeployFailedError } from '../../../src/lib/errors/index.js';
import { acquireLease, forceReleaseLease } from '../../../src/lib/state/lease.js';
import { LeaseLostError } from '../../../src/lib/state/lease-errors.js';
import { settledProblems, watchInvariants } from '../../helpers/invariants.js';
import { deployFixture, fleetsByRole, type DeployFixture } from './support.js';
import { onceProgress, stateOf } from './triggers.js';

type Rival = Awaited<ReturnType<DeployFixture['otherProcess']>>;

/**
 * A live fleet, then a deploy during whose health wait another process force-releases the lease
 * (as `odin lock release --force` would) and then does `then`.
 */
async function deployWithRival<T>(then: (f: DeployFixture, rival: Rival) => Promise<T>) {
  const f = await deployFixture();
  const live = await deploy(f.ctx(), f.request());
  const rival = await f.otherProcess();
  const watch = watchInvariants(f.clock, f.cloud, f.manifest);
  const start = f.events.length;
  let acted: Promise<T> | undefined;
  const off = onceProgress(f, { step: 'wait-healthy' }, () => {
    acted = forceReleaseLease(stateOf(f, rival.aws)).then(() => then(f, rival));
  });
  const error = await deploy(f.ctx(), f.request()).catch((e: unknown) => e);
  const result = await acted;
  off();
  watch.stop();
  return { f, live, error, result, violations: watch.violations, events: f.events.slice(start) };
}

describe('a deploy whose lease another process took over', () => {
  it('stops without undoing when that process resumed its journal, so the resumed deploy finishes', async () => {
    const run = await deployWithRival((f, rival) => deploy(rival.ctx(), f.request({ resume: true })));
    const { f, live, error, events } = run;
    const result: DeployResult | undefined = run.result;

    expect(error).toBeInstanceOf(LeaseLostError);
    expect((error as LeaseLostError).exitCode).toBe(3);
    expect((error as Error).message).toMatch(
      /has taken over deploy d-\w+ too, so this one stopped without undoing/,
    );
    expect(events.some((e) => e.type === 'step.start' && e.step === 'undo')).toBe(false);
    expect(result).toMatchObject({ outcome: 'live', resumed: true });
    expect(fleetsByRole(f.cloud)).toEqual({ live: [result?.newGroup], standby: [live.newGroup] });
    expect(run.violations).toEqual([]);
    expect(await settledProblems(f.aws, f.cloud, f.manifest, result?.releaseId ?? '')).toEqual([]);
  });

  it('undoes itself when the new holder has not taken the deploy over', async () => {
    const { f, live, error, result } = await deployWithRival((f, rival) =>
      acquireLease(stateOf(f, rival.aws), {
        command: 'odin scale',
        callerArn: 'arn:aws:iam::123456789012:user/other',
      }),
    );

    expect(error).toBeInstanceOf(DeployFailedError);
    expect((error as DeployFailedError).hint).toMatch(/Another odin process took the lease/);
    expect(fleetsByRole(f.cloud)).toEqual({ live: [live.newGroup] });
    await result?.release();
  });
});
