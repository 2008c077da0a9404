/** The image and instances sections of the manifest schema. */
import * as z from 'zod';
import { hinted } from './schema-kit.js';
import type { Manifest } from './types.js';
import { variablesSchema } from './variables-schema.js';

const stringMap = (description: string) => z.record(z.string(), z.string()).describe(description);

const NAME_OR_ID_HINT = 'write an id such as subnet-0123456789abcdef0 or the value of its Name tag';

const nameTag = (kind: string, idPrefix: string) =>
  hinted(
    z
      .string()
      .min(1, `${kind} must not be empty`)
      .max(255)
      // A regex rather than a refine, so the JSON Schema carries the rule too.
      .regex(
        new RegExp(`^(?!${idPrefix})|^${idPrefix}[0-9a-f]{8,17}$`),
        `looks like a ${kind} id but is not one (${idPrefix} followed by 8 or 17 hex digits)`,
      )
      .describe(`A ${kind} id (${idPrefix}...) or the value of its Name tag.`),
    NAME_OR_ID_HINT.replace('subnet-0123456789abcdef0', `${idPrefix}0123456789abcdef0`).replace(
      'its',
      `the ${kind}'s`,
    ),
  );

const imageLookupSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .optional()
      .describe('AMI name pattern; * matches anything. The newest match wins.'),
    tags: stringMap('AMI tags that must all match. The newest match wins.').optional(),
    owner: hinted(
      z
        .string()
        .regex(
          /^(self|amazon|aws-marketplace|\d{12})$/,
          'must be self, amazon, aws-marketplace or a 12-digit account id',
        )
        .optional()
        .describe('Who owns the AMI: self, amazon, aws-marketplace or an account id. Default: self.'),
      'write owner: self',
    ),
  })
  .describe('Find the newest AMI by name pattern or by tags (exactly one of the two).')
  .meta({ examples: [{ name: 'checkout-*', owner: 'self' }] });

/** `image`: exactly one of id, lookup or ssm. */
export const imageSchema = z
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
  .meta({ examples: [{ lookup: { name: 'checkout-*', owner: 'self' } }] })
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
    size: z
      .number()
      .int()
      .min(1)
      .max(65536)
      .describe('Size in GiB.')
      .meta({ examples: [20] }),
    type: z
      .enum(['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'])
      .default('gp3')
      .describe('EBS volume type.'),
    encrypted: z.boolean().default(true).describe('Encrypt the volume.'),
    device: z
      .string()
      .regex(/^\/dev\//, 'must be a device path such as /dev/xvda')
      .default('/dev/xvda')
      .describe('Root device name.'),
  })
  .describe('The root EBS volume; when omitted the AMI decides.');

/** `instances`: how each instance is launched. */
export const instancesSchema = z
  .strictObject({
    type: instanceType.optional().describe('The instance type. Write either type or types.'),
    types: z
      .array(instanceType)
      .min(1, 'must list at least one instance type')
      .optional()
      .describe('Several instance types, making a mixed instances policy. Write either type or types.'),
    profile: z.string().min(1).optional().describe('IAM instance profile name or ARN.'),
    securityGroups: z
      .array(nameTag('security group', 'sg-'))
      .min(1)
      .describe('Security groups: ids or Name tags.')
      .meta({ examples: [['web']] }),
    subnets: z
      .array(nameTag('subnet', 'subnet-'))
      .min(1)
      .describe('Subnets to launch in: ids or Name tags.')
      .meta({ examples: [['private-a', 'private-b']] }),
    keyPair: z.string().min(1).optional().describe('EC2 key pair name for SSH.'),
    rootVolume: rootVolumeSchema.optional(),
    tags: stringMap('Tags added to the fleet and its instances.').default({}),
    userData: z
      .string()
      .min(1)
      .optional()
      .describe(
        'User-data file relative to the manifest; ${ODIN_RELEASE}, ${ODIN_SERVICE}, ${ODIN_ENVIRONMENT}, ${ODIN_IMAGE} and each ${NAME} of variables are substituted ($${NAME} stays ${NAME} for the shell). Never printed.',
      ),
    variables: variablesSchema.optional(),
  })
  .describe('How each instance is launched.')
  .meta({ examples: [{ type: 't3.small', securityGroups: ['web'], subnets: ['private-a', 'private-b'] }] })
  .transform(({ type, types, ...rest }): Manifest['instances'] => ({
    types: types ?? (type ? [type] : []),
    ...rest,
  }));
