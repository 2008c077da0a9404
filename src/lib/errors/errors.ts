import { ExitCode } from './exit-codes.js';
import { OdinError, type OdinErrorOptions } from './odin-error.js';

/** One problem found in a manifest, located precisely enough for an editor to jump to it. */
export interface ManifestIssue {
  file: string;
  line: number;
  column: number;
  /** Key path such as `traffic.steps[2].weight`; empty for the document itself. */
  path: string;
  message: string;
  hint?: string;
}

/** The manifest could not be read or does not validate; carries every issue found, not just the first. */
export class ManifestError extends OdinError {
  readonly issues: ManifestIssue[];

  constructor(issues: ManifestIssue[], options: OdinErrorOptions = {}) {
    // Only a count: the CLI prints each issue, located, on its own line after this one.
    const summary = `${issues[0]?.file ?? 'manifest'} has ${issues.length} problem${issues.length === 1 ? '' : 's'}`;
    super('MANIFEST_INVALID', ExitCode.InvalidInput, summary, {
      hint: 'Fix the listed keys, then run `odin validate`.',
      ...options,
      details: { issues },
    });
    this.issues = issues;
  }
}

/** A flag or argument is wrong; nothing was changed. */
export class InvalidFlagError extends OdinError {
  constructor(message: string, options: OdinErrorOptions = {}) {
    super('INVALID_FLAG', ExitCode.InvalidInput, message, options);
  }
}

/** Something the manifest references (image, subnet, target group, bucket) does not exist in AWS. */
export class ResourceNotFoundError extends OdinError {
  constructor(message: string, options: OdinErrorOptions = {}) {
    super('RESOURCE_NOT_FOUND', ExitCode.InvalidInput, message, options);
  }
}

/** Another process holds the service lease. */
export class LockHeldError extends OdinError {
  constructor(message: string, options: OdinErrorOptions = {}) {
    super('LOCK_HELD', ExitCode.LockHeld, message, options);
  }
}

/** A journal of an earlier, unfinished deploy blocks new mutations. */
export class UnfinishedDeployError extends OdinError {
  constructor(message: string, options: OdinErrorOptions = {}) {
    super('UNFINISHED_DEPLOY', ExitCode.UnfinishedDeploy, message, {
      hint: 'Run `odin deploy --resume` to finish it or `odin recover` to undo it.',
      ...options,
    });
  }
}

/** The deploy failed and was undone: traffic is on the previous fleet. */
export class DeployFailedError extends OdinError {
  constructor(message: string, options: OdinErrorOptions = {}) {
    super('DEPLOY_ROLLED_BACK', ExitCode.RolledBack, message, options);
  }
}

/** The deploy failed and the undo could not finish; the hint lists exact steps. */
export class NeedsAttentionError extends OdinError {
  constructor(message: string, options: OdinErrorOptions = {}) {
    super('DEPLOY_NEEDS_ATTENTION', ExitCode.NeedsAttention, message, options);
  }
}

/** An AWS call failed for good (after retries, or a non-retryable error). */
export class AwsCallError extends OdinError {
  readonly service: string;
  readonly operation: string;
  readonly awsCode: string;

  constructor(
    service: string,
    operation: string,
    awsCode: string,
    awsMessage: string,
    options: OdinErrorOptions = {},
  ) {
    super(
      'AWS_CALL_FAILED',
      ExitCode.AwsError,
      `${service} ${operation} failed: ${awsCode}: ${awsMessage}`,
      options,
    );
    this.service = service;
    this.operation = operation;
    this.awsCode = awsCode;
  }
}

/** The caller's credentials belong to a different account than the manifest pins. */
export class AccountMismatchError extends OdinError {
  constructor(message: string, options: OdinErrorOptions = {}) {
    super('ACCOUNT_MISMATCH', ExitCode.AccountMismatch, message, options);
  }
}

/** SIGINT/SIGTERM stopped the command; any started deploy was undone first. */
export class InterruptedError extends OdinError {
  constructor(message = 'Interrupted', options: OdinErrorOptions = {}) {
    super('INTERRUPTED', ExitCode.Interrupted, message, {
      // The message says what was undone; a deploy killed before its undo finished is in the journal.
      hint:
        'Run `odin status` to see what is live; if it shows an unfinished deploy, ' +
        '`odin recover` undoes it and `odin deploy --resume` finishes it.',
      ...options,
    });
  }
}

/**
 * odin will not do what was asked because it would be unsafe or meaningless (e.g. rollback to a
 * release that never went live).
 */
export class RefusedError extends OdinError {
  constructor(message: string, options: OdinErrorOptions = {}) {
    super('REFUSED', ExitCode.InvalidInput, message, options);
  }
}
