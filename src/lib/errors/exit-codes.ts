/**
 * Exit codes are part of odin's public interface: CI pipelines branch on them, so a code never
 * changes meaning once released. Keep this table and the README's in step (a test checks).
 */
export const ExitCode = {
  Success: 0,
  Failure: 1,
  InvalidInput: 2,
  LockHeld: 3,
  RolledBack: 4,
  NeedsAttention: 5,
  AwsError: 6,
  AccountMismatch: 7,
  UnfinishedDeploy: 8,
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** One line per exit code, for `odin --help` and the README. */
export const exitCodeDescriptions: ReadonlyArray<readonly [ExitCode, string]> = [
  [ExitCode.Success, 'success'],
  [ExitCode.Failure, 'unexpected failure (a bug or an unclassified error)'],
  [ExitCode.InvalidInput, 'invalid input: manifest, flags or referenced resources; nothing was changed'],
  [ExitCode.LockHeld, 'another odin process holds the service lease; nothing was changed'],
  [ExitCode.RolledBack, 'the deploy failed and traffic is back on the previous fleet'],
  [ExitCode.NeedsAttention, 'the deploy failed and could not be fully undone; follow the printed steps'],
  [ExitCode.AwsError, 'AWS refused or kept throttling a call before any change was made'],
  [ExitCode.AccountMismatch, 'the credentials belong to another AWS account than the manifest pins'],
  [
    ExitCode.UnfinishedDeploy,
    'an earlier deploy is unfinished: run `odin deploy --resume` or `odin recover`',
  ],
  [ExitCode.Interrupted, 'interrupted (SIGINT/SIGTERM); any started deploy was undone'],
];
