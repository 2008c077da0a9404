import type { Manifest } from '../../../src/lib/manifest/types.js';

const LISTENER =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/demo-alb/50dc6c495c0c9188/f2f7dc8efc522ab2';

/** A resolved manifest like examples/target-group.odin.yml, for the environment given. */
export function targetGroupManifest(overrides: Partial<Manifest> = {}): Manifest {
  return {
    file: '/repo/odin.yml',
    service: 'checkout',
    environment: 'production',
    production: true,
    region: 'us-east-1',
    account: '123456789012',
    image: { lookup: { name: 'demo-app-*', owner: 'self' } },
    instances: {
      types: ['t3.small'],
      profile: 'odin-demo',
      securityGroups: ['web'],
      subnets: ['private-a', 'private-b'],
      tags: {},
    },
    capacity: { min: 2, max: 6, desired: 2 },
    health: { targetGroups: ['demo-web'], healthyPercent: 100, gracePeriodMs: 90_000, timeoutMs: 900_000 },
    traffic: { strategy: 'target-group' },
    retain: { standbys: 1, warmForMs: 1_800_000 },
    scaling: [],
    state: { bucket: 'odin-state-123456789012', prefix: 'odin/' },
    ...overrides,
  };
}

/** Like examples/weighted.odin.yml: ALB listener weights between a blue and a green target group. */
export function weightedManifest(overrides: Partial<Manifest> = {}): Manifest {
  return targetGroupManifest({
    health: { targetGroups: [], healthyPercent: 100, gracePeriodMs: 90_000, timeoutMs: 900_000 },
    traffic: {
      strategy: 'weighted',
      listener: LISTENER,
      targetGroups: { blue: 'demo-blue', green: 'demo-green' },
      steps: [{ weight: 10, bakeMs: 60_000 }, { pause: true }, { weight: 100, bakeMs: 0 }],
      alarms: ['demo-5xx'],
    },
    ...overrides,
  });
}

/** Like examples/dns.odin.yml: Route 53 weighted records between two load balancers. */
export function dnsManifest(overrides: Partial<Manifest> = {}): Manifest {
  return targetGroupManifest({
    health: { targetGroups: [], healthyPercent: 100, gracePeriodMs: 90_000, timeoutMs: 900_000 },
    traffic: {
      strategy: 'dns',
      zone: 'demo.example.com',
      record: 'App.Demo.Example.com.',
      ttlMs: 60_000,
      settleMs: 0,
      slots: {
        blue: { targetGroup: 'demo-dns-blue', loadBalancer: 'demo-alb-blue' },
        green: { targetGroup: 'demo-dns-green', loadBalancer: 'demo-alb-green' },
      },
      steps: [{ weight: 100, bakeMs: 0 }],
      alarms: [],
    },
    ...overrides,
  });
}

/** One manifest per traffic strategy and per optional feature, so every grant is exercised. */
export const STRATEGY_MANIFESTS: ReadonlyArray<[string, Manifest]> = [
  ['target-group', targetGroupManifest()],
  ['weighted listener with alarms', weightedManifest()],
  [
    'weighted rule, image from SSM',
    weightedManifest({
      image: { ssm: '/images/checkout/latest' },
      traffic: {
        strategy: 'weighted',
        rule: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/demo-alb/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee',
        targetGroups: { blue: 'demo-blue', green: 'demo-green' },
        steps: [{ weight: 100, bakeMs: 0 }],
        alarms: [],
      },
    }),
  ],
  ['dns', dnsManifest()],
];
