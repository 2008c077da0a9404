import type { Aws, AwsCallStats } from '../aws/types.js';
import type { Clock } from '../clock/clock.js';
import type { EventSink } from '../events/event.js';
import type { DeployStepId, JournalStep } from '../journal/journal-record.js';
import type { Manifest } from '../manifest/types.js';

/** What the lifecycle runs with: AWS, time, where progress goes, and the interrupt signal. */
export interface DeployContext {
  aws: Aws;
  clock: Clock;
  sink: EventSink;
  /** Aborted on SIGINT/SIGTERM: the deploy undoes itself and throws InterruptedError. */
  signal?: AbortSignal;
}

/** One `odin deploy`. */
export interface DeployRequest {
  manifest: Manifest;
  /** `ami-...`, `ssm:/path` or `name:pattern`, replacing the manifest's image for this release. */
  imageOverride?: string;
  releaseId?: string;
  message?: string;
  /** Continue the unfinished deploy recorded in the journal instead of starting one. */
  resume?: boolean;
  /** On failure keep the new fleet (detached, tagged failed) and its launch template version. */
  keepFailed?: boolean;
  /** Go straight past the traffic steps' pauses instead of waiting for `odin promote`. */
  autoPromote?: boolean;
  /** How long to wait for a held lease; 0 fails at once. */
  lockWaitMs?: number;
  /** How often the halt marker is read while waiting (default: every poll). */
  haltPollMs?: number;
  /** Interval between polls of every wait (default 5 s). */
  pollMs?: number;
  /** The command name recorded in the lease (default `odin deploy`). */
  command?: string;
  /** Set by `odin rollback`: the release put back, and the standby fleet to reuse when it still exists. */
  rollback?: { releaseId: string; reuseGroup?: string };
  /** When the run began, if before this call (a rollback chooses its release first); default now. */
  startedAt?: number;
  /**
   * Test-only: stop dead right after this step, as if the process were killed: no undo, the
   * journal left `running`, the lease left to expire.
   */
  crashAfter?: DeployStepId;
}

/** How a deploy ended when it returned normally. */
export type DeployOutcome = 'live';

/** The typed result of a successful deploy; failures throw DeployFailedError or NeedsAttentionError. */
export interface DeployResult {
  deployId: string;
  releaseId: string;
  service: string;
  environment: string;
  outcome: DeployOutcome;
  /** True when this run finished an earlier, interrupted deploy. */
  resumed: boolean;
  newGroup: string;
  oldGroup?: string;
  image: { id: string; name?: string };
  launchTemplate: { id: string; name: string; version: number };
  /** The traffic split read back at the end, once the previous fleet was retired. */
  traffic: string;
  durationMs: number;
  awsCalls: AwsCallStats;
  steps: JournalStep[];
}

/** Thrown by the `crashAfter` test hook; never caught by the lifecycle's undo. */
export class SimulatedCrash extends Error {
  constructor(readonly step: string) {
    super(`simulated crash after step ${step}`);
    this.name = 'SimulatedCrash';
  }
}

/** The default interval between polls of any wait. */
export const DEFAULT_POLL_MS = 5_000;
