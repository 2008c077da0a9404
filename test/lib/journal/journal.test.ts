import { describe, expect, it } from 'vitest';
import { PreconditionFailedError } from '../../../src/lib/aws/errors.js';
import { UnfinishedDeployError } from '../../../src/lib/errors/index.js';
import { Journal, readJournal } from '../../../src/lib/journal/journal.js';
import { deployFixture } from '../deploy/support.js';

async function journalContext() {
  const f = await deployFixture();
  const m = f.manifest;
  return {
    f,
    ctx: { aws: f.aws, clock: f.clock, store: m.state, service: m.service, environment: m.environment },
  };
}

const start = {
  deployId: 'd-1',
  releaseId: 'r1',
  kind: 'deploy' as const,
  author: 'arn:aws:iam::123456789012:user/alice',
};

describe('journal', () => {
  it('records each completed step once, with its time, and the final status', async () => {
    const { f, ctx } = await journalContext();
    const journal = await Journal.open(ctx, start);
    await journal.completed('find-live');
    await f.clock.advance(1_000);
    await journal.completed('find-live');
    await journal.completed('launch-template');
    await journal.finish('done');

    const stored = await readJournal(ctx);
    expect(stored?.record.steps.map((s) => s.step)).toEqual(['find-live', 'launch-template']);
    expect(stored?.record.steps[1]?.at).toBe((stored?.record.steps[0]?.at ?? 0) + 1_000);
    expect(stored?.record.status).toBe('done');
  });

  it('refuses a new deploy while one is running, naming it and the ways out', async () => {
    const { ctx } = await journalContext();
    await Journal.open(ctx, start);
    const error = await Journal.open(ctx, { ...start, deployId: 'd-2', releaseId: 'r2' }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(UnfinishedDeployError);
    expect((error as Error).message).toContain('d-1');
    expect((error as Error).message).toContain('alice');
    expect((error as UnfinishedDeployError).hint).toMatch(/--resume.*recover/);
  });

  it('loses a write to another process that adopted the journal in the meantime', async () => {
    const { ctx } = await journalContext();
    const first = await Journal.open(ctx, start);
    const adopted = await Journal.adopt(ctx);
    await adopted?.completed('find-live');

    await expect(first.completed('launch-template')).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it('opens a new journal over a finished one and adopts only unfinished ones', async () => {
    const { ctx } = await journalContext();
    const first = await Journal.open(ctx, start);
    await first.finish('undone');
    expect(await Journal.adopt(ctx)).toBeUndefined();
    const second = await Journal.open(ctx, { ...start, deployId: 'd-2' });
    expect(second.record.status).toBe('running');
  });
});
