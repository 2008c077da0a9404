/**
 * The manifest's JSON Schema, generated from the zod schema, for editors (yaml-language-server)
 * and for schema/odin.schema.json.
 */
import * as z from 'zod';
import { DURATION_PATTERN } from './duration.js';
import { addCrossFieldRules } from './json-schema-rules.js';
import { manifestFileSchema } from './schema.js';
import { isDurationField } from './schema-kit.js';

type JsonSchema = Record<string, unknown>;

/** Where the committed copy lives, relative to the repository root. */
export const JSON_SCHEMA_PATH = 'schema/odin.schema.json';

/** The JSON Schema of odin.yml (draft 2020-12). */
export function manifestJsonSchema(): JsonSchema {
  const schema = z.toJSONSchema(manifestFileSchema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const json = ctx.jsonSchema as JsonSchema;
      // zod leaves out the examples of a map with a transform inside when io is input; they are inputs.
      const examples = z.globalRegistry.get(ctx.zodSchema as unknown as z.ZodType)?.examples;
      if (examples !== undefined) json.examples = examples;
      if (isDurationField([ctx.zodSchema as unknown as z.ZodType])) {
        json.pattern = DURATION_PATTERN;
        json.examples = ['90s', '10m', '1h30m'];
      }
    },
  }) as JsonSchema;
  addCrossFieldRules(schema);
  const properties = schema.properties as Record<string, JsonSchema>;
  const environments = properties.environments;
  if (environments) environments.additionalProperties = overlaySchema(schema);
  const { $schema, ...rest } = schema;
  return { $schema, title: 'odin manifest (odin.yml)', ...rest };
}

/** An overlay accepts any top-level key except environments, with nothing required. */
function overlaySchema(schema: JsonSchema): JsonSchema {
  const { environments: _, ...properties } = schema.properties as Record<string, JsonSchema>;
  const optional = Object.fromEntries(
    Object.entries(properties).map(([key, value]) => [key, withoutRequired(value)]),
  );
  return {
    type: 'object',
    description: 'Overrides for this environment: maps merge deeply into the base, lists replace.',
    properties: optional,
    additionalProperties: false,
  };
}

// Maps merge, so an overlay may set any single key; lists replace, so their items stay complete.
function withoutRequired(schema: JsonSchema): JsonSchema {
  const { required: _, ...rest } = schema;
  if (rest.properties) {
    const properties = rest.properties as Record<string, JsonSchema>;
    rest.properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, withoutRequired(v)]));
  }
  // With `required` gone several branches could match at once, which oneOf forbids; a branch
  // that only required a key (one of several alternatives) says nothing any more.
  const branches = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (branches) {
    delete rest.oneOf;
    delete rest.anyOf;
    const open = branches.map(withoutRequired).filter((branch) => Object.keys(branch).length > 0);
    if (open.length > 0) rest.anyOf = open;
  }
  return rest;
}
