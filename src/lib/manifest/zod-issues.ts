/**
 * Turns zod's issues into manifest issues worded for people: "unknown key `capasity`" with
 * "did you mean `capacity`?", "a bare number is not a duration" with "write 90s, not 90".
 */
import type * as z from 'zod';
import {
  descriptionOf,
  exampleOf,
  flowYaml,
  hintOf,
  keyHintOf,
  isDurationField,
  isRecord,
  knownKeys,
  schemasAt,
} from './schema-kit.js';
import { suggestionHint } from './suggest.js';

/** An issue located by key path only; the loader adds file, line and column. */
export interface PathIssue {
  path: PropertyKey[];
  message: string;
  hint?: string;
  /** Point at the key itself (unknown keys) rather than its value. */
  at?: 'key' | 'value';
}

type ZodIssue = z.core.$ZodIssue;

/** Maps every zod issue of a failed parse to one or more PathIssues. */
export function fromZodIssues(
  issues: readonly ZodIssue[],
  root: z.ZodType,
  raw: unknown,
  prefix: PropertyKey[] = [],
): PathIssue[] {
  return issues.flatMap((issue) => fromZodIssue(issue, root, raw, prefix));
}

function fromZodIssue(issue: ZodIssue, root: z.ZodType, raw: unknown, prefix: PropertyKey[]): PathIssue[] {
  const path = [...prefix, ...issue.path];
  const schemas = schemasAt(root, path, raw);
  const value = valueAt(raw, path);
  const fieldHint = hintOf(schemas) ?? descriptionOf(schemas);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = knownKeys(schemas);
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `unknown key \`${key}\``,
        hint: suggestionHint(key, allowed),
        at: 'key' as const,
      }));
    }
    case 'invalid_union':
      return fromUnion(issue, path, root, raw, value);
    case 'invalid_key': {
      // A map's key broke the key rule (instances.variables names): point at the key itself.
      const [inner] = issue.issues;
      const parent = schemasAt(root, path.slice(0, -1), raw);
      const message = inner && !isDefault(inner.message) ? inner.message : 'is not a valid key';
      return [{ path, message, hint: keyHintOf(parent) ?? 'rename the key', at: 'key' }];
    }
    case 'invalid_type':
      return [fromInvalidType(issue.expected, path, value, schemas, fieldHint)];
    case 'invalid_value': {
      // A schema that words its own rule (an SSM variable's `secret: true`) says it best.
      if (!isDefault(issue.message) && fieldHint) return [{ path, message: issue.message, hint: fieldHint }];
      const allowed = issue.values.map(String);
      const hint =
        typeof value === 'string'
          ? suggestionHint(value, allowed, 'values')
          : `allowed values: ${allowed.join(', ')}`;
      return [{ path, message: `must be one of ${allowed.join(', ')}`, hint }];
    }
    case 'too_small':
    case 'too_big':
      return [
        { path, message: isDefault(issue.message) ? sizeMessage(issue) : issue.message, hint: fieldHint },
      ];
    case 'custom': {
      const params = issue.params as { hint?: string } | undefined;
      return [{ path, message: issue.message, hint: params?.hint ?? fieldHint }];
    }
    default:
      return [
        { path, message: isDefault(issue.message) ? 'is not valid here' : issue.message, hint: fieldHint },
      ];
  }
}

function isDefault(message: string): boolean {
  return /^(Invalid|Too (small|big))/.test(message);
}

function fromInvalidType(
  expected: string,
  path: PropertyKey[],
  value: unknown,
  schemas: z.ZodType[],
  hint?: string,
): PathIssue {
  const key = String(path.at(-1) ?? 'value');
  if (value === undefined)
    return { path, message: `missing required key \`${key}\``, hint: missingKeyHint(path, schemas) ?? hint };
  if (expected === 'string' && typeof value === 'number' && isDurationField(schemas)) {
    return {
      path,
      message: `${value} has no unit`,
      hint: `write ${value}s, not ${value} (units: ms, s, m, h, d)`,
    };
  }
  if (
    (expected === 'number' || expected === 'int') &&
    typeof value === 'string' &&
    value.trim() !== '' &&
    !Number.isNaN(Number(value))
  ) {
    return {
      path,
      message: 'must be a number, not a string',
      hint: `remove the quotes: ${key}: ${value.trim()}`,
    };
  }
  if (expected === 'int' && typeof value === 'number')
    return { path, message: 'must be a whole number', hint };
  return { path, message: `must be ${article(expected)}, not ${describe(value)}`, hint };
}

// A missing key's hint is the line to write, built from the field's schema example.
function missingKeyHint(path: PropertyKey[], schemas: z.ZodType[]): string | undefined {
  const example = exampleOf(schemas);
  if (example === undefined) return undefined;
  const key = String(path.at(-1));
  const parent = path.slice(0, -1).filter((segment) => typeof segment === 'string');
  const under = parent.length > 0 ? ` under \`${parent.join('.')}\`` : '';
  return `add \`${key}: ${flowYaml(example)}\`${under}`;
}

function fromUnion(
  issue: Extract<ZodIssue, { code: 'invalid_union' }>,
  path: PropertyKey[],
  root: z.ZodType,
  raw: unknown,
  value: unknown,
): PathIssue[] {
  if ('discriminator' in issue && issue.discriminator) {
    const options = (('options' in issue ? issue.options : []) as unknown[]).map(String);
    const key = String(path.at(-1));
    if (value === undefined)
      return [
        {
          path,
          message: `missing required key \`${key}\``,
          hint: `add \`${key}: ${options[0] ?? ''}\` (one of ${options.join(', ')})`,
        },
      ];
    return [
      {
        path,
        message: `unknown ${key} "${String(value)}"`,
        hint: suggestionHint(String(value), options, 'values'),
      },
    ];
  }
  const branches = issue.errors.filter((branch) => branch.length > 0);
  const depth = (branch: readonly ZodIssue[]) => Math.max(...branch.map((i) => i.path.length));
  // The branch the writer meant is the one that got furthest, and of those the one with the
  // fewest complaints: `{ssm: /x, secret: false}` is an SSM variable with one bad key, not a
  // literal missing its value with an unknown `ssm`.
  const closer = (b: readonly ZodIssue[], best: readonly ZodIssue[]) =>
    depth(b) > depth(best) || (depth(b) === depth(best) && b.length < best.length);
  const deepest = branches.reduce<readonly ZodIssue[] | undefined>(
    (best, b) => (!best || closer(b, best) ? b : best),
    undefined,
  );
  if (deepest && depth(deepest) > 0) return fromZodIssues(deepest, root, raw, path);
  const literals = branches.flat().flatMap((i) => (i.code === 'invalid_value' ? i.values.map(String) : []));
  const kinds = branches.flat().flatMap((i) => (i.code === 'invalid_type' ? [article(i.expected)] : []));
  const forms = [...literals.map((l) => `"${l}"`), ...kinds];
  const hint =
    typeof value === 'string' && literals.length > 0 ? suggestionHint(value, literals, 'values') : undefined;
  return [
    { path, message: `must be ${forms.join(' or ') || 'a different value'}, not ${describe(value)}`, hint },
  ];
}

function sizeMessage(issue: Extract<ZodIssue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  const limit = issue.inclusive === false ? (small ? bound + 1 : bound - 1) : bound;
  const word = small ? 'at least' : 'at most';
  if (issue.origin === 'array') return `must list ${word} ${limit} ${limit === 1 ? 'entry' : 'entries'}`;
  if (issue.origin === 'string')
    return limit === 1 && small ? 'must not be empty' : `must be ${word} ${limit} characters`;
  return `must be ${word} ${limit}`;
}

function article(expected: string): string {
  const names: Record<string, string> = {
    object: 'a map',
    array: 'a list',
    int: 'a whole number',
    boolean: 'true or false',
  };
  return names[expected] ?? `a ${expected}`;
}

function describe(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a map';
  if (typeof value === 'string')
    return `the string "${value.length > 40 ? value.slice(0, 37) + '...' : value}"`;
  return `${typeof value === 'number' ? 'the number' : ''} ${String(value)}`.trim();
}

/** The raw value at a path, or undefined. */
export function valueAt(raw: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = raw;
  for (const segment of path) {
    if (!isRecord(value) && !Array.isArray(value)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}
