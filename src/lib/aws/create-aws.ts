import type { Clock } from '../clock/index.js';
import { BudgetRegistry, DEFAULT_BUDGET_POLICY, type BudgetPolicy } from './budget.js';
import { CallStats } from './call-stats.js';
import { ServiceCaller, type AwsCallInfo } from './caller.js';
import type { ClientConfig, CredentialsProvider, SdkClientLike } from './client-config.js';
import { endpointFor, type EndpointEnvironment } from './endpoint.js';
import { ADAPTER_METHODS, lazyAdapter } from './lazy-adapter.js';
import { retryPolicy, type RetryPolicy } from './retry.js';
import type { AwsServiceName } from './service-name.js';
import type { Aws, AutoScaling, CloudWatch, Ec2, Elbv2, Iam, Route53, S3, Ssm, Sts } from './types.js';

/** How to reach AWS (or the local cloud) and how patiently. */
export interface CreateAwsOptions {
  region: string;
  /** A profile from the shared AWS config files; the standard credential chain otherwise. */
  profile?: string;
  /** Overrides every service's endpoint; otherwise AWS_ENDPOINT_URL_<SERVICE> or AWS_ENDPOINT_URL apply. */
  endpoint?: string;
  /** Where AWS_ENDPOINT_URL and friends are read from; `process.env` unless given. */
  env?: EndpointEnvironment;
  clock: Clock;
  /** Called once on each SDK client right after it is created; the local cloud answers from here. */
  customizeClient?: (client: SdkClientLike, service: AwsServiceName) => void;
  retry?: Partial<RetryPolicy>;
  budget?: Partial<BudgetPolicy>;
  /** Called after every attempt at every call, for debug logging. */
  onCall?: (info: AwsCallInfo) => void;
  /** Builds the SDK clients instead of the SDK's constructors; tests use it to inject mocks. */
  clientFactory?: (service: AwsServiceName, config: ClientConfig) => SdkClientLike;
}

/** An Aws over the SDK clients, with a way to close their connections. */
export interface SdkAws extends Aws {
  /** Closes the clients' idle connections; the Aws must not be used afterwards. */
  destroy(): void;
}

interface AdapterModule<T> {
  createClient(config: ClientConfig): SdkClientLike;
  createAdapter(caller: ServiceCaller): T;
}

interface ServiceAdapters {
  autoscaling: AutoScaling;
  elbv2: Elbv2;
  ec2: Ec2;
  route53: Route53;
  s3: S3;
  sts: Sts;
  cloudwatch: CloudWatch;
  ssm: Ssm;
  iam: Iam;
}

// Each adapter module imports its SDK client, so it is imported only when first used.
const MODULES: { [S in AwsServiceName]: () => Promise<AdapterModule<ServiceAdapters[S]>> } = {
  autoscaling: async () => {
    const m = await import('./auto-scaling.js');
    return { createClient: m.createAutoScalingClient, createAdapter: (c) => new m.AutoScalingAdapter(c) };
  },
  elbv2: async () => {
    const m = await import('./elbv2.js');
    return { createClient: m.createElbv2Client, createAdapter: (c) => new m.Elbv2Adapter(c) };
  },
  ec2: async () => {
    const m = await import('./ec2.js');
    return { createClient: m.createEc2Client, createAdapter: (c) => new m.Ec2Adapter(c) };
  },
  route53: async () => {
    const m = await import('./route53.js');
    return { createClient: m.createRoute53Client, createAdapter: (c) => new m.Route53Adapter(c) };
  },
  s3: async () => {
    const m = await import('./s3.js');
    return { createClient: m.createS3Client, createAdapter: (c) => new m.S3Adapter(c) };
  },
  sts: async () => {
    const m = await import('./sts.js');
    return { createClient: m.createStsClient, createAdapter: (c) => new m.StsAdapter(c) };
  },
  cloudwatch: async () => {
    const m = await import('./cloudwatch.js');
    return { createClient: m.createCloudWatchClient, createAdapter: (c) => new m.CloudWatchAdapter(c) };
  },
  ssm: async () => {
    const m = await import('./ssm.js');
    return { createClient: m.createSsmClient, createAdapter: (c) => new m.SsmAdapter(c) };
  },
  iam: async () => {
    const m = await import('./iam.js');
    return { createClient: m.createIamClient, createAdapter: (c) => new m.IamAdapter(c) };
  },
};

/**
 * Creates odin's AWS adapters for one account and region. Nothing is loaded or connected
 * until a service is first called; from then on every call is budgeted, retried and counted.
 */
export function createAws(options: CreateAwsOptions): SdkAws {
  const shared: Shared = {
    options,
    stats: new CallStats(),
    budgets: new BudgetRegistry(options.clock, { ...DEFAULT_BUDGET_POLICY, ...options.budget }),
    retry: retryPolicy(options.retry),
    clients: [],
  };
  const adapter = <S extends AwsServiceName>(service: S): ServiceAdapters[S] =>
    lazyAdapter(ADAPTER_METHODS[service] as never, () => loadAdapter(service, shared));

  return {
    region: options.region,
    autoScaling: adapter('autoscaling'),
    elbv2: adapter('elbv2'),
    ec2: adapter('ec2'),
    route53: adapter('route53'),
    s3: adapter('s3'),
    sts: adapter('sts'),
    cloudWatch: adapter('cloudwatch'),
    ssm: adapter('ssm'),
    iam: adapter('iam'),
    stats: () => shared.stats.snapshot(),
    destroy: () => shared.clients.splice(0).forEach((client) => client.destroy()),
  };
}

/** What the adapters of one createAws share: counts, budgets, credentials and their clients. */
interface Shared {
  options: CreateAwsOptions;
  stats: CallStats;
  budgets: BudgetRegistry;
  retry: RetryPolicy;
  clients: SdkClientLike[];
  credentials?: Promise<CredentialsProvider>;
}

/** Imports a service's adapter module, creates and customizes its client, and wires its caller. */
async function loadAdapter<S extends AwsServiceName>(
  service: S,
  shared: Shared,
): Promise<ServiceAdapters[S]> {
  const { options } = shared;
  // odin supports Node 20, where every SDK client would print a support warning to the
  // user's terminal once per process; a user who set the variable keeps their choice.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const module = await MODULES[service]();
  const region = regionFor(service, options.region);
  const config: ClientConfig = {
    region,
    endpoint: endpointFor(service, options.endpoint, options.env ?? process.env),
    credentials: await (shared.credentials ??= credentialChain(options.profile)),
    // odin retries itself (see ServiceCaller), so that it can budget and count attempts.
    maxAttempts: 1,
  };
  const client = options.clientFactory?.(service, config) ?? module.createClient(config);
  options.customizeClient?.(client, service);
  shared.clients.push(client);
  const caller = new ServiceCaller({
    service,
    client,
    budget: shared.budgets.get(service, region),
    retry: shared.retry,
    clock: options.clock,
    stats: shared.stats,
    onCall: options.onCall,
  });
  return module.createAdapter(caller);
}

/**
 * Route 53 and IAM are global: the SDK sends them to their partition's global endpoint whatever
 * the region, and their throttling is per account, so they share one budget under us-east-1.
 * Regions of the other partitions are kept so the SDK still picks the right partition.
 */
function regionFor(service: AwsServiceName, region: string): string {
  if (service !== 'route53' && service !== 'iam') return region;
  return region.startsWith('cn-') || region.startsWith('us-gov-') ? region : 'us-east-1';
}

async function credentialChain(profile: string | undefined): Promise<CredentialsProvider> {
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  // One provider for all clients: an SSO login or role assumption happens once, not per service.
  return fromNodeProviderChain(profile ? { profile } : {});
}
