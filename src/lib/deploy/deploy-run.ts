import { throwIfAborted } from '../clock/clock.js';
import { InterruptedError } from '../errors/errors.js';
import { Reporter } from '../events/reporter.js';
import type { WaitContext } from '../fleet/wait-for-healthy-fleet.js';
import type { Journal, JournalContext } from '../journal/journal.js';
import type { Manifest } from '../manifest/types.js';
import type { Lease } from '../state/lease.js';
import type { LeaseLostError } from '../state/lease-errors.js';
import type { StateContext } from '../state/state-context.js';
import type { FleetRef, TrafficContext } from '../traffic/strategy.js';
import { DEFAULT_POLL_MS, type DeployContext, type DeployRequest } from './deploy-types.js';
import { HaltRequested, readHalt } from './halt.js';
import type { Prepared } from './prepare.js';

/**
 * One deploy in flight: its inputs, journal and lease, and the checkpoint every wait calls.
 * The checkpoint is how a halt, a lost lease or an interrupt reaches a deploy that is waiting:
 * it throws, the wait stops, and the lifecycle undoes what was done.
 */
export class DeployRun {
  readonly reporter: Reporter;
  readonly pollMs: number;
  readonly startedAt: number;
  journal!: Journal;
  lease?: Lease;
  /** Set by the lease renewal when another process took the lease. */
  leaseLost?: LeaseLostError;
  private lastHaltCheck = Number.NEGATIVE_INFINITY;

  constructor(
    readonly ctx: DeployContext,
    readonly request: DeployRequest,
    readonly prepared: Prepared,
    startedAt?: number,
  ) {
    this.reporter = new Reporter(ctx.sink, ctx.clock);
    this.pollMs = request.pollMs ?? DEFAULT_POLL_MS;
    this.startedAt = startedAt ?? ctx.clock.now();
  }

  get manifest(): Manifest {
    return this.prepared.manifest;
  }

  /** The state context for lease and release history. */
  state(): StateContext {
    const m = this.manifest;
    return {
      aws: this.ctx.aws,
      clock: this.ctx.clock,
      store: m.state,
      service: m.service,
      environment: m.environment,
      sink: this.ctx.sink,
    };
  }

  /** The journal context. */
  journalContext(): JournalContext {
    return this.state();
  }

  /**
   * Once true, halts and interrupts no longer undo: the old fleet is being deleted and undo would
   * remove the only fleet. Read from the journal, so a resumed run knows it too.
   */
  get pastPointOfNoReturn(): boolean {
    return (this.journal as Journal | undefined)?.plan?.pastPointOfNoReturn === true;
  }

  /** Records, before the old fleet is deleted, that from now on the deploy can only finish forward. */
  async passPointOfNoReturn(): Promise<void> {
    await this.journal.setPlan({ pastPointOfNoReturn: true });
  }

  /**
   * Called when this run opened a new journal. `odin halt` names the deploy by the id in its
   * journal, so no halt can be aimed at it yet: the first halt read is due one interval later.
   */
  openedJournal(): void {
    this.lastHaltCheck = this.ctx.clock.now();
  }

  /** Throws when the deploy must stop: interrupted, lease lost, or a halt requested for it. */
  async checkpoint(): Promise<void> {
    if (this.ctx.signal?.aborted && !this.pastPointOfNoReturn) {
      throwIfAborted(this.ctx.signal);
    }
    if (this.leaseLost) throw this.leaseLost;
    if (this.pastPointOfNoReturn || !this.journal) return;
    const now = this.ctx.clock.now();
    if (now - this.lastHaltCheck < (this.request.haltPollMs ?? this.pollMs)) return;
    this.lastHaltCheck = now;
    const marker = await readHalt(
      { aws: this.ctx.aws, clock: this.ctx.clock, manifest: this.manifest },
      this.journal.record.deployId,
    );
    if (marker) throw new HaltRequested(marker);
  }

  /** The context a wait runs with, reporting under `step`. */
  waitContext(step: string): WaitContext {
    return {
      aws: this.ctx.aws,
      clock: this.ctx.clock,
      reporter: this.reporter,
      step,
      checkpoint: () => this.checkpoint(),
    };
  }

  /** The context the traffic strategy runs with, reporting under `step`. */
  trafficContext(step: string, options: { undoing?: boolean } = {}): TrafficContext {
    return {
      aws: this.ctx.aws,
      clock: this.ctx.clock,
      reporter: this.reporter,
      // An undo must run to the end even though the interrupt that triggered it fired.
      signal: options.undoing ? undefined : this.ctx.signal,
      manifest: this.manifest,
      store: this.manifest.state,
      releaseId: this.journal.record.releaseId,
      pollMs: this.pollMs,
      verifyTimeoutMs: Math.max(this.manifest.health.timeoutMs, this.pollMs * 3),
      checkpoint: options.undoing ? async () => {} : () => this.checkpoint(),
      step,
      autoPromote: this.request.autoPromote,
    };
  }

  /** The new fleet as the traffic strategy sees it. */
  newRef(): FleetRef {
    const plan = this.journal.plan;
    if (!plan) throw new Error('the journal has no plan yet');
    return { name: plan.newGroup, slot: plan.slot, targetGroupArns: plan.targetGroupArns };
  }

  /** The fleet that was live when the deploy started, if any. */
  oldRef(): FleetRef | undefined {
    const plan = this.journal.plan;
    return plan?.oldGroup ? { name: plan.oldGroup, slot: plan.oldSlot, targetGroupArns: [] } : undefined;
  }

  /** The signal for waits that are part of the forward path (not of an undo). */
  get signal(): AbortSignal | undefined {
    return this.ctx.signal;
  }
}

/** The interrupt as the CLI sees it: the abort reason when it is an InterruptedError. */
export function interruptedReason(signal: AbortSignal | undefined): InterruptedError | undefined {
  if (!signal?.aborted) return undefined;
  return signal.reason instanceof InterruptedError ? signal.reason : new InterruptedError();
}
