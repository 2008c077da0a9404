import type { ServiceName } from './types.js';

/**
 * An error as AWS answers it, raised inside the model. The middleware turns it into exactly
 * what the SDK client would have thrown for that answer (see sdk-error.ts).
 */
export class AwsFault extends Error {
  constructor(
    /** The AWS error code on the wire, e.g. `ValidationError`, `InvalidAMIID.NotFound`. */
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Extra members the SDK copies onto the error (S3's `Key`, Route 53's `messages`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = code;
  }

  /** 'server' for 5xx answers, as the SDK sets `$fault`. */
  get fault(): 'client' | 'server' {
    return this.status >= 500 ? 'server' : 'client';
  }
}

/** A `ValidationError` (400), the query-protocol services' answer to bad input. */
export function validationError(message: string): AwsFault {
  return new AwsFault('ValidationError', message);
}

/** AWS's length-constraint message, e.g. for more than 50 group names. */
export function lengthConstraint(field: string, value: unknown, max: number): AwsFault {
  return validationError(
    `1 validation error detected: Value '${JSON.stringify(value)}' at '${field}' failed to satisfy constraint: ` +
      `Member must have length less than or equal to ${max}`,
  );
}

const THROTTLING: Record<ServiceName, [code: string, status: number, message: string]> = {
  autoscaling: ['Throttling', 400, 'Rate exceeded'],
  elbv2: ['Throttling', 400, 'Rate exceeded'],
  ec2: ['RequestLimitExceeded', 503, 'Request limit exceeded.'],
  route53: ['Throttling', 400, 'Rate exceeded'],
  s3: ['SlowDown', 503, 'Please reduce your request rate.'],
  sts: ['Throttling', 400, 'Rate exceeded'],
  cloudwatch: ['Throttling', 400, 'Rate exceeded'],
  ssm: ['ThrottlingException', 400, 'Rate exceeded'],
  iam: ['Throttling', 400, 'Rate exceeded'],
};

/** The service's own throttling answer (EC2 and S3 each have theirs). */
export function throttlingFault(service: ServiceName): AwsFault {
  const [code, status, message] = THROTTLING[service];
  return new AwsFault(code, message, status);
}

/** The service's own answer to an internal failure. */
export function internalFault(service: ServiceName): AwsFault {
  if (service === 's3')
    return new AwsFault('InternalError', 'We encountered an internal error. Please try again.', 500);
  if (service === 'ec2')
    return new AwsFault('Unavailable', 'The server is overloaded and can not handle the request.', 503);
  if (service === 'ssm') return new AwsFault('InternalServerError', 'An internal error occurred.', 500);
  return new AwsFault(
    'InternalFailure',
    'The request processing has failed because of an unknown error, exception or failure.',
    500,
  );
}
