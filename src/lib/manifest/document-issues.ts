/** Issues and hints about the manifest document as a whole: empty, not a map, not YAML. */
import type { ManifestIssue } from '../errors/index.js';
import { manifestShape } from './schema.js';
import { SYNTAX_PREFIX } from './yaml-source.js';

const EMPTY = 'the manifest is empty';
const NOT_A_MAP = 'the manifest must be a map of keys (service:, region:, ...)';

/** The closing hint of a ManifestError; undefined keeps its default, which speaks of keys. */
export function closingHint(issues: ManifestIssue[]): string | undefined {
  // "Fix the listed keys" fits only once the YAML has parsed into a map.
  const [first] = issues;
  if (issues.length === 1 && first?.message === EMPTY)
    return 'Run `odin init` to write a commented starter manifest.';
  if (issues.length === 1 && first?.message === NOT_A_MAP)
    return 'Start from `odin init`, or see docs/manifest.md for the keys.';
  if (issues.every((issue) => issue.message.startsWith(SYNTAX_PREFIX)))
    return 'Fix the YAML at the listed lines, then run `odin validate` again to check the keys.';
  return undefined;
}

/** The issue for a document that is empty or not a map of keys. */
export function rootIssue(file: string, raw: unknown): ManifestIssue {
  const empty = raw === null || raw === undefined;
  return {
    file,
    line: 1,
    column: 1,
    path: '',
    message: empty ? EMPTY : NOT_A_MAP,
    hint: empty
      ? `a manifest needs at least ${requiredKeys().join(', ')}`
      : 'write top-level keys such as `service: checkout`, each on its own line',
  };
}

function requiredKeys(): string[] {
  return Object.entries(manifestShape)
    .filter(([, schema]) => !schema.safeParse(undefined).success)
    .map(([key]) => key);
}
