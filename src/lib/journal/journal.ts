import { hostname } from 'node:os';
import { PreconditionFailedError } from '../aws/errors.js';
import type { Aws } from '../aws/types.js';
import type { Clock } from '../clock/clock.js';
import { UnfinishedDeployError } from '../errors/errors.js';
import type { StateStore } from '../manifest/types.js';
import { stateLocation } from '../state/keys.js';
import { parseJournal, type JournalPlan, type JournalRecord, type JournalStatus } from './journal-record.js';

/** Whose journal: AWS, time, and the service environment's state location. */
export interface JournalContext {
  aws: Aws;
  clock: Clock;
  store: StateStore;
  service: string;
  environment: string;
}

/** A journal read from S3 with the ETag the next conditional write must match. */
export interface StoredJournal {
  record: JournalRecord;
  etag: string;
}

/** Reads the service environment's journal; undefined when there is none (or it is unreadable). */
export async function readJournal(ctx: JournalContext): Promise<StoredJournal | undefined> {
  const location = stateLocation(ctx.store, ctx.service, ctx.environment);
  const object = await ctx.aws.s3.getObject(location.bucket, location.journal);
  const record = object ? parseJournal(object.body) : undefined;
  return object && record ? { record, etag: object.etag } : undefined;
}

/**
 * The error a new deploy gets while an earlier one is unfinished: which, when, by whom, and the
 * ways out, which depend on how it stands: a killed deploy can be resumed or undone; one whose
 * undo failed is undone by `odin recover` (`--resume` takes it only when it cannot be undone).
 */
export function unfinishedDeployError(record: JournalRecord, now: number): UnfinishedDeployError {
  const last = record.steps.at(-1)?.step ?? 'start';
  const ago = Math.round((now - record.updatedAt) / 1000);
  const undoFailed = record.status === 'needs-attention';
  const what = undoFailed
    ? `a failed ${record.kind} ${record.deployId} of release ${record.releaseId} whose undo did not finish`
    : `an unfinished ${record.kind} ${record.deployId} of release ${record.releaseId}`;
  return new UnfinishedDeployError(
    `${record.service} (${record.environment}) has ${what}, ` +
      `started ${new Date(record.startedAt).toISOString()} by ${record.author} on ${record.host} (pid ${record.pid}); ` +
      `last completed step: ${last}, ${ago}s ago`,
    {
      hint: undoFailed
        ? 'Run `odin recover` to finish the undo (`odin deploy --resume` only takes over a failed deploy whose previous fleet is already gone); `odin status` shows where traffic is.'
        : 'Run `odin deploy --resume` to finish it, or `odin recover` to undo it back to the last good release.',
      details: {
        deployId: record.deployId,
        releaseId: record.releaseId,
        status: record.status,
        lastStep: last,
        author: record.author,
      },
    },
  );
}

/** What a new journal starts with. */
export type JournalStart = Pick<JournalRecord, 'deployId' | 'releaseId' | 'kind' | 'author' | 'message'>;

/**
 * The recorded progress of one deploy, written with S3 conditional writes so that two processes
 * can never both believe they own it: every write is `ifMatch` the ETag of the previous one.
 */
export class Journal {
  private constructor(
    private readonly ctx: JournalContext,
    private current: JournalRecord,
    private etag: string,
  ) {}

  /** Starts a journal for a new deploy; refuses with UnfinishedDeployError while another is running. */
  static async open(ctx: JournalContext, start: JournalStart): Promise<Journal> {
    const existing = await readJournal(ctx);
    // A journal whose undo failed blocks too: deploying over a half-undone state would stack fleets.
    if (existing && isUnfinished(existing.record.status))
      throw unfinishedDeployError(existing.record, ctx.clock.now());
    const now = ctx.clock.now();
    const record: JournalRecord = {
      version: 1,
      ...start,
      service: ctx.service,
      environment: ctx.environment,
      status: 'running',
      startedAt: now,
      updatedAt: now,
      host: hostname(),
      pid: process.pid,
      steps: [],
    };
    const condition = existing ? { ifMatch: existing.etag } : { ifNoneMatch: '*' as const };
    const location = stateLocation(ctx.store, ctx.service, ctx.environment);
    try {
      const { etag } = await ctx.aws.s3.putObject(
        location.bucket,
        location.journal,
        serialise(record),
        condition,
      );
      return new Journal(ctx, record, etag);
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      const raced = await readJournal(ctx);
      if (raced) throw unfinishedDeployError(raced.record, now);
      throw error;
    }
  }

  /** Takes over the running journal (resume; recover also takes needs-attention ones); undefined when none. */
  static async adopt(
    ctx: JournalContext,
    options: { includeNeedsAttention?: boolean } = {},
  ): Promise<Journal | undefined> {
    const existing = await readJournal(ctx);
    const status = existing?.record.status;
    const wanted =
      status === 'running' || (options.includeNeedsAttention === true && status === 'needs-attention');
    if (!existing || !wanted) return undefined;
    const journal = new Journal(ctx, existing.record, existing.etag);
    await journal.write({ host: hostname(), pid: process.pid });
    return journal;
  }

  get record(): Readonly<JournalRecord> {
    return this.current;
  }

  get plan(): JournalPlan | undefined {
    return this.current.plan;
  }

  /** False once another process has written the journal since this one did (it adopted the deploy). */
  async isStillOurs(): Promise<boolean> {
    return (await readJournal(this.ctx))?.etag === this.etag;
  }

  /** True once `step` was recorded as completed. */
  has(step: string): boolean {
    return this.current.steps.some((s) => s.step === step);
  }

  /** Records the plan inputs (merged into what is there). */
  async setPlan(plan: Partial<JournalPlan>): Promise<void> {
    await this.write({ plan: { ...this.current.plan, ...plan } as JournalPlan });
  }

  /**
   * Records a completed step with its time, and with it (in the same write) any plan inputs the
   * step found; completing the same step twice records it once.
   */
  async completed(
    step: string,
    options: { detail?: Record<string, unknown>; plan?: Partial<JournalPlan> } = {},
  ): Promise<void> {
    if (this.has(step)) return;
    const { detail, plan } = options;
    await this.write({
      steps: [...this.current.steps, { step, at: this.ctx.clock.now(), ...(detail ? { detail } : {}) }],
      ...(plan ? { plan: { ...this.current.plan, ...plan } as JournalPlan } : {}),
    });
  }

  /** Ends the journal with a final status. */
  async finish(
    status: Exclude<JournalStatus, 'running'>,
    error?: { code: string; message: string },
  ): Promise<void> {
    await this.write({ status, ...(error ? { error } : {}) });
  }

  private async write(patch: Partial<JournalRecord>): Promise<void> {
    const next: JournalRecord = { ...this.current, ...patch, updatedAt: this.ctx.clock.now() };
    const location = stateLocation(this.ctx.store, this.ctx.service, this.ctx.environment);
    const { etag } = await this.ctx.aws.s3.putObject(location.bucket, location.journal, serialise(next), {
      ifMatch: this.etag,
    });
    this.current = next;
    this.etag = etag;
  }
}

/** True for the statuses that block a new deploy. */
export function isUnfinished(status: JournalStatus): boolean {
  return status === 'running' || status === 'needs-attention';
}

function serialise(record: JournalRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}
