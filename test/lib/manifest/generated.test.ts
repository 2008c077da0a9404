import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_PATH, manifestJsonSchema } from '../../../src/lib/manifest/json-schema.js';
import { REFERENCE_PATH, renderReference } from '../../../src/lib/manifest/reference.js';

// Regenerate both files with: ODIN_UPDATE_GENERATED=1 npx vitest run test/lib/manifest/generated.test.ts
const update = process.env.ODIN_UPDATE_GENERATED === '1';
const root = fileURLToPath(new URL('../../../', import.meta.url));

type JsonSchema = Record<string, unknown>;

/** Calls `visit` on the schema and every schema nested in it by property, branch or list item. */
function eachSchema(
  schema: JsonSchema,
  path: string,
  visit: (schema: JsonSchema, path: string) => void,
): void {
  visit(schema, path);
  for (const [key, value] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>))
    eachSchema(value, `${path}${key}.`, visit);
  for (const branch of (schema.oneOf ?? schema.anyOf ?? []) as JsonSchema[]) eachSchema(branch, path, visit);
  if (schema.items && typeof schema.items === 'object')
    eachSchema(schema.items as JsonSchema, `${path}[].`, visit);
}

function expectCommitted(relativePath: string, generated: string): void {
  if (update) writeFileSync(root + relativePath, generated);
  const committed = readFileSync(root + relativePath, 'utf8');
  expect(committed, `${relativePath} is stale: regenerate it (see the top of this test)`).toBe(generated);
}

describe('generated manifest files', () => {
  it('schema/odin.schema.json matches the schema', () => {
    expectCommitted(JSON_SCHEMA_PATH, JSON.stringify(manifestJsonSchema(), null, 2) + '\n');
  });

  it('docs/manifest.md matches the schema', () => {
    expectCommitted(REFERENCE_PATH, renderReference());
  });

  it('documents every top-level key of the schema in the reference', () => {
    const keys = Object.keys(manifestJsonSchema().properties as object);
    const reference = renderReference();
    for (const key of keys) expect(reference).toContain(`### \`${key}\``);
  });

  it('gives every required key an example, so a missing key gets a line to write', () => {
    const missing: string[] = [];
    eachSchema(manifestJsonSchema(), '', (schema, path) => {
      // A branch with `required` and no properties says which of its parent's keys to write.
      const properties = schema.properties as Record<string, JsonSchema> | undefined;
      if (!properties) return;
      for (const key of (schema.required ?? []) as string[])
        if (!Array.isArray(properties[key]?.examples)) missing.push(`${path}${key}`);
    });
    expect(missing).toEqual([]);
  });

  it('describes every property in the JSON Schema', () => {
    const missing: string[] = [];
    eachSchema(manifestJsonSchema(), '', (schema, path) => {
      for (const [key, value] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>))
        if (typeof value.description !== 'string') missing.push(`${path}${key}`);
    });
    expect(missing).toEqual([]);
  });
});
