/**
 * The one shared aws-sdk-client-mock helper: real SDK clients whose `send` is stubbed, behind
 * a real `createAws` on a VirtualClock, so tests exercise the adapters, retries and budget.
 * Configure answers with `mocks.<service>.on(SomeCommand, input?).resolves(output)`.
 */
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { createAws, type SdkAws } from '../../src/lib/aws/create-aws.js';
import type { AwsCallInfo } from '../../src/lib/aws/caller.js';
import type { BudgetPolicy } from '../../src/lib/aws/budget.js';
import type { ClientConfig, SdkClientLike } from '../../src/lib/aws/client-config.js';
import type { RetryPolicy } from '../../src/lib/aws/retry.js';
import type { AwsServiceName } from '../../src/lib/aws/service-name.js';
import { VirtualClock } from '../../src/lib/clock/index.js';

/** The stubbed client of each service. */
export interface AwsMocks {
  autoscaling: AwsClientStub<AutoScalingClient>;
  elbv2: AwsClientStub<ElasticLoadBalancingV2Client>;
  ec2: AwsClientStub<EC2Client>;
  route53: AwsClientStub<Route53Client>;
  s3: AwsClientStub<S3Client>;
  sts: AwsClientStub<STSClient>;
  cloudwatch: AwsClientStub<CloudWatchClient>;
  ssm: AwsClientStub<SSMClient>;
  iam: AwsClientStub<IAMClient>;
}

export interface MockedAws {
  aws: SdkAws;
  clock: VirtualClock;
  mocks: AwsMocks;
  /** The stubbed SDK clients themselves, for tests that call createAws on their own. */
  clients: Record<AwsServiceName, SdkClientLike>;
  /** Every attempt the adapters made, as reported to `onCall`. */
  calls: AwsCallInfo[];
  /** The config each service's client was created with, once it was first used. */
  configs: Partial<Record<AwsServiceName, ClientConfig>>;
}

export interface MockedAwsOptions {
  region?: string;
  clock?: VirtualClock;
  retry?: Partial<RetryPolicy>;
  budget?: Partial<BudgetPolicy>;
}

const TEST_CREDENTIALS = { accessKeyId: 'AKIATEST', secretAccessKey: 'test-secret' };

/** An Aws whose SDK clients are stubbed; backoff jitter defaults to half the ceiling. */
export function mockedAws(options: MockedAwsOptions = {}): MockedAws {
  const region = options.region ?? 'us-east-1';
  const clients = {
    autoscaling: new AutoScalingClient({ region, credentials: TEST_CREDENTIALS }),
    elbv2: new ElasticLoadBalancingV2Client({ region, credentials: TEST_CREDENTIALS }),
    ec2: new EC2Client({ region, credentials: TEST_CREDENTIALS }),
    route53: new Route53Client({ region, credentials: TEST_CREDENTIALS }),
    s3: new S3Client({ region, credentials: TEST_CREDENTIALS }),
    sts: new STSClient({ region, credentials: TEST_CREDENTIALS }),
    cloudwatch: new CloudWatchClient({ region, credentials: TEST_CREDENTIALS }),
    ssm: new SSMClient({ region, credentials: TEST_CREDENTIALS }),
    iam: new IAMClient({ region, credentials: TEST_CREDENTIALS }),
  };
  const mocks: AwsMocks = {
    autoscaling: mockClient(clients.autoscaling),
    elbv2: mockClient(clients.elbv2),
    ec2: mockClient(clients.ec2),
    route53: mockClient(clients.route53),
    s3: mockClient(clients.s3),
    sts: mockClient(clients.sts),
    cloudwatch: mockClient(clients.cloudwatch),
    ssm: mockClient(clients.ssm),
    iam: mockClient(clients.iam),
  };
  const clock = options.clock ?? new VirtualClock();
  const calls: AwsCallInfo[] = [];
  const configs: MockedAws['configs'] = {};
  const aws = createAws({
    region,
    clock,
    retry: { random: () => 0.5, ...options.retry },
    budget: options.budget,
    onCall: (info) => calls.push(info),
    clientFactory: (service, config): SdkClientLike => {
      configs[service] = config;
      return clients[service];
    },
  });
  return { aws, clock, mocks, clients, calls, configs };
}

/** An error shaped like the SDK's ServiceException for AWS error `code`. */
export function awsError(code: string, status = 400, message = `${code} (test)`): Error {
  return Object.assign(new Error(message), {
    name: code,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}
