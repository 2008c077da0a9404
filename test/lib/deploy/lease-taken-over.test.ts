import { describe, expect, it } from 'vitest';
import { deploy, type DeployResult } from '../../../src/lib/deploy/index.js';
import { DeployFailedError } from '../../../src/lib/errors/index.js';
import { acquireLease, forceReleaseLease, type Lease } from '../../../src/lib/state/lease.js';
import { LeaseLostError } from '../../../src/lib/state/lease-errors.js';
import { settledProblems, watchInvariants } from '../../helpers/invariants.js';
import { deployFixture, fleetsByRole } from './support.js';

describe('a deploy whose lease another process took over', () => {
  it('stops without undoing when that process resumed its journal, so the resumed deploy finishes', async () => {
    const f = await deployFixture();
    const live = await deploy(f.ctx(), f.request());
    const watch = watchInvariants(f.clock, f.cloud, f.manifest);
    const other = await f.otherProcess();
    const m = f.manifest;
    const state = {
      aws: other.aws,
      clock: f.clock,
      store: m.state,
      service: m.service,
      environment: m.environment,
    };
    const before = f.events.length;
    let resumed: Promise<DeployResult | unknown> | undefined;
    const off = f.clock.onTick(() => {
      const waiting = f.events
        .slice(before)
        .some((e) => e.type === 'step.progress' && e.step === 'wait-healthy');
      if (resumed || !waiting) return;
      // As `odin lock release --force` then `odin deploy --resume` from another terminal would.
      resumed = forceReleaseLease({ ...state, sink: () => undefined }).then(() =>
        deploy(other.ctx(), f.request({ resume: true })).catch((e: unknown) => e),
      );
    });
    const error = await deploy(f.ctx(), f.request()).catch((e: unknown) => e);
    const result = (await resumed) as DeployResult;
    off();
    watch.stop();

    expect(error).toBeInstanceOf(LeaseLostError);
    expect((error as LeaseLostError).exitCode).toBe(3);
    expect(f.events.slice(before).some((e) => e.type === 'step.start' && e.step === 'undo')).toBe(false);
    expect(result.outcome).toBe('live');
    expect(result.resumed).toBe(true);
    expect(fleetsByRole(f.cloud)).toEqual({ live: [result.newGroup], standby: [live.newGroup] });
    expect(watch.violations).toEqual([]);
    expect(await settledProblems(f.aws, f.cloud, f.manifest, result.releaseId)).toEqual([]);
  });

  it('undoes itself when the new holder has not taken the deploy over', async () => {
    const f = await deployFixture();
    const live = await deploy(f.ctx(), f.request());
    const other = await f.otherProcess();
    const m = f.manifest;
    const state = {
      aws: other.aws,
      clock: f.clock,
      store: m.state,
      service: m.service,
      environment: m.environment,
    };
    const before = f.events.length;
    let taken: Promise<Lease> | undefined;
    const off = f.clock.onTick(() => {
      const waiting = f.events
        .slice(before)
        .some((e) => e.type === 'step.progress' && e.step === 'wait-healthy');
      if (taken || !waiting) return;
      const ctx = { ...state, sink: () => undefined };
      taken = forceReleaseLease(ctx).then(() =>
        acquireLease(ctx, { command: 'odin scale', callerArn: 'arn:aws:iam::123456789012:user/other' }),
      );
    });
    const error = await deploy(f.ctx(), f.request()).catch((e: unknown) => e);
    off();

    expect(error).toBeInstanceOf(DeployFailedError);
    expect((error as DeployFailedError).hint).toMatch(/Another odin process took the lease/);
    expect(fleetsByRole(f.cloud)).toEqual({ live: [live.newGroup] });
    await (await taken)?.release();
  });
});
