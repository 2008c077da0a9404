import { describe, expect, it } from 'vitest';
import { deploy, recover, SimulatedCrash } from '../../../src/lib/deploy/index.js';
import { LockHeldError } from '../../../src/lib/errors/index.js';
import type { OdinEvent } from '../../../src/lib/events/event.js';
import { readJournal } from '../../../src/lib/journal/journal.js';
import { acquireLease, forceReleaseLease, type Lease } from '../../../src/lib/state/lease.js';
import { DEFAULT_LEASE_TTL_MS } from '../../../src/lib/state/lease-store.js';
import { LeaseLostError } from '../../../src/lib/state/lease-errors.js';
import { deployFixture, fleetsByRole, type DeployFixture } from './support.js';
import { onceProgress, stateOf } from './triggers.js';

// A killed process leaves its lease to expire (2 minutes); recover waits for that.
const LOCK_WAIT_MS = 5 * 60_000;
// Longer than the lease's TTL, so that an undo draining this long needs its lease renewed.
const DRAIN_SEC = 300;

/** A live release, then a deploy killed once its new fleet is healthy in a target group that drains for 300 s. */
async function crashedWithLongDrain(): Promise<{ f: DeployFixture; liveGroup: string }> {
  const f = await deployFixture();
  const live = await deploy(f.ctx(), f.request());
  f.cloud.setDeregistrationDelay('demo-web', DRAIN_SEC);
  const crash = await deploy(f.ctx(), f.request({ crashAfter: 'wait-healthy' })).catch((e: unknown) => e);
  expect(crash).toBeInstanceOf(SimulatedCrash);
  return { f, liveGroup: live.newGroup };
}

/** Runs `act` once the recovery reports draining the new fleet. */
function whenDraining(f: DeployFixture, events: OdinEvent[], act: () => void): () => void {
  return onceProgress(f, { detail: /draining/, events }, act);
}

describe('recover and its lease', () => {
  it('renews its lease through a drain longer than the lease lasts', async () => {
    const { f, liveGroup } = await crashedWithLongDrain();
    const recovering = await f.otherProcess();
    const third = await f.otherProcess();
    let contender: Promise<Lease> | undefined;
    const off = whenDraining(f, recovering.events, () => {
      contender = acquireLease(
        stateOf(f, third.aws),
        { command: 'odin deploy', callerArn: 'arn:aws:iam::123456789012:user/other' },
        { waitMs: 2 * DRAIN_SEC * 1000 },
      );
    });
    const result = await recover(recovering.ctx(), f.manifest, { lockWaitMs: LOCK_WAIT_MS });
    const finishedAt = f.clock.now();
    off();
    const lease = await contender;

    expect(result.action).toBe('undone');
    const undoStart = recovering.events.find((e) => e.type === 'step.start' && e.step === 'recover');
    expect(finishedAt - (undoStart?.at ?? finishedAt)).toBeGreaterThan(DEFAULT_LEASE_TTL_MS);
    // Not taken over mid-undo: the other process got the lease only once recover released it.
    expect(lease?.terms.acquiredAt).toBeGreaterThanOrEqual(finishedAt);
    expect(fleetsByRole(f.cloud)).toEqual({ live: [liveGroup] });
    await lease?.release();
  });

  it('stops once another process takes its lease, leaving the journal for that process', async () => {
    const { f, liveGroup } = await crashedWithLongDrain();
    const recovering = await f.otherProcess();
    const third = await f.otherProcess();
    let taker: Promise<Lease> | undefined;
    const off = whenDraining(f, recovering.events, () => {
      const state = stateOf(f, third.aws);
      taker = forceReleaseLease(state).then(() =>
        acquireLease(state, { command: 'odin recover', callerArn: 'arn:aws:iam::123456789012:user/other' }),
      );
    });
    const error = await recover(recovering.ctx(), f.manifest, { lockWaitMs: LOCK_WAIT_MS }).catch(
      (e: unknown) => e,
    );
    off();

    expect(error).toBeInstanceOf(LeaseLostError);
    expect((error as LeaseLostError).exitCode).toBe(3);
    expect((await readJournal(stateOf(f)))?.record.status).toBe('running');
    const lease = await taker;
    const blocked = await recover(recovering.ctx(), f.manifest).catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(LockHeldError);

    await lease?.release();
    const finished = await recover(recovering.ctx(), f.manifest);
    expect(finished.action).toBe('undone');
    expect(fleetsByRole(f.cloud)).toEqual({ live: [liveGroup] });
  });
});
