/**
 * The manifest schema: one zod definition that validates odin.yml, produces the resolved
 * `Manifest` (minus `file` and `environment`, which the loader adds), and documents every key
 * (the JSON Schema and docs/manifest.md are generated from these descriptions).
 * Rules that span several keys live in cross-field.ts so they run even when a field is wrong.
 */
import { z } from 'zod';
import { duration, hinted } from './schema-kit.js';
import type { Manifest } from './types.js';

const NAME_OR_ID_HINT = 'write an id such as subnet-0123456789abcdef0 or the value of its Name tag';

const nameTag = (kind: string, idPrefix: string) =>
  hinted(
    z
      .string()
      .min(1, `${kind} must not be empty`)
      .max(255)
      .refine((value) => !value.startsWith(idPrefix) || new RegExp(`^${idPrefix}[0-9a-f]{8,17}$`).test(value), {
        message: `looks like a ${kind} id but is not one (${idPrefix} followed by 8 or 17 hex digits)`,
      })
      .describe(`A ${kind} id (${idPrefix}...) or the value of its Name tag.`),
    NAME_OR_ID_HINT.replace('subnet-0123456789abcdef0', `${idPrefix}0123456789abcdef0`).replace('its', `the ${kind}'s`),
  );

const accountId = hinted(
  z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
    .describe('12-digit AWS account id, quoted ("012345678901"); odin refuses to act in any other account.'),
  'write the 12 digits in quotes, e.g. account: "123456789012"',
);

const stringMap = (description: string) => z.record(z.string(), z.string()).describe(description);

const stateSchema = z
  .strictObject({
    bucket: hinted(
      z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3-63 lowercase letters, digits, dots, dashes)')
        .describe('S3 bucket holding the lease, journal and release history.'),
      'use a bucket such as odin-state-<account>',
    ),
    prefix: z
      .string()
      .regex(/^[^/]/, 'must not start with /')
      .or(z.literal(''))
      .default('odin/')
      .transform((prefix) => (prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`))
      .describe('Key prefix inside the bucket; a trailing / is added when missing.'),
  })
  .describe('Where odin keeps its lease, journal and release history.');

const imageLookupSchema = z
  .strictObject({
    name: z.string().min(1).optional().describe('AMI name pattern; * matches anything. The newest match wins.'),
    tags: stringMap('AMI tags that must all match. The newest match wins.').optional(),
    owner: hinted(
      z
        .string()
        .regex(/^(self|amazon|aws-marketplace|\d{12})$/, 'must be self, amazon, aws-marketplace or a 12-digit account id')
        .optional()
        .describe('Who owns the AMI: self, amazon, aws-marketplace or an account id. Default: self.'),
      'write owner: self',
    ),
  })
  .describe('Find the newest AMI by name pattern or by tags (exactly one of the two).');

const imageSchema = z
  .strictObject({
    id: hinted(
      z
        .string()
        .regex(/^ami-[0-9a-f]{8,17}$/, 'must be an AMI id such as ami-0123456789abcdef0')
        .optional()
        .describe('A fixed AMI id.'),
      'write an id such as ami-0123456789abcdef0, or use lookup: {name: "app-*"}',
    ),
    lookup: imageLookupSchema.optional(),
    ssm: hinted(
      z
        .string()
        .regex(/^\//, 'must be an SSM parameter path starting with /')
        .optional()
        .describe('SSM parameter whose value is the AMI id, e.g. /app/checkout/ami.'),
      'write ssm: /path/to/parameter',
    ),
  })
  .describe('The AMI to launch: exactly one of id, lookup or ssm. `odin deploy --image` overrides it.')
  .transform((image): Manifest['image'] => {
    if (image.id !== undefined) return { id: image.id };
    if (image.ssm !== undefined) return { ssm: image.ssm };
    const lookup = image.lookup ?? {};
    const owner = lookup.owner === undefined ? {} : { owner: lookup.owner };
    if (lookup.tags !== undefined) return { lookup: { tags: lookup.tags, ...owner } };
    return { lookup: { name: lookup.name ?? '', ...owner } };
  });

const instanceType = hinted(
  z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'must be an EC2 instance type such as t3.small'),
  'write a type such as t3.small or m7g.large',
);

const rootVolumeSchema = z
  .strictObject({
    size: z.number().int().min(1).max(65536).describe('Size in GiB.'),
    type: z.enum(['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard']).default('gp3').describe('EBS volume type.'),
    encrypted: z.boolean().default(true).describe('Encrypt the volume.'),
    device: z.string().regex(/^\/dev\//, 'must be a device path such as /dev/xvda').default('/dev/xvda').describe('Root device name.'),
  })
  .describe('The root EBS volume; when omitted the AMI decides.');

const instancesSchema = z
  .strictObject({
    type: instanceType.optional().describe('The instance type. Write either type or types.'),
    types: z
      .array(instanceType)
      .min(1, 'must list at least one instance type')
      .optional()
      .describe('Several instance types, making a mixed instances policy. Write either type or types.'),
    profile: z.string().min(1).optional().describe('IAM instance profile name or ARN.'),
    securityGroups: z.array(nameTag('security group', 'sg-')).min(1).describe('Security groups: ids or Name tags.'),
    subnets: z.array(nameTag('subnet', 'subnet-')).min(1).describe('Subnets to launch in: ids or Name tags.'),
    keyPair: z.string().min(1).optional().describe('EC2 key pair name for SSH.'),
    rootVolume: rootVolumeSchema.optional(),
    tags: stringMap('Tags added to the fleet and its instances.').default({}),
    userData: z
      .string()
      .min(1)
      .optional()
      .describe('User-data file relative to the manifest; ${ODIN_RELEASE}, ${ODIN_SERVICE}, ${ODIN_ENVIRONMENT} and ${ODIN_IMAGE} are substituted. Never printed.'),
  })
  .describe('How each instance is launched.')
  .transform(({ type, types, ...rest }): Manifest['instances'] => ({ types: types ?? (type ? [type] : []), ...rest }));

const count = (description: string) => z.number().int('must be a whole number').min(0).describe(description);

const capacitySchema = z
  .strictObject({
    min: count('Fewest instances the fleet may scale in to.'),
    max: count('Most instances the fleet may scale out to (at least 1).'),
    desired: count('Instances on the first deploy; later deploys carry the live fleet\'s count over. Default: min.').optional(),
  })
  .describe('Fleet size.')
  .transform((capacity): Manifest['capacity'] => ({ ...capacity, desired: capacity.desired ?? capacity.min }));

const healthSchema = z
  .strictObject({
    targetGroups: z.array(z.string().min(1)).default([]).describe('Target groups (names or ARNs) the fleet registers with and whose health gates the deploy.'),
    healthyPercent: z.number().int().min(1).max(100).default(100).describe('Percent of desired instances that must be healthy in every gating target group.'),
    gracePeriod: duration('Time a new instance gets before health checks count.').prefault('90s'),
    timeout: duration('How long to wait for the new fleet to become healthy before undoing the deploy.').prefault('15m'),
    floor: z.number().int().min(1).optional().describe('Healthy serving capacity never drops below this many instances. Default: capacity.min, at least 1.'),
  })
  .describe('The health gate a new fleet must pass before it gets traffic.')
  .transform((health): Omit<Manifest['health'], 'floor'> & { floor?: number } => ({
    targetGroups: health.targetGroups,
    healthyPercent: health.healthyPercent,
    gracePeriodMs: health.gracePeriod,
    timeoutMs: health.timeout,
    ...(health.floor === undefined ? {} : { floor: health.floor }),
  }));

const stepSchema = z
  .union([
    z.literal('pause').describe('Wait for `odin promote` before the next step.'),
    z
      .strictObject({
        weight: z.number().int('must be a whole number').min(1).max(100).describe('Percent of traffic on the new fleet.'),
        bake: duration('How long to watch alarms at this weight before the next step.').prefault('0s'),
      })
      .describe('Shift traffic to this weight, then bake.'),
  ])
  .transform((step): { pause: true } | { weight: number; bakeMs: number } =>
    step === 'pause' ? { pause: true } : { weight: step.weight, bakeMs: step.bake },
  );

const stepsSchema = z
  .array(stepSchema)
  .min(1, 'must list at least one step')
  .prefault([{ weight: 100 }])
  .describe('Traffic steps in order: {weight, bake} or pause. Weights rise strictly and end at 100.');

const alarmsSchema = z.array(z.string().min(1)).default([]).describe('CloudWatch alarms that undo the deploy when they go to ALARM.');

const elbArn = (kind: 'listener' | 'listener-rule') =>
  hinted(
    z
      .string()
      .regex(new RegExp(`^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:${kind}/`), `must be an ELBv2 ${kind} ARN`)
      .optional(),
    `copy the ARN from \`aws elbv2 describe-${kind === 'listener' ? 'listeners' : 'rules'}\``,
  );

const slotSchema = z
  .strictObject({
    targetGroup: z.string().min(1).describe("Target group (name or ARN) this slot's fleet registers with."),
    loadBalancer: z.string().min(1).describe("Load balancer (name or ARN) this slot's weighted record points at."),
  })
  .describe('One side of the blue/green pair.');

const trafficSchema = z
  .discriminatedUnion('strategy', [
    z
      .strictObject({ strategy: z.literal('target-group').describe('Register the new fleet with health.targetGroups, then retire the old.') })
      .describe('Cut over by target-group membership.'),
    z
      .strictObject({
        strategy: z.literal('weighted').describe('Shift ALB listener weights between a blue and a green target group.'),
        listener: elbArn('listener').describe('ARN of the listener whose default action is weighted. Exactly one of listener, rule.'),
        rule: elbArn('listener-rule').describe('ARN of the listener rule to weight. Exactly one of listener, rule.'),
        targetGroups: z
          .strictObject({
            blue: z.string().min(1).describe('Blue target group (name or ARN).'),
            green: z.string().min(1).describe('Green target group (name or ARN).'),
          })
          .describe('The blue/green pair of target groups.'),
        steps: stepsSchema,
        alarms: alarmsSchema,
      })
      .describe('Cut over by ALB listener weights, step by step.'),
    z
      .strictObject({
        strategy: z.literal('dns').describe('Shift Route 53 weighted records between two load balancers.'),
        zone: z.string().min(1).describe('Hosted zone id or domain name.'),
        record: z.string().min(1).describe('Record name, e.g. app.example.com.'),
        ttl: duration('TTL of the weighted records; odin also waits this long after each change syncs.').prefault('60s'),
        settle: duration('Extra wait after sync and TTL.').prefault('0s'),
        slots: z.strictObject({ blue: slotSchema, green: slotSchema }).describe('The blue and green slots.'),
        steps: stepsSchema,
        alarms: alarmsSchema,
      })
      .describe('Cut over by Route 53 record weights.'),
  ])
  .transform((traffic): Manifest['traffic'] => {
    if (traffic.strategy !== 'dns') return traffic;
    const { ttl, settle, ...rest } = traffic;
    return { ...rest, ttlMs: ttl, settleMs: settle };
  });

const retainSchema = z
  .strictObject({
    standbys: z.number().int().min(0).max(10).default(1).describe('Previous fleets kept for rollback (the newest warm, the rest at zero). 0 deletes them.'),
    warmFor: duration('How long the previous fleet stays running, detached, before it is scaled to zero.').prefault('30m'),
  })
  .describe('What happens to the fleet that was live.')
  .transform((retain): Manifest['retain'] => ({ standbys: retain.standbys, warmForMs: retain.warmFor }));

const metricSchema = z
  .strictObject({
    namespace: z.string().min(1).describe('CloudWatch namespace.'),
    name: z.string().min(1).describe('Metric name.'),
    statistic: z.enum(['Average', 'Minimum', 'Maximum', 'Sum', 'SampleCount']).default('Average').describe('Statistic.'),
    dimensions: stringMap('Metric dimensions.').default({}),
    unit: z.string().min(1).optional().describe('Metric unit.'),
  })
  .describe('A custom CloudWatch metric to track (needs target).');

const scalingPolicySchema = z
  .strictObject({
    cpu: z.number().min(1).max(100).optional().describe('Target average CPU percent.'),
    requestsPerTarget: z.number().positive().optional().describe('Target ALB requests per target per minute.'),
    metric: metricSchema.optional(),
    target: z.number().optional().describe('Target value of metric.'),
    disableScaleIn: z.boolean().default(false).describe('Only scale out; never scale in.'),
  })
  .describe('One target-tracking policy: exactly one of cpu, requestsPerTarget or metric (with target).')
  .transform((policy): Manifest['scaling'][number] => {
    const { disableScaleIn } = policy;
    if (policy.metric) {
      const { namespace, name, statistic, dimensions, unit } = policy.metric;
      const base = { kind: 'metric' as const, target: policy.target ?? 0, disableScaleIn, namespace, metric: name };
      return { ...base, statistic, dimensions, ...(unit === undefined ? {} : { unit }) };
    }
    if (policy.requestsPerTarget !== undefined) return { kind: 'requests-per-target', target: policy.requestsPerTarget, disableScaleIn };
    return { kind: 'cpu', target: policy.cpu ?? 0, disableScaleIn };
  });

/** Every top-level key except `environments`: what an environment's merged result must satisfy. */
export const manifestShape = {
  service: hinted(
    z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'must be lowercase letters, digits and dashes, not starting or ending with a dash')
      .max(32, 'must be at most 32 characters (it is part of fleet names)')
      .describe('Service name, part of every fleet name: lowercase letters, digits, dashes; at most 32 characters.'),
    'write a short name such as checkout',
  ),
  project: z.string().min(1).optional().describe('Optional grouping shown in status and history.'),
  production: z.boolean().default(false).describe('Production deploys ask for confirmation (or --yes).'),
  region: hinted(
    z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as us-east-1')
      .describe('AWS region, e.g. us-east-1.'),
    'write a region such as us-east-1',
  ),
  account: accountId,
  state: stateSchema,
  image: imageSchema,
  instances: instancesSchema,
  capacity: capacitySchema,
  health: healthSchema.prefault({}),
  traffic: trafficSchema,
  retain: retainSchema.prefault({}),
  scaling: z.array(scalingPolicySchema).default([]).describe('Target-tracking scaling policies.'),
};

/** Validates one environment's merged manifest and produces the resolved shape (without file, environment). */
export const resolvedManifestSchema = z.strictObject(manifestShape).transform((manifest) => {
  const floor = manifest.health.floor ?? Math.max(1, manifest.capacity.min);
  return { ...manifest, health: { ...manifest.health, floor } };
});

const environmentName = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** What a user writes in odin.yml: the base plus named environment overlays. */
export const manifestFileSchema = z
  .strictObject({
    ...manifestShape,
    environments: z
      .record(
        z.string().regex(environmentName, 'environment names are lowercase letters, digits and dashes'),
        z.record(z.string(), z.unknown()).describe('An overlay: any top-level key; maps merge deeply, lists replace.'),
      )
      .optional()
      .describe('Named overlays (--env NAME) that override any key of the base: maps merge deeply, lists replace.'),
  })
  .describe('odin.yml: how odin deploys one service.');

/** The resolved fields the schema produces; the loader adds `file` and `environment`. */
export type SchemaManifest = z.output<typeof resolvedManifestSchema>;

type Resolved = Omit<Manifest, 'file' | 'environment'>;
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
type MapsOnto<A, B> = [A] extends [B] ? SameKeys<A, B> : false;
// Fails to compile when the schema's output no longer maps onto the Manifest contract (it may be
// narrower: health.floor is always filled in).
const schemaMatchesManifest: MapsOnto<SchemaManifest, Resolved> = true;
void schemaMatchesManifest;
