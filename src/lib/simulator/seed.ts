import type { TargetGroupState, WorldState } from './types.js';

const REGION = 'us-east-1';
const ELB = `arn:aws:elasticloadbalancing:${REGION}`;

/** The ALB listener the weighted example manifest points at. */
export const DEMO_LISTENER_ARN = `${ELB}:123456789012:listener/app/demo-alb/50dc6c495c0c9188/f2f7dc8efc522ab2`;

/** The SecureString the examples' user data reads as ${DB_PASSWORD}: a stand-in, the same in every world. */
export const DEMO_SECRET = {
  parameter: '/odin/demo-app/db-password',
  value: 'demo-db-password-not-for-production',
};

/** Ids the seeded world always has, whatever the random seed, so examples and docs can name them. */
export const DEMO_IDS = {
  vpc: 'vpc-demo',
  subnetA: 'subnet-0a1b2c3d4e5f6000a',
  subnetB: 'subnet-0a1b2c3d4e5f6000b',
  securityGroup: 'sg-0a1b2c3d4e5f6000c',
  imageV1: 'ami-0a1b2c3d4e5f60001',
  imageV2: 'ami-0a1b2c3d4e5f60002',
  imageBroken: 'ami-0a1b2c3d4e5f6bad0',
  hostedZone: 'Z04DEMOEXAMPLE00001',
  albCanonicalZone: 'Z35SXDOTRQ7X7K',
};

function targetGroup(account: string, name: string, suffix: string): TargetGroupState {
  return {
    arn: `${ELB}:${account}:targetgroup/${name}/${suffix}`,
    name,
    protocol: 'HTTP',
    port: 80,
    vpcId: DEMO_IDS.vpc,
    healthCheckPath: '/health',
    intervalSec: 10,
    timeoutSec: 5,
    healthyThreshold: 2,
    unhealthyThreshold: 2,
    attributes: {
      'deregistration_delay.timeout_seconds': '30',
      'stickiness.enabled': 'false',
      'load_balancing.algorithm.type': 'round_robin',
      'slow_start.duration_seconds': '0',
    },
    targets: {},
  };
}

function forward(targets: Array<[arn: string, weight: number]>): Record<string, unknown> {
  const groups = targets.map(([TargetGroupArn, Weight]) => ({ TargetGroupArn, Weight }));
  return {
    Type: 'forward',
    ...(groups.length === 1 ? { TargetGroupArn: groups[0]!.TargetGroupArn } : {}),
    ForwardConfig: { TargetGroups: groups, TargetGroupStickinessConfig: { Enabled: false } },
  };
}

function seedNetwork(s: WorldState): void {
  const { vpc } = DEMO_IDS;
  s.subnets[DEMO_IDS.subnetA] ??= {
    id: DEMO_IDS.subnetA,
    vpcId: vpc,
    availabilityZone: `${REGION}a`,
    cidrBlock: '10.0.1.0/24',
    tags: { Name: 'private-a' },
  };
  s.subnets[DEMO_IDS.subnetB] ??= {
    id: DEMO_IDS.subnetB,
    vpcId: vpc,
    availabilityZone: `${REGION}b`,
    cidrBlock: '10.0.2.0/24',
    tags: { Name: 'private-b' },
  };
  s.securityGroups[DEMO_IDS.securityGroup] ??= {
    id: DEMO_IDS.securityGroup,
    groupName: 'web',
    vpcId: vpc,
    description: 'demo web servers',
    tags: { Name: 'web' },
  };
  s.keyPairs['odin-demo'] ??= {
    id: 'key-0a1b2c3d4e5f6000d',
    name: 'odin-demo',
    fingerprint: 'SHA256:odin-demo-key',
  };
  s.instanceProfiles['odin-demo'] ??= {
    name: 'odin-demo',
    id: 'AIPASIMULATEDDEMO0001',
    arn: `arn:aws:iam::${s.account}:instance-profile/odin-demo`,
    role: 'odin-demo',
    createdAt: s.now,
  };
}

function seedImages(s: WorldState): void {
  const image = (id: string, name: string, bad: boolean, ageDays: number): void => {
    s.images[id] ??= {
      id,
      name,
      ownerId: s.account,
      createdAt: s.now - ageDays * 86_400_000,
      tags: { app: 'demo-app', Name: name },
      bad,
      state: 'available',
    };
  };
  image(DEMO_IDS.imageV1, 'demo-app-v1', false, 14);
  image(DEMO_IDS.imageV2, 'demo-app-v2', false, 2);
  // Older than demo-app-v2, so `lookup: { name: 'demo-app-*' }` (newest wins) picks a good image.
  image(DEMO_IDS.imageBroken, 'demo-app-broken', true, 7);
  s.parameters['/odin/demo-app/ami'] ??= {
    value: DEMO_IDS.imageV2,
    type: 'String',
    dataType: 'aws:ec2:image',
    version: 1,
    lastModified: s.now,
  };
  // The examples' DB_PASSWORD variable: a SecureString that only the launch template's user data sees.
  s.parameters[DEMO_SECRET.parameter] ??= {
    value: DEMO_SECRET.value,
    type: 'SecureString',
    dataType: 'text',
    version: 1,
    lastModified: s.now,
  };
}

function seedLoadBalancer(
  s: WorldState,
  name: string,
  id: string,
  listenerId: string,
  defaultAction: Record<string, unknown>,
): string {
  const arn = `${ELB}:${s.account}:loadbalancer/app/${name}/${id}`;
  s.loadBalancers[arn] ??= {
    arn,
    name,
    dnsName: `${name}-${parseInt(id.slice(0, 8), 16) % 1_000_000_000}.${REGION}.elb.amazonaws.com`,
    canonicalHostedZoneId: DEMO_IDS.albCanonicalZone,
    type: 'application',
    scheme: 'internet-facing',
    vpcId: DEMO_IDS.vpc,
    subnetIds: [DEMO_IDS.subnetA, DEMO_IDS.subnetB],
    securityGroupIds: [DEMO_IDS.securityGroup],
    createdAt: s.now,
  };
  const listenerArn = `${ELB}:${s.account}:listener/app/${name}/${id}/${listenerId}`;
  s.listeners[listenerArn] ??= {
    arn: listenerArn,
    loadBalancerArn: arn,
    port: 80,
    protocol: 'HTTP',
    defaultActions: [defaultAction],
  };
  return listenerArn;
}

// demo-web takes requests for web.demo.example.com on demo-alb, so its targets are health checked.
function seedHostRule(s: WorldState, listener: string, webArn: string): void {
  const ruleArn = listener.replace(':listener/', ':listener-rule/') + '/9683b2d02a6cabee';
  s.rules[ruleArn] ??= {
    arn: ruleArn,
    listenerArn: listener,
    priority: '10',
    conditions: [
      {
        Field: 'host-header',
        HostHeaderConfig: { Values: ['web.demo.example.com'] },
        Values: ['web.demo.example.com'],
      },
    ],
    actions: [forward([[webArn, 1]])],
  };
}

function seedTraffic(s: WorldState): void {
  const tgs = {
    web: targetGroup(s.account, 'demo-web', '6d0ecf831eec9f09'),
    blue: targetGroup(s.account, 'demo-blue', '943f017f100becff'),
    green: targetGroup(s.account, 'demo-green', 'a2c9e7e4b1f07d55'),
    dnsBlue: targetGroup(s.account, 'demo-dns-blue', '1b3e2d48c7a9f001'),
    dnsGreen: targetGroup(s.account, 'demo-dns-green', '1b3e2d48c7a9f002'),
  };
  for (const tg of Object.values(tgs)) s.targetGroups[tg.arn] ??= tg;
  const listener = seedLoadBalancer(
    s,
    'demo-alb',
    '50dc6c495c0c9188',
    'f2f7dc8efc522ab2',
    forward([
      [tgs.blue.arn, 100],
      [tgs.green.arn, 0],
    ]),
  );
  seedHostRule(s, listener, tgs.web.arn);
  seedLoadBalancer(
    s,
    'demo-alb-blue',
    '7a1c0f3e2b4d5c01',
    '3c5e7a9b1d2f4e01',
    forward([[tgs.dnsBlue.arn, 1]]),
  );
  seedLoadBalancer(
    s,
    'demo-alb-green',
    '7a1c0f3e2b4d5c02',
    '3c5e7a9b1d2f4e02',
    forward([[tgs.dnsGreen.arn, 1]]),
  );
}

function seedDns(s: WorldState): void {
  const id = DEMO_IDS.hostedZone;
  const name = 'demo.example.com.';
  s.hostedZones[id] ??= {
    id,
    name,
    callerReference: 'odin-demo',
    records: [
      {
        name,
        type: 'NS',
        ttl: 172800,
        values: [
          'ns-1.awsdns-01.org.',
          'ns-2.awsdns-02.co.uk.',
          'ns-3.awsdns-03.com.',
          'ns-4.awsdns-04.net.',
        ],
      },
      {
        name,
        type: 'SOA',
        ttl: 900,
        values: ['ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400'],
      },
    ],
  };
}

/**
 * Creates everything the example manifests use, leaving whatever already exists alone (so
 * seeding twice changes nothing, and a seeded world keeps the changes made to it).
 */
export function seedExampleWorld(s: WorldState): void {
  seedNetwork(s);
  seedImages(s);
  seedTraffic(s);
  seedDns(s);
  s.alarms['demo-5xx'] ??= {
    name: 'demo-5xx',
    state: 'OK',
    reason: 'Threshold Crossed: no datapoints were above the threshold',
    updatedAt: s.now,
  };
  const bucket = `odin-state-${s.account}`;
  s.buckets[bucket] ??= { name: bucket, createdAt: s.now, objects: {} };
}
