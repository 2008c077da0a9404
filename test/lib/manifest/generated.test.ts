import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_PATH, manifestJsonSchema } from '../../../src/lib/manifest/json-schema.js';
import { REFERENCE_PATH, renderReference } from '../../../src/lib/manifest/reference.js';

// Regenerate both files with: ODIN_UPDATE_GENERATED=1 npx vitest run test/lib/manifest/generated.test.ts
const update = process.env.ODIN_UPDATE_GENERATED === '1';
const root = fileURLToPath(new URL('../../../', import.meta.url));

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

  it('describes every property in the JSON Schema', () => {
    const missing: string[] = [];
    const visit = (schema: Record<string, unknown>, path: string): void => {
      for (const [key, value] of Object.entries(
        (schema.properties ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        if (typeof value.description !== 'string') missing.push(`${path}${key}`);
        visit(value, `${path}${key}.`);
      }
      for (const branch of (schema.oneOf ?? schema.anyOf ?? []) as Record<string, unknown>[])
        visit(branch, path);
      if (schema.items && typeof schema.items === 'object')
        visit(schema.items as Record<string, unknown>, `${path}[].`);
    };
    visit(manifestJsonSchema(), '');
    expect(missing).toEqual([]);
  });
});
