/** `instances.variables`: values substituted into the user data as `${NAME}`, some of them secret. */
import * as z from 'zod';
import { hinted } from './schema-kit.js';
import { SecretText } from './secret-text.js';
import type { Variable } from './types.js';

/**
 * A name user data can reference as `${NAME}`: upper case, as lower-case `${name}` is the shell's;
 * `ODIN_` names are odin's own.
 */
export const VARIABLE_NAME = /^(?!ODIN_)[A-Z_][A-Z0-9_]*$/;

// Three members rather than one union of three types: the JSON Schema's strict readers refuse `type: [...]`.
const plain = (description: string) => [
  z.string().describe(description),
  z.number().describe(description),
  z.boolean().describe(description),
];
const PLAIN = 'A plain value, substituted as written. Not secret: plans and `odin validate` show it.';

const literal = z
  .strictObject({
    value: z
      .union(plain('The value, substituted as written.'))
      .describe('The value, substituted as written.'),
    secret: z
      .boolean()
      .default(false)
      .describe(
        'Never show the value: plans, events, logs, errors and release records name the variable instead. A secret belongs in SSM (`ssm:`) rather than in the manifest.',
      ),
  })
  .describe('A value written in the manifest, optionally marked secret.')
  .meta({ examples: [{ value: 'https://payments.internal', secret: false }] });

const parameter = z
  .strictObject({
    ssm: hinted(
      z
        .string()
        .regex(/^\/\S+$/, 'must be an SSM parameter path starting with /')
        .describe(
          'SSM parameter read at deploy time with decryption (a SecureString, or a String). Always secret.',
        ),
      'write ssm: /checkout/db-password',
    ),
    secret: hinted(
      z
        .literal(true, 'a value read from SSM is always secret')
        .optional()
        .describe('Always true for SSM; may be left out.'),
      'leave secret out: a value from SSM is always secret',
    ),
  })
  .describe('A value read from SSM Parameter Store at deploy time; always secret.')
  .meta({ examples: [{ ssm: '/checkout/db-password' }] });

const variable = z.union([...plain(PLAIN), literal, parameter]).transform((written): Variable => {
  if (typeof written !== 'object') return { value: String(written), secret: false };
  if ('ssm' in written) return { ssm: written.ssm, secret: true };
  const value = String(written.value);
  return written.secret ? { value: new SecretText(value), secret: true } : { value, secret: false };
});

/** The `instances.variables` map. */
export const variablesSchema = z
  .record(
    hinted(
      z
        .string()
        .regex(
          VARIABLE_NAME,
          'must be an upper-case name such as DB_PASSWORD (A-Z, 0-9, _), not starting with ODIN_',
        ),
      'rename it, e.g. DB_PASSWORD; ODIN_ names are set by odin',
    ),
    variable,
  )
  .describe(
    'Values substituted into the user data as ${NAME}, alongside the ODIN_ variables: a plain value, {value, secret: true}, or {ssm: /path} (always secret). Secret values never appear in output, logs, plans or release records.',
  )
  .meta({ examples: [{ LOG_LEVEL: 'info', DB_PASSWORD: { ssm: '/checkout/db-password' } }] });
