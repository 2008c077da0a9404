import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';

import { VirtualClock } from '../../../src/lib/clock/virtual-clock.js';
import { createLocalCloud, type Faults, type LocalCloud } from '../../../src/lib/simulator/index.js';

const config = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
  maxAttempts: 1,
};

/** Real SDK v3 clients, each answered by the given local cloud. */
export function sdkClients(cloud: Pick<LocalCloud, 'customizeClient'>) {
  const clients = {
    autoscaling: new AutoScalingClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    ec2: new EC2Client(config),
    route53: new Route53Client(config),
    s3: new S3Client(config),
    sts: new STSClient(config),
    cloudwatch: new CloudWatchClient(config),
    ssm: new SSMClient(config),
    iam: new IAMClient(config),
  };
  for (const [service, client] of Object.entries(clients))
    cloud.customizeClient(client, service as keyof typeof clients);
  return clients;
}

/** A seeded local cloud on a virtual clock, with SDK clients attached. */
export function seededCloud(options: { seed?: number; faults?: Partial<Faults> } = {}) {
  const clock = new VirtualClock();
  const cloud = createLocalCloud({ clock, seed: options.seed ?? 7, faults: options.faults });
  cloud.seedExamples();
  return { clock, cloud, ...sdkClients(cloud) };
}

/** Moves virtual time forward by `ms`. */
export async function elapse(clock: VirtualClock, ms: number): Promise<void> {
  await clock.advance(ms);
}
