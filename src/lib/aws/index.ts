/**
 * odin's AWS layer: the narrow interfaces domain code depends on, `createAws` to get SDK-backed
 * adapters for them, and the list of operations those adapters may call (for IAM policies).
 * Importing this module loads no SDK client; `createAws` loads each one on first use.
 */
export * from './types.js';
export { PreconditionFailedError } from './errors.js';
export { createAws, type CreateAwsOptions, type SdkAws } from './create-aws.js';
export type { AwsCallInfo } from './caller.js';
export type { ClientConfig, SdkClientLike } from './client-config.js';
export { AWS_OPERATIONS, iamActionFor, type AwsOperation } from './operations.js';
export { AWS_SERVICE_NAMES, type AwsServiceName } from './service-name.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
export { DEFAULT_BUDGET_POLICY, type BudgetPolicy } from './budget.js';
