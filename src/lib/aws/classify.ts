/**
 * How odin reads an error thrown by an AWS SDK v3 client: the AWS error code lives in `name`
 * (the SDK's ServiceException), the HTTP status in `$metadata.httpStatusCode`, and network
 * failures surface as Node system errors with a `code` such as ECONNRESET.
 */

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'Throttled',
  'RequestThrottled',
  'RequestLimitExceeded',
  'TooManyRequests',
  'SlowDown',
  'EC2Throttled',
  'ProvisionedThroughputExceeded',
  'BandwidthLimitExceeded',
  // Route 53 answers this while an earlier change to the same zone is still being applied.
  'PriorRequestNotComplete',
]);

const TRANSIENT_CODES = new Set([
  'RequestTimeout',
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'InternalServer',
  'ServiceUnavailable',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED',
]);

const ACCESS_DENIED_CODES = new Set([
  'AccessDenied',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'Forbidden',
]);

const CREDENTIAL_CODES = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'InvalidClientTokenId',
  'UnrecognizedClient',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'TokenRefreshRequired',
]);

/** The category of a failed AWS call, which decides whether odin retries it and what it tells the user. */
export type ErrorKind = 'throttling' | 'transient' | 'access-denied' | 'credentials' | 'other';

/** The HTTP status AWS answered with, when there was an answer. */
export function httpStatusOf(error: unknown): number | undefined {
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } } | undefined)?.$metadata;
  return typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}

/**
 * The AWS error code (`TargetGroupNotFound`), or a network error code (`ECONNRESET`). The SDK
 * names modelled errors after their class (`TargetGroupNotFoundException`, `AlreadyExistsFault`)
 * while AWS and the local cloud use the wire code, so the suffix is dropped to compare alike.
 */
export function awsErrorCode(error: unknown): string {
  if (!(error instanceof Error)) return 'UnknownError';
  const systemCode = (error as { code?: unknown }).code;
  if (typeof systemCode === 'string' && /^E[A-Z_]+$/.test(systemCode)) return systemCode;
  // Query and XML protocol errors keep the wire code in `Code` when the SDK parsed one.
  const wireCode = (error as { Code?: unknown }).Code;
  if (typeof wireCode === 'string' && wireCode.length > 0) return wireCode;
  if (error.name && error.name !== 'Error') return error.name.replace(/(.)(Exception|Fault)$/, '$1');
  const status = httpStatusOf(error);
  return status === undefined ? 'UnknownError' : `Http${status}`;
}

/** A readable message for an AWS error; S3 errors without a body have none, so the status stands in. */
export function awsErrorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message && error.message !== 'UnknownError') return error.message;
  const status = httpStatusOf(error);
  return status === undefined ? 'no message' : `HTTP ${status}`;
}

/** Classifies an error thrown by an SDK client. */
export function classifyError(error: unknown): ErrorKind {
  const code = awsErrorCode(error);
  const status = httpStatusOf(error);
  const retryable = (error as { $retryable?: { throttling?: boolean } } | undefined)?.$retryable;
  if (THROTTLING_CODES.has(code) || status === 429 || retryable?.throttling === true) return 'throttling';
  if (ACCESS_DENIED_CODES.has(code) || (status === 403 && !CREDENTIAL_CODES.has(code)))
    return 'access-denied';
  if (CREDENTIAL_CODES.has(code)) return 'credentials';
  if (TRANSIENT_CODES.has(code) || (status !== undefined && status >= 500)) return 'transient';
  return 'other';
}

/** Whether the call is worth sending again after a pause. */
export function isRetryable(kind: ErrorKind): boolean {
  return kind === 'throttling' || kind === 'transient';
}
