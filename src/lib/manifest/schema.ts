/**
 * The manifest schema: one zod definition that validates odin.yml, produces the resolved
 * `Manifest` (minus `file` and `environment`, which the loader adds), and documents every key
 * (the JSON Schema and docs/manifest.md are generated from these descriptions).
 * Rules that span several keys live in cross-field.ts so they run even when a field is wrong.
 */
import * as z from 'zod';
import { duration, hinted } from './schema-kit.js';
import { imageSchema, instancesSchema } from './instances-schema.js';
import { trafficSchema } from './traffic-schema.js';
import type { Manifest } from './types.js';

const accountId = hinted(
  z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
    .describe('12-digit AWS account id, quoted ("012345678901"); odin refuses to act in any other account.')
    .meta({ examples: ['123456789012'] }),
  'write the 12 digits in quotes, e.g. account: "123456789012"',
);

const stringMap = (description: string) => z.record(z.string(), z.string()).describe(description);

const stateSchema = z
  .strictObject({
    bucket: hinted(
      z
        .string()
        .regex(
          /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
          'must be an S3 bucket name (3-63 lowercase letters, digits, dots, dashes)',
        )
        .describe('S3 bucket holding the lease, journal and release history.')
        .meta({ examples: ['odin-state-123456789012'] }),
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
  .describe('Where odin keeps its lease, journal and release history.')
  .meta({ examples: [{ bucket: 'odin-state-123456789012' }] });

const count = (description: string) => z.number().int('must be a whole number').min(0).describe(description);

const capacitySchema = z
  .strictObject({
    min: count('Fewest instances the fleet may scale in to.').meta({ examples: [2] }),
    max: hinted(
      count('Most instances the fleet may scale out to (at least 1).')
        .min(1)
        .meta({ examples: [6] }),
      'a fleet needs room for one instance',
    ),
    desired: count(
      "Instances on the first deploy; later deploys carry the live fleet's count over. Default: min.",
    ).optional(),
  })
  .describe('Fleet size.')
  .meta({ examples: [{ min: 2, max: 6, desired: 2 }] })
  .transform((capacity): Manifest['capacity'] => ({
    ...capacity,
    desired: capacity.desired ?? capacity.min,
  }));

const healthSchema = z
  .strictObject({
    targetGroups: z
      .array(z.string().min(1))
      .default([])
      .describe('Target groups (names or ARNs) the fleet registers with and whose health gates the deploy.'),
    healthyPercent: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(100)
      .describe('Percent of desired instances that must be healthy in every gating target group.'),
    gracePeriod: duration('Time a new instance gets before health checks count.').prefault('90s'),
    timeout: duration(
      'How long to wait for the new fleet to become healthy before undoing the deploy.',
    ).prefault('15m'),
    floor: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        'Healthy serving capacity never drops below this many instances. Default: capacity.min, at least 1.',
      ),
  })
  .describe('The health gate a new fleet must pass before it gets traffic.')
  .transform((health): Omit<Manifest['health'], 'floor'> & { floor?: number } => ({
    targetGroups: health.targetGroups,
    healthyPercent: health.healthyPercent,
    gracePeriodMs: health.gracePeriod,
    timeoutMs: health.timeout,
    ...(health.floor === undefined ? {} : { floor: health.floor }),
  }));

const retainSchema = z
  .strictObject({
    standbys: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(1)
      .describe('Previous fleets kept for rollback (the newest warm, the rest at zero). 0 deletes them.'),
    warmFor: duration(
      'How long the previous fleet stays running, detached, before it is scaled to zero.',
    ).prefault('30m'),
  })
  .describe('What happens to the fleet that was live.')
  .transform((retain): Manifest['retain'] => ({ standbys: retain.standbys, warmForMs: retain.warmFor }));

const metricSchema = z
  .strictObject({
    namespace: z
      .string()
      .min(1)
      .describe('CloudWatch namespace.')
      .meta({ examples: ['Checkout'] }),
    name: z
      .string()
      .min(1)
      .describe('Metric name.')
      .meta({ examples: ['QueueDepth'] }),
    statistic: z
      .enum(['Average', 'Minimum', 'Maximum', 'Sum', 'SampleCount'])
      .default('Average')
      .describe('Statistic.'),
    dimensions: stringMap('Metric dimensions.').default({}),
    unit: z.string().min(1).optional().describe('Metric unit.'),
  })
  .describe('A custom CloudWatch metric to track (needs target).');

const scalingPolicySchema = z
  .strictObject({
    cpu: z.number().min(1).max(100).optional().describe('Target average CPU percent.'),
    requestsPerTarget: z
      .number()
      .positive()
      .optional()
      .describe('Target ALB requests per target per minute.'),
    metric: metricSchema.optional(),
    target: z.number().optional().describe('Target value of metric.'),
    disableScaleIn: z.boolean().default(false).describe('Only scale out; never scale in.'),
  })
  .describe('One target-tracking policy: exactly one of cpu, requestsPerTarget or metric (with target).')
  .transform((policy): Manifest['scaling'][number] => {
    const { disableScaleIn } = policy;
    if (policy.metric) {
      const { namespace, name, statistic, dimensions, unit } = policy.metric;
      const base = {
        kind: 'metric' as const,
        target: policy.target ?? 0,
        disableScaleIn,
        namespace,
        metric: name,
      };
      return { ...base, statistic, dimensions, ...(unit === undefined ? {} : { unit }) };
    }
    if (policy.requestsPerTarget !== undefined)
      return { kind: 'requests-per-target', target: policy.requestsPerTarget, disableScaleIn };
    return { kind: 'cpu', target: policy.cpu ?? 0, disableScaleIn };
  });

/** Every top-level key except `environments`: what an environment's merged result must satisfy. */
export const manifestShape = {
  service: hinted(
    z
      .string()
      .regex(
        /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
        'must be lowercase letters, digits and dashes, not starting or ending with a dash',
      )
      .max(32, 'must be at most 32 characters (it is part of fleet names)')
      .describe(
        'Service name, part of every fleet name: lowercase letters, digits, dashes; at most 32 characters.',
      )
      .meta({ examples: ['checkout'] }),
    'write a short name such as checkout',
  ),
  project: z.string().min(1).optional().describe('Optional grouping shown in status and history.'),
  production: z.boolean().default(false).describe('Production deploys ask for confirmation (or --yes).'),
  region: hinted(
    z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as us-east-1')
      .describe('AWS region, e.g. us-east-1.')
      .meta({ examples: ['us-east-1'] }),
    'write a region such as us-east-1',
  ),
  account: accountId,
  state: stateSchema,
  image: imageSchema,
  instances: instancesSchema,
  capacity: capacitySchema,
  health: healthSchema.prefault({}),
  traffic: trafficSchema.prefault({ strategy: 'target-group' }),
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
        z
          .record(z.string(), z.unknown())
          .describe('An overlay: any top-level key; maps merge deeply, lists replace.'),
      )
      .optional()
      .describe(
        'Named overlays (--env NAME) that override any key of the base: maps merge deeply, lists replace.',
      ),
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
