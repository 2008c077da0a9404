import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { InvalidFlagError, ResourceNotFoundError } from '../../../src/lib/errors/index.js';
import { applyFaultRequest } from '../../../src/lib/simulator/fault-request.js';
import { openLocalCloud, type LocalCloudSession } from '../../../src/lib/simulator/index.js';

let dir = '';
let session: LocalCloudSession;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'odin-faults-'));
  session = await openLocalCloud({ dir, speed: 1000 });
  await session.seedExamples();
});

afterEach(async () => {
  await session.close();
  await rm(dir, { recursive: true, force: true });
});

describe('odin simulator faults, applied to the on-disk world', () => {
  it('changes nothing when an instance to kill does not exist', async () => {
    const error = await applyFaultRequest(session, { throttle: 0.5, kill: ['i-doesnotexist'] }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect((await session.snapshot()).faults.throttleRate).toBe(0);
  });

  it('changes nothing when an image to mark bad does not exist', async () => {
    const error = await applyFaultRequest(session, {
      badImages: ['nope'],
      latency: '5ms',
      alarms: ['demo-5xx=ALARM'],
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ResourceNotFoundError);
    const snapshot = await session.snapshot();
    expect(snapshot.faults.latencyMs).toBe(0);
    expect(snapshot.alarms).toContainEqual(expect.objectContaining({ name: 'demo-5xx', state: 'OK' }));
  });

  it('refuses a malformed flag before touching the world', async () => {
    await expect(applyFaultRequest(session, { throttle: 0.2, latency: '200' })).rejects.toBeInstanceOf(
      InvalidFlagError,
    );
    expect((await session.snapshot()).faults.throttleRate).toBe(0);
  });

  it('merges error rates into those in force, and removes one given a rate of 0', async () => {
    await applyFaultRequest(session, { errorRates: ['DescribeTargetHealth=0.1', 'GetObject=0.2'] });
    const merged = await applyFaultRequest(session, { errorRates: ['elbv2:ModifyListener=0.3'] });
    expect(merged.faults.errorRates).toEqual({
      DescribeTargetHealth: 0.1,
      GetObject: 0.2,
      'elbv2:ModifyListener': 0.3,
    });

    const removed = await applyFaultRequest(session, { errorRates: ['GetObject=0'] });
    expect(removed.faults.errorRates).toEqual({ DescribeTargetHealth: 0.1, 'elbv2:ModifyListener': 0.3 });
    expect((await session.snapshot()).faults.errorRates).toEqual(removed.faults.errorRates);
  });

  it('merges lost-response rates the same way', async () => {
    await applyFaultRequest(session, { lostResponseRates: ['CreateAutoScalingGroup=0.5'] });
    const result = await applyFaultRequest(session, {
      lostResponseRates: ['CreateAutoScalingGroup=0', 's3:PutObject=0.1'],
    });
    expect(result.faults.lostResponseRates).toEqual({ 's3:PutObject': 0.1 });
  });

  it('clears every fault first with --clear, then applies the rest', async () => {
    await applyFaultRequest(session, { throttle: 0.4, errorRates: ['GetObject=0.2'], dieAfter: '10m' });

    const result = await applyFaultRequest(session, { clear: true, errorRates: ['PutObject=0.1'] });

    expect(result.faults).toMatchObject({ throttleRate: 0, errorRates: { PutObject: 0.1 } });
    expect(result.faults.dieAfterMs).toBeUndefined();
  });
});
