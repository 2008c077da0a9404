import { describe, expect, it } from 'vitest';
import { deploy, recover, type DeployResult } from '../../../src/lib/deploy/index.js';
import { NeedsAttentionError } from '../../../src/lib/errors/index.js';
import { readJournal } from '../../../src/lib/journal/journal.js';
import { listReleases } from '../../../src/lib/state/history.js';
import { deployFixture, type DeployFixture, type ExampleName } from './support.js';
import { stateOf } from './triggers.js';

interface Failed {
  f: DeployFixture;
  live: DeployResult;
  error: NeedsAttentionError;
  newGroup: string;
  template: string;
}

/** A live fleet, then a deploy of an image that never gets healthy, with the given AWS calls failing. */
async function failedUndo(example: ExampleName, errorRates: Record<string, number>): Promise<Failed> {
  const f = await deployFixture({ example });
  const live = await deploy(f.ctx(), f.request());
  f.cloud.setFaults({ errorRates });
  const error = await deploy(f.ctx(), f.request({ imageOverride: 'name:demo-app-broken' })).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NeedsAttentionError);
  const attention = error as NeedsAttentionError;
  const releaseId = String(attention.details?.releaseId);
  const m = f.manifest;
  const found = await f.aws.ec2.findLaunchTemplate(`odin-${m.service}-${m.environment}`);
  return {
    f,
    live,
    error: attention,
    newGroup: `${m.service}-${m.environment}-${releaseId}`,
    template: `odin-${m.service}-${m.environment} (${found?.id})`,
  };
}

async function tgArn(f: DeployFixture, name: string): Promise<string> {
  const [tg] = await f.aws.elbv2.findTargetGroups([name]);
  return tg?.arn ?? '';
}

/** The journal is left needs-attention (so nothing deploys over it) and the release recorded as such. */
async function expectRecordedNeedsAttention(f: DeployFixture, error: NeedsAttentionError): Promise<void> {
  const journal = await readJournal(stateOf(f));
  expect(journal?.record.status).toBe('needs-attention');
  expect(journal?.record.error?.code).toBe('DEPLOY_ROLLED_BACK');
  const [latest] = await listReleases(stateOf(f));
  expect(latest).toMatchObject({ id: error.details?.releaseId, outcome: 'needs-attention' });
}

describe('a deploy whose undo cannot finish', () => {
  it('exits 5 with only the target-group steps the undo left undone', async () => {
    const { f, live, error, newGroup, template } = await failedUndo('target-group', {
      DeleteAutoScalingGroup: 1,
    });

    expect(error.exitCode).toBe(5);
    expect(error.message).toMatch(/DeleteAutoScalingGroup/);
    expect(error.details?.steps).toEqual([
      `set ${newGroup} to min 0 and desired 0 and, once its instances have terminated, delete it (without --force-delete)`,
      `delete version 2 of launch template ${template}`,
    ]);
    expect(error.hint).toContain(
      "odin already did this: traffic put back on the previous fleet (read back); the previous fleet's capacity and tags restored; the new fleet detached and drained.",
    );
    expect(error.hint).not.toContain(`make sure ${live.newGroup}`);
    const old = f.cloud.snapshot().fleets.find((g) => g.name === live.newGroup);
    expect(old).toMatchObject({ min: 2, max: 6, targetGroups: ['demo-web'] });
    await expectRecordedNeedsAttention(f, error);
  });

  it('names the target groups of the manifest when traffic could not be put back', async () => {
    const { f, live, error, newGroup, template } = await failedUndo('target-group', {
      AttachLoadBalancerTargetGroups: 1,
      DetachLoadBalancerTargetGroups: 1,
    });
    const web = `demo-web (${await tgArn(f, 'demo-web')})`;

    expect(error.exitCode).toBe(5);
    expect(error.details?.done).toEqual([]);
    expect(error.details?.steps).toEqual([
      `attach ${live.newGroup} to target groups ${web} if it is not, and wait until its targets are healthy in each`,
      `set ${live.newGroup} back to min 2, max 6 (leave desired) and tag it odin:role=live`,
      `detach ${newGroup} from target groups ${web} and wait the deregistration delay for its targets to drain`,
      `set ${newGroup} to min 0 and desired 0 and, once its instances have terminated, delete it (without --force-delete)`,
      `delete version 2 of launch template ${template}`,
    ]);
    expect(error.hint).not.toContain('odin already did this');
    expect(live.newGroup).not.toBe(newGroup);
    await expectRecordedNeedsAttention(f, error);
  });

  it('exits 5 with the listener weights to set when the weighted undo cannot write them', async () => {
    const { f, live, error, newGroup, template } = await failedUndo('weighted', { ModifyListener: 1 });
    const blue = await tgArn(f, 'demo-blue');
    const green = await tgArn(f, 'demo-green');
    const listener = f.manifest.traffic.strategy === 'weighted' ? f.manifest.traffic.listener : '';

    expect(error.exitCode).toBe(5);
    expect(error.details?.done).toEqual([]);
    expect(error.details?.steps).toEqual([
      `attach ${live.newGroup} to target group demo-blue (${blue}) if it is not, and wait until its targets are healthy there`,
      `set the default forward action of listener ${listener} to weight 100 on demo-blue (${blue}) and 0 on demo-green (${green}), then read it back`,
      `set ${live.newGroup} back to min 2, max 6 (leave desired) and tag it odin:role=live`,
      `check that demo-green has weight 0 at listener ${listener}, then detach ${newGroup} from it and wait the deregistration delay for its targets to drain`,
      `set ${newGroup} to min 0 and desired 0 and, once its instances have terminated, delete it (without --force-delete)`,
      `delete version 2 of launch template ${template}`,
    ]);
    expect(error.hint).toMatch(
      /^Run `odin recover` to retry the undo\. If it keeps failing, by hand: \(1\) attach/,
    );
    await expectRecordedNeedsAttention(f, error);
  });

  it('never points the weighted steps at the new fleet’s target group for the old fleet', async () => {
    const { f, live, error, newGroup } = await failedUndo('weighted', { DeleteAutoScalingGroup: 1 });

    expect(error.exitCode).toBe(5);
    expect(error.details?.done).toEqual(['restore-traffic', 'restore-old-fleet', 'retire-new-fleet']);
    const steps = error.details?.steps as string[];
    expect(steps[0]).toMatch(new RegExp(`^set ${newGroup} to min 0 and desired 0`));
    expect(steps.join(' ')).not.toContain(live.newGroup);
    await expectRecordedNeedsAttention(f, error);
  });

  it('gives the Route 53 records and weights when the dns undo cannot write them', async () => {
    const { f, live, error } = await failedUndo('dns', { ChangeResourceRecordSets: 1 });
    const m = f.manifest;
    const traffic = m.traffic.strategy === 'dns' ? m.traffic : undefined;

    expect(error.exitCode).toBe(5);
    const steps = error.details?.steps as string[];
    expect(steps[1]).toMatch(/^in hosted zone Z\w+, UPSERT/);
    expect(steps[1]).toContain(`UPSERT the weighted A records ${traffic?.record.replace(/\.$/, '')}`);
    expect(steps[1]).toContain(`set identifier ${m.service}-${m.environment}-blue weight 100`);
    expect(steps[1]).toContain(`${m.service}-${m.environment}-green weight 0 (no other record)`);
    expect(steps[0]).toContain(`attach ${live.newGroup} to target group`);
    await expectRecordedNeedsAttention(f, error);
  });

  it('is finished by `odin recover` once AWS accepts the calls again', async () => {
    const { f, live, error, newGroup } = await failedUndo('target-group', { DeleteAutoScalingGroup: 1 });
    f.cloud.setFaults({ errorRates: { DeleteAutoScalingGroup: 0 } });

    const result = await recover(f.ctx(), f.manifest);

    expect(result).toMatchObject({ action: 'undone', releaseId: error.details?.releaseId });
    expect(result.summary).toBe(`traffic is on ${live.newGroup}; deleted ${newGroup}`);
    expect((await readJournal(stateOf(f)))?.record.status).toBe('undone');
    const [latest] = await listReleases(stateOf(f));
    expect(latest?.outcome).toBe('rolled-back');
    expect(f.cloud.snapshot().fleets.filter((g) => g.name === newGroup && !g.status)).toEqual([]);
  });

  it('keeps the deploy needs-attention, with the same steps, when `odin recover` cannot finish either', async () => {
    const { f, error, newGroup } = await failedUndo('target-group', { DeleteAutoScalingGroup: 1 });

    const again = await recover(f.ctx(), f.manifest).catch((e: unknown) => e);

    expect(again).toBeInstanceOf(NeedsAttentionError);
    expect((again as NeedsAttentionError).exitCode).toBe(5);
    expect((again as NeedsAttentionError).details?.steps).toEqual(error.details?.steps);
    expect((again as Error).message).toContain(
      error.message.match(/failed \((.*?)\) and the undo/)?.[1] ?? '?',
    );
    expect(f.cloud.snapshot().fleets.some((g) => g.name === newGroup && !g.status)).toBe(true);
    await expectRecordedNeedsAttention(f, again as NeedsAttentionError);
  });
});
