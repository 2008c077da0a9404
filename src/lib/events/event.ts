import type { ManifestIssue } from '../errors/errors.js';

/**
 * Progress events: the only way the domain in src/lib talks to the user. The domain emits
 * them; exactly one renderer draws them. The JSON form of these events (`--log-format json`)
 * is a stable interface: add fields, never rename or remove them.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

interface EventBase {
  /** Milliseconds since the epoch, from the command's clock (virtual on the local cloud in tests). */
  at: number;
}

export interface RunStartEvent extends EventBase {
  type: 'run.start';
  command: string;
  service?: string;
  environment?: string;
  /** The traffic strategy of the service, for commands that move traffic. */
  strategy?: string;
}

export interface StepStartEvent extends EventBase {
  type: 'step.start';
  /** Stable identifier, e.g. `wait-healthy`. */
  step: string;
  /** Imperative, present tense: "Waiting for healthy targets". */
  title: string;
}

export interface StepProgressEvent extends EventBase {
  type: 'step.progress';
  step: string;
  /** Short live detail: "3/4 targets healthy", "draining, 142s left". */
  detail: string;
  data?: Record<string, unknown>;
}

export interface StepDoneEvent extends EventBase {
  type: 'step.done';
  step: string;
  /** Past tense: "Targets healthy (4/4)". */
  title: string;
  durationMs: number;
}

export interface StepSkipEvent extends EventBase {
  type: 'step.skip';
  step: string;
  title: string;
  reason: string;
}

export interface StepFailEvent extends EventBase {
  type: 'step.fail';
  step: string;
  title: string;
  error: { code: string; message: string; hint?: string };
  durationMs: number;
}

export interface LogEvent extends EventBase {
  type: 'log';
  level: LogLevel;
  message: string;
  data?: Record<string, unknown>;
}

export type RunOutcome = 'succeeded' | 'failed' | 'rolled-back' | 'needs-attention' | 'interrupted';

export interface RunEndEvent extends EventBase {
  type: 'run.end';
  outcome: RunOutcome;
  /** One line: what happened, e.g. "Deployed checkout r-20261203-1 to production". */
  summary: string;
  durationMs: number;
  exitCode: number;
  /** The release the run created or worked on, when there is one. */
  release?: string;
  /** AWS calls the run made. */
  awsCalls?: { calls: number; throttled: number; retried: number };
  /** Why it failed, when it did. */
  error?: { code: string; message: string; hint?: string };
}

export type OdinEvent =
  | RunStartEvent
  | StepStartEvent
  | StepProgressEvent
  | StepDoneEvent
  | StepSkipEvent
  | StepFailEvent
  | LogEvent
  | RunEndEvent;

/**
 * The last line of a failed command's `--log-format json` stream, written by the CLI after the
 * run (or instead of one, when the command failed before starting it). It has no `at`: it is
 * not progress on the command's clock.
 */
export interface ErrorEvent {
  type: 'error';
  code: string;
  message: string;
  hint?: string;
  exitCode: number;
  /** Every manifest problem, when the manifest did not validate. */
  issues?: ManifestIssue[];
}

/** Every kind of line of the JSON event stream: the domain's events, then the closing error. */
export type EventStreamLine = OdinEvent | ErrorEvent;

/** Where the domain sends events. Implementations must not throw. */
export type EventSink = (event: OdinEvent) => void;

/** A sink that drops everything, for callers that do not report progress. */
export const silentSink: EventSink = () => {};
