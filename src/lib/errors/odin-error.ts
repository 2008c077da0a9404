import { ExitCode } from './exit-codes.js';

/** Stable, machine-readable identifiers of odin's error kinds, shown in JSON output. */
export type ErrorCode =
  | 'MANIFEST_INVALID'
  | 'MANIFEST_NOT_FOUND'
  | 'INVALID_FLAG'
  | 'RESOURCE_NOT_FOUND'
  | 'LOCK_HELD'
  | 'UNFINISHED_DEPLOY'
  | 'DEPLOY_ROLLED_BACK'
  | 'DEPLOY_NEEDS_ATTENTION'
  | 'FLEET_NOT_HEALTHY'
  | 'HALTED'
  | 'AWS_CALL_FAILED'
  | 'ACCOUNT_MISMATCH'
  | 'INTERRUPTED'
  | 'NOT_FOUND'
  | 'REFUSED'
  | 'INTERNAL';

export interface OdinErrorOptions {
  /** What to do next, naming a command or a flag where one helps. */
  hint?: string;
  cause?: unknown;
  /** Extra structured facts for `--json` output (never secrets). */
  details?: Record<string, unknown>;
}

/**
 * The base of odin's error family. Every error a user can see carries a code, a hint and the
 * exit code the process ends with, so renderers and CI never have to guess.
 */
export class OdinError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  readonly hint?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, exitCode: ExitCode, message: string, options: OdinErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.details = options.details;
  }

  /** The shape printed by `--json` and by the JSON event stream. */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      hint: this.hint,
      exitCode: this.exitCode,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** Wraps anything thrown into an OdinError so the CLI can always report a code and a hint. */
export function toOdinError(error: unknown): OdinError {
  if (error instanceof OdinError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new OdinError('INTERNAL', ExitCode.Failure, message, {
    cause: error,
    hint: 'This is unexpected. Re-run with --log-format json and report the output.',
  });
}
