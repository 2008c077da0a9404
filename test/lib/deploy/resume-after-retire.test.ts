import { describe, expect, it } from 'vitest';
import { deploy, requestHalt, SimulatedCrash, type DeployResult } from '../../../src/lib/deploy/index.js';
import { NeedsAttentionError } from '../../../src/lib/errors/index.js';
import { readJournal } from '../../../src/lib/journal/journal.js';
import type { JournalRecord } from '../../../src/lib/journal/journal-record.js';
import type { Manifest } from '../../../src/lib/manifest/types.js';
import { stateLocation } from '../../../src/lib/state/keys.js';
import { settledProblems, watchInvariants } from '../../helpers/invariants.js';
import { deployFixture, fleetsByRole, type DeployFixture } from './support.js';

// A killed process leaves its lease to expire (2 minutes); the next process waits for that.
const LOCK_WAIT_MS = 5 * 60_000;

interface Crashed {
  f: DeployFixture;
  manifest: Manifest;
  first: DeployResult;
}

/** With `retain.standbys: 0`, a second deploy killed right after it deleted the first fleet. */
async function crashedAfterRetire(): Promise<Crashed> {
  const f = await deployFixture();
  const manifest: Manifest = { ...f.manifest, retain: { standbys: 0, warmForMs: 0 } };
  const first = await deploy(f.ctx(), f.request({ manifest }));
  const crash = await deploy(f.ctx(), f.request({ manifest, crashAfter: 'retire' })).catch((e: unknown) => e);
  expect(crash).toBeInstanceOf(SimulatedCrash);
  expect(fleetsByRole(f.cloud)['live']).toHaveLength(1);
  expect(fleetsByRole(f.cloud)['live']).not.toContain(first.newGroup);
  return { f, manifest, first };
}

function journalState(f: DeployFixture, m: Manifest) {
  return { aws: f.aws, clock: f.clock, store: m.state, service: m.service, environment: m.environment };
}

async function resume(f: DeployFixture, manifest: Manifest): Promise<DeployResult> {
  const other = await f.otherProcess();
  return deploy(other.ctx(), f.request({ manifest, resume: true, lockWaitMs: LOCK_WAIT_MS }));
}

describe('a deploy resumed after its old fleet was deleted', () => {
  it('finishes forward despite a halt, since there is no fleet to go back to, and clears the halt', async () => {
    const { f, manifest, first } = await crashedAfterRetire();
    await requestHalt({ aws: f.aws, clock: f.clock, manifest }, { reason: 'second thoughts' });

    const watch = watchInvariants(f.clock, f.cloud, manifest);
    const result = await resume(f, manifest);
    watch.stop();

    expect(result).toMatchObject({ outcome: 'live', resumed: true, oldGroup: first.newGroup });
    expect(watch.violations).toEqual([]);
    expect(fleetsByRole(f.cloud)).toEqual({ live: [result.newGroup] });
    expect((await readJournal(journalState(f, manifest)))?.record.status).toBe('done');
    const location = stateLocation(manifest.state, manifest.service, manifest.environment);
    expect(await f.aws.s3.getObject(location.bucket, location.halt)).toBeUndefined();
    expect(await settledProblems(f.aws, f.cloud, manifest, result.releaseId)).toEqual([]);

    const next = await deploy(f.ctx(), f.request({ manifest }));
    expect(fleetsByRole(f.cloud)).toEqual({ live: [next.newGroup] });
  });

  it('leaves a resumed run that fails in finish resumable, with a hint to resume, and never undoes it', async () => {
    const { f, manifest } = await crashedAfterRetire();
    f.cloud.setFaults({ errorRates: { 'autoscaling:PutScalingPolicy': 1 } });
    const error = await resume(f, manifest).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NeedsAttentionError);
    expect((error as NeedsAttentionError).hint).toMatch(/odin deploy --resume/);
    const live = fleetsByRole(f.cloud)['live'];
    expect(live).toHaveLength(1);
    expect((await readJournal(journalState(f, manifest)))?.record.status).toBe('running');

    f.cloud.setFaults({ errorRates: {} });
    const result = await resume(f, manifest);
    expect(result.newGroup).toEqual(live?.[0]);
    expect(await settledProblems(f.aws, f.cloud, manifest, result.releaseId)).toEqual([]);
  });

  it('is taken over by --resume even when an earlier undo ended it needs-attention', async () => {
    const { f, manifest } = await crashedAfterRetire();
    // As a deploy that failed after the delete used to end: undo refused, journal needs-attention.
    const location = stateLocation(manifest.state, manifest.service, manifest.environment);
    const stored = await readJournal(journalState(f, manifest));
    const { pastPointOfNoReturn: _, ...plan } = stored?.record.plan ?? { pastPointOfNoReturn: true };
    const record = { ...stored?.record, status: 'needs-attention', plan } as JournalRecord;
    await f.aws.s3.putObject(location.bucket, location.journal, JSON.stringify(record), {});

    const result = await resume(f, manifest);

    expect(result.resumed).toBe(true);
    expect((await readJournal(journalState(f, manifest)))?.record.status).toBe('done');
    expect(await settledProblems(f.aws, f.cloud, manifest, result.releaseId)).toEqual([]);
  });
});
