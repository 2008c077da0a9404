/** The traffic section of the manifest schema: target-group, weighted (ALB) or dns (Route 53). */
import * as z from 'zod';
import { duration, hinted } from './schema-kit.js';
import type { Manifest } from './types.js';

const stepSchema = z
  .union([
    z.literal('pause').describe('Wait for `odin promote` before the next step.'),
    z
      .strictObject({
        weight: z
          .number()
          .int('must be a whole number')
          .min(1)
          .max(100)
          .describe('Percent of traffic on the new fleet.')
          .meta({ examples: [50] }),
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

const alarmsSchema = z
  .array(z.string().min(1))
  .default([])
  .describe('CloudWatch alarms that undo the deploy when they go to ALARM.');

const elbArn = (kind: 'listener' | 'listener-rule') =>
  hinted(
    z
      .string()
      .regex(
        new RegExp(`^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:${kind}/`),
        `must be an ELBv2 ${kind} ARN`,
      )
      .optional(),
    `copy the ARN from \`aws elbv2 describe-${kind === 'listener' ? 'listeners' : 'rules'}\``,
  );

const slotSchema = (color: 'blue' | 'green') =>
  z
    .strictObject({
      targetGroup: z
        .string()
        .min(1)
        .describe("Target group (name or ARN) this slot's fleet registers with.")
        .meta({ examples: [`checkout-${color}`] }),
      loadBalancer: z
        .string()
        .min(1)
        .describe("Load balancer (name or ARN) this slot's weighted record points at.")
        .meta({ examples: [`checkout-${color}-alb`] }),
    })
    .describe('One side of the blue/green pair.')
    .meta({ examples: [slotExample(color)] });

function slotExample(color: 'blue' | 'green') {
  return { targetGroup: `checkout-${color}`, loadBalancer: `checkout-${color}-alb` };
}

/** `traffic`: how traffic moves from the live fleet to the new one. */
export const trafficSchema = z
  .discriminatedUnion('strategy', [
    z
      .strictObject({
        strategy: z
          .literal('target-group')
          .meta({ examples: ['target-group'] })
          .describe('Register the new fleet with health.targetGroups, then retire the old.'),
      })
      .describe('Cut over by target-group membership.'),
    z
      .strictObject({
        strategy: z
          .literal('weighted')
          .meta({ examples: ['weighted'] })
          .describe('Shift ALB listener weights between a blue and a green target group.'),
        listener: elbArn('listener').describe(
          'ARN of the listener whose default action is weighted. Exactly one of listener, rule.',
        ),
        rule: elbArn('listener-rule').describe(
          'ARN of the listener rule to weight. Exactly one of listener, rule.',
        ),
        targetGroups: z
          .strictObject({
            blue: z
              .string()
              .min(1)
              .describe('Blue target group (name or ARN).')
              .meta({ examples: ['checkout-blue'] }),
            green: z
              .string()
              .min(1)
              .describe('Green target group (name or ARN).')
              .meta({ examples: ['checkout-green'] }),
          })
          .describe('The blue/green pair of target groups.')
          .meta({ examples: [{ blue: 'checkout-blue', green: 'checkout-green' }] }),
        steps: stepsSchema,
        alarms: alarmsSchema,
      })
      .describe('Cut over by ALB listener weights, step by step.'),
    z
      .strictObject({
        strategy: z
          .literal('dns')
          .meta({ examples: ['dns'] })
          .describe('Shift Route 53 weighted records between two load balancers.'),
        zone: z
          .string()
          .min(1)
          .describe('Hosted zone id or domain name.')
          .meta({ examples: ['example.com'] }),
        record: z
          .string()
          .min(1)
          .describe('Record name, e.g. app.example.com.')
          .meta({ examples: ['checkout.example.com'] }),
        ttl: duration(
          'How long resolvers may cache an answer: odin waits this long (at least 60s, the TTL Route 53 gives alias records) after each change is INSYNC.',
        ).prefault('60s'),
        settle: duration('Extra wait after sync and TTL.').prefault('0s'),
        slots: z
          .strictObject({ blue: slotSchema('blue'), green: slotSchema('green') })
          .describe('The blue and green slots.')
          .meta({ examples: [{ blue: slotExample('blue'), green: slotExample('green') }] }),
        steps: stepsSchema,
        alarms: alarmsSchema,
      })
      .describe('Cut over by Route 53 record weights.'),
  ])
  .describe(
    'How traffic moves from the live fleet to the new one: target-group (the default when traffic is left out), weighted or dns.',
  )
  .transform((traffic): Manifest['traffic'] => {
    if (traffic.strategy !== 'dns') return traffic;
    const { ttl, settle, ...rest } = traffic;
    return { ...rest, ttlMs: ttl, settleMs: settle };
  });
