import type { AwsServiceName } from './service-name.js';

/** The environment variables the endpoint is read from; `process.env` in production. */
export type EndpointEnvironment = Readonly<Record<string, string | undefined>>;

// The SDK's service-specific variables: AWS_ENDPOINT_URL_ plus the service id, upper-cased,
// spaces turned into underscores ("Elastic Load Balancing v2" → ELASTIC_LOAD_BALANCING_V2).
const SERVICE_VARIABLE: Record<AwsServiceName, string> = {
  autoscaling: 'AWS_ENDPOINT_URL_AUTO_SCALING',
  elbv2: 'AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2',
  ec2: 'AWS_ENDPOINT_URL_EC2',
  route53: 'AWS_ENDPOINT_URL_ROUTE_53',
  s3: 'AWS_ENDPOINT_URL_S3',
  sts: 'AWS_ENDPOINT_URL_STS',
  cloudwatch: 'AWS_ENDPOINT_URL_CLOUDWATCH',
  ssm: 'AWS_ENDPOINT_URL_SSM',
  iam: 'AWS_ENDPOINT_URL_IAM',
};

/**
 * The custom endpoint a service's client must use, if any: an explicit one, else the service's
 * own `AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`, as the SDK reads them. odin resolves
 * it itself because S3 needs to know: a custom endpoint (LocalStack, MinIO) serves buckets by
 * path, which the SDK does not switch to on its own.
 */
export function endpointFor(
  service: AwsServiceName,
  explicit: string | undefined,
  env: EndpointEnvironment,
): string | undefined {
  if (explicit) return explicit;
  if (env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']?.toLowerCase() === 'true') return undefined;
  return nonEmpty(env[SERVICE_VARIABLE[service]]) ?? nonEmpty(env['AWS_ENDPOINT_URL']);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
