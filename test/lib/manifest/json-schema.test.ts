import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { JSON_SCHEMA_PATH } from '../../../src/lib/manifest/json-schema.js';
import { starterManifest } from '../../../src/lib/manifest/starter-manifest.js';
import { BASE } from './manifest-text.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const corpus = `${root}test/fixtures/manifests/invalid/`;

// Invalid manifests the committed JSON Schema accepts, because the rule they break compares two
// values or looks outside the document, which JSON Schema cannot express; odin validate rejects them.
const BEYOND_JSON_SCHEMA: Record<string, string> = {
  'capacity-desired-above-max.yml': 'compares desired with max',
  'capacity-min-above-max.yml': 'compares min with max',
  'floor-above-desired.yml': 'compares health.floor with capacity.desired',
  'overlay-min-above-base-max.yml': 'compares an overlay value with a base value after merging',
  'steps-not-increasing.yml': 'compares each step weight with the one before',
  'weighted-blue-equals-green.yml': 'compares blue with green',
  'user-data-file-missing.yml': 'needs the file system next to the manifest',
  'user-data-unknown-variable.yml': 'reads the user-data file next to the manifest',
};

const schema = JSON.parse(readFileSync(root + JSON_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

function accepts(text: string): boolean {
  return validate(parse(text));
}

// Malformed YAML (.yml.txt, or an expected "invalid YAML" issue) has no document to check.
const schemaCases = readdirSync(corpus)
  .filter((name) => name.endsWith('.yml'))
  .filter(
    (name) =>
      !readFileSync(corpus + name, 'utf8')
        .split('\n')[0]
        ?.includes('"invalid YAML'),
  )
  .sort();

describe('the committed JSON Schema', () => {
  it.each(schemaCases.filter((name) => !(name in BEYOND_JSON_SCHEMA)))(
    'rejects %s, as odin validate does',
    (name) => {
      expect(accepts(readFileSync(corpus + name, 'utf8'))).toBe(false);
    },
  );

  it.each(Object.entries(BEYOND_JSON_SCHEMA))(
    'accepts %s, whose rule %s (remove it from the list once the schema states it)',
    (name) => {
      expect(accepts(readFileSync(corpus + name, 'utf8'))).toBe(true);
    },
  );

  it.each(['target-group', 'weighted', 'dns'])('accepts examples/%s.odin.yml', (name) => {
    expect(
      accepts(readFileSync(`${root}examples/${name}.odin.yml`, 'utf8')),
      JSON.stringify(validate.errors),
    ).toBe(true);
  });

  it('accepts the starter manifest and a manifest that leaves traffic to its default', () => {
    expect(accepts(starterManifest('checkout')), JSON.stringify(validate.errors)).toBe(true);
    expect(accepts(BASE.replace('traffic:\n  strategy: target-group\n', ''))).toBe(true);
  });

  it('lets an overlay set a single key of a map whose keys are alternatives', () => {
    const overlay = `${BASE}environments:\n  production:\n    image: { ssm: /checkout/ami }\n    instances: { types: [m7g.large] }\n`;
    expect(accepts(overlay), JSON.stringify(validate.errors)).toBe(true);
  });
});
