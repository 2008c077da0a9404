import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ManifestError, type ManifestIssue } from '../../../src/lib/errors/index.js';
import { loadManifests } from '../../../src/lib/manifest/load-manifest.js';

// Each fixture starts with `# expect: {...}`: the issue it must produce, located exactly. Malformed
// YAML is stored as .yml.txt because the formatter cannot parse it and would fail the lint.
const dir = fileURLToPath(new URL('../../fixtures/manifests/invalid/', import.meta.url));
const fixtures = readdirSync(dir)
  .filter((name) => name.endsWith('.yml') || name.endsWith('.yml.txt'))
  .map((name) => {
    const firstLine = readFileSync(dir + name, 'utf8').split('\n')[0] ?? '';
    const expected = JSON.parse(firstLine.replace(/^# expect: /, '')) as Omit<ManifestIssue, 'file'>;
    return { name, expected };
  });

async function issuesOf(file: string): Promise<ManifestIssue[]> {
  try {
    await loadManifests(file);
  } catch (error) {
    if (error instanceof ManifestError) return error.issues;
    throw error;
  }
  throw new Error(`${file} validated, but it is in the invalid corpus`);
}

describe('invalid manifests', () => {
  it('has a corpus of at least 40 cases', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
  });

  it.each(fixtures)(
    '$name is reported at its key path, line and column with a hint',
    async ({ name, expected }) => {
      const issues = await issuesOf(dir + name);
      const issue = issues.find((candidate) => candidate.path === expected.path);
      expect(
        issue,
        issues.map((i) => `${i.line}:${i.column} ${i.path} ${i.message}`).join('\n'),
      ).toBeDefined();
      expect(issue).toMatchObject({ ...expected, file: dir + name });
    },
  );
});
