import { AwsFault } from './aws-fault.js';
import type { ServiceName } from './types.js';

const CLIENT_PACKAGES: Record<ServiceName, [pkg: string, base: string]> = {
  autoscaling: ['@aws-sdk/client-auto-scaling', 'AutoScalingServiceException'],
  elbv2: ['@aws-sdk/client-elastic-load-balancing-v2', 'ElasticLoadBalancingV2ServiceException'],
  ec2: ['@aws-sdk/client-ec2', 'EC2ServiceException'],
  route53: ['@aws-sdk/client-route-53', 'Route53ServiceException'],
  s3: ['@aws-sdk/client-s3', 'S3ServiceException'],
  sts: ['@aws-sdk/client-sts', 'STSServiceException'],
  cloudwatch: ['@aws-sdk/client-cloudwatch', 'CloudWatchServiceException'],
  ssm: ['@aws-sdk/client-ssm', 'SSMServiceException'],
  iam: ['@aws-sdk/client-iam', 'IAMServiceException'],
};

type ExceptionClass = new (options: Record<string, unknown>) => Error;

const PROTOCOL: Record<ServiceName, 'query' | 'ec2' | 'rest-xml' | 'json'> = {
  autoscaling: 'query',
  elbv2: 'query',
  ec2: 'ec2',
  route53: 'rest-xml',
  s3: 'rest-xml',
  sts: 'query',
  cloudwatch: 'query',
  ssm: 'json',
  iam: 'query',
};

const clientModules = new Map<string, Promise<Record<string, unknown>>>();

/**
 * The client package, imported once: under a module loader with hooks (tsx, for instance) even
 * an import of a loaded module is real I/O, across which a virtual clock would jump ahead.
 */
function clientModule(pkg: string): Promise<Record<string, unknown>> {
  let module = clientModules.get(pkg);
  if (!module) {
    module = import(pkg) as Promise<Record<string, unknown>>;
    clientModules.set(pkg, module);
  }
  return module;
}

/**
 * Builds the error the SDK client would throw for this AWS answer. The SDK throws its modelled
 * exception class when the service models the code, and then `name` is the class name, which
 * is not always the wire code: Auto Scaling's `AlreadyExists` arrives as `AlreadyExistsFault`,
 * ELBv2's `TargetGroupNotFound` as `TargetGroupNotFoundException`, IAM's `NoSuchEntity` as
 * `NoSuchEntityException`. The wire code is always in `Code`. Unmodelled codes (ValidationError,
 * Throttling, every EC2 error) keep the code as `name` on the service's base exception.
 */
export async function toSdkError(service: ServiceName, fault: AwsFault): Promise<Error> {
  const [pkg, baseName] = CLIENT_PACKAGES[service];
  const module = await clientModule(pkg);
  const base = module[baseName] as ExceptionClass | undefined;
  const modelled = findModelled(module, base, fault.code);
  const metadata = {
    httpStatusCode: fault.status,
    requestId: 'odin-local-cloud',
    attempts: 1,
    totalRetryDelay: 0,
  };
  const options = { name: fault.code, $fault: fault.fault, $metadata: metadata, message: fault.message };
  const error = modelled
    ? new modelled(options)
    : base
      ? new base(options)
      : Object.assign(new Error(fault.message), options);
  const members: Record<string, unknown> = { Code: fault.code, ...fault.extra };
  if (PROTOCOL[service] === 'query') {
    const type = fault.fault === 'server' ? 'Receiver' : 'Sender';
    Object.assign(members, { Type: type, Error: { Type: type, Code: fault.code, Message: fault.message } });
  }
  Object.assign(
    error,
    { $fault: fault.fault, $metadata: metadata, message: fault.message, $retryable: undefined },
    members,
  );
  return error;
}

function findModelled(
  module: Record<string, unknown>,
  base: ExceptionClass | undefined,
  code: string,
): ExceptionClass | undefined {
  if (!base) return undefined;
  for (const name of [code, `${code}Fault`, `${code}Exception`]) {
    const candidate = module[name];
    if (typeof candidate === 'function' && candidate.prototype instanceof base)
      return candidate as ExceptionClass;
  }
  return undefined;
}
