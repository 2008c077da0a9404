import { AwsCallError } from '../errors/index.js';
import type { Clock } from '../clock/index.js';
import type { RequestBudget } from './budget.js';
import type { CallStats } from './call-stats.js';
import {
  awsErrorCode,
  awsErrorMessage,
  classifyError,
  httpStatusOf,
  isRetryable,
  type ErrorKind,
} from './classify.js';
import { iamActionFor } from './operations.js';
import { backoffDelayMs, type RetryPolicy } from './retry.js';
import type { AwsServiceName } from './service-name.js';

/** What odin learns about each attempt at an AWS call, for debug logs. */
export interface AwsCallInfo {
  service: AwsServiceName;
  operation: string;
  attempt: number;
  throttled: boolean;
  error?: { code: string; message: string };
}

/** The part of an SDK v3 client the caller uses. */
export interface SendingClient {
  send(command: never): Promise<unknown>;
}

/** The output type an SDK command resolves to. */
export type CommandOutput<C> = C extends {
  resolveMiddleware(...args: never[]): (...args: never[]) => Promise<{ output: infer O }>;
}
  ? O
  : never;

/** An SDK command class, e.g. `DescribeAutoScalingGroupsCommand`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandClass = new (...args: any[]) => object;

/** The input a command class takes (commands whose input is optional take it all the same). */
export type CommandInput<K extends CommandClass> = NonNullable<ConstructorParameters<K>[0]>;

/** Everything one service's caller shares with the rest of its `createAws`. */
export interface CallerOptions {
  service: AwsServiceName;
  client: SendingClient;
  budget: RequestBudget;
  retry: RetryPolicy;
  clock: Clock;
  stats: CallStats;
  onCall?: (info: AwsCallInfo) => void;
}

/** How one call may read its own retries. */
export interface SendOptions {
  /**
   * Error codes (e.g. `AlreadyExists` for a create) that, on a retry after an attempt whose
   * outcome is unknown (a 5xx or a dropped connection), mean that attempt did succeed: the call
   * then resolves as if it had. Throttled attempts were refused, so they never count.
   */
  doneIfRetryAnswers?: readonly string[];
}

/**
 * Sends commands to one AWS service with odin's own retries: each attempt takes a token from
 * the shared budget, throttling and transient failures are retried with backoff on the clock,
 * and anything that fails for good becomes an AwsCallError with a hint.
 */
export class ServiceCaller {
  constructor(private readonly options: CallerOptions) {}

  /** The service this caller talks to. */
  get service(): AwsServiceName {
    return this.options.service;
  }

  /** Sends `new Command(input)`, retrying as the policy allows. */
  async send<K extends CommandClass>(
    Command: K,
    input: CommandInput<K>,
    options: SendOptions = {},
  ): Promise<CommandOutput<InstanceType<K>>> {
    const { service, budget, stats, retry, clock } = this.options;
    const operation = Command.name.replace(/Command$/, '');
    let outcomeUnknown = false;
    for (let attempt = 1; ; attempt++) {
      await budget.take();
      stats.recordAttempt(service, operation, attempt);
      try {
        // A fresh command per attempt: the SDK adds plugins to a command's own middleware
        // stack when it is sent, so sending one command object twice is not safe.
        const output = await this.options.client.send(new Command(input) as never);
        budget.onSuccess();
        this.report({ service, operation, attempt, throttled: false });
        return output as CommandOutput<InstanceType<K>>;
      } catch (error) {
        const { kind, code } = this.recordFailure(operation, attempt, error);
        if (outcomeUnknown && options.doneIfRetryAnswers?.includes(code)) {
          budget.onSuccess();
          return { $metadata: {} } as CommandOutput<InstanceType<K>>;
        }
        outcomeUnknown ||= kind === 'transient';
        if (!isRetryable(kind) || attempt >= retry.maxAttempts) {
          throw toAwsCallError(service, operation, error, kind, attempt);
        }
        await clock.sleep(backoffDelayMs(attempt, retry));
      }
    }
  }

  /** Counts and reports a failed attempt; throttling also slows the shared budget down. */
  private recordFailure(
    operation: string,
    attempt: number,
    error: unknown,
  ): { kind: ErrorKind; code: string } {
    const { service, budget, stats } = this.options;
    const kind = classifyError(error);
    if (kind === 'throttling') {
      stats.recordThrottled();
      budget.onThrottled();
    }
    const code = awsErrorCode(error);
    const message = awsErrorMessage(error);
    this.report({ service, operation, attempt, throttled: kind === 'throttling', error: { code, message } });
    return { kind, code };
  }

  private report(info: AwsCallInfo): void {
    this.options.onCall?.(info);
  }
}

/** Wraps an SDK error into the AwsCallError a user sees, with a hint fitting its kind. */
export function toAwsCallError(
  service: AwsServiceName,
  operation: string,
  error: unknown,
  kind: ErrorKind = classifyError(error),
  attempts = 1,
): AwsCallError {
  const code = awsErrorCode(error);
  const message = awsErrorMessage(error);
  return new AwsCallError(service, operation, code, message, {
    cause: error,
    hint: hintFor(service, operation, kind, message),
    details: { service, operation, awsCode: code, httpStatus: httpStatusOf(error), attempts },
  });
}

function hintFor(service: AwsServiceName, operation: string, kind: ErrorKind, message: string): string {
  switch (kind) {
    case 'throttling':
      return `AWS kept throttling ${operation}; retry later or lower the concurrency of other tools in this account`;
    case 'access-denied':
      return `grant ${iamActionFor(service, operation)} to the caller; see \`odin iam-policy\``;
    case 'credentials':
      return 'refresh the AWS credentials (e.g. `aws sso login`) or choose others with --profile';
    case 'transient':
      return `AWS kept failing ${operation} (${message}); retry later`;
    default:
      return `AWS said: ${message}`;
  }
}

/** The AWS error code behind an error, whether it is an SDK error or odin's AwsCallError. */
export function codeOf(error: unknown): string {
  if (error instanceof AwsCallError) return error.awsCode;
  return awsErrorCode(error);
}

/** The HTTP status behind an error, whether it is an SDK error or odin's AwsCallError. */
export function statusOf(error: unknown): number | undefined {
  if (error instanceof AwsCallError) return httpStatusOf(error.cause);
  return httpStatusOf(error);
}

/** Runs `call`; when it fails with one of the not-found `codes`, answers undefined instead. */
export async function orAbsent<T>(call: Promise<T>, codes: readonly string[]): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (codes.includes(codeOf(error))) return undefined;
    throw error;
  }
}
