/**
 * Reads odin.yml into resolved `Manifest`s: YAML with positions, schema and cross-field rules,
 * environment overlays, and checks of the user-data file (it exists, it names only known
 * variables). Every issue in the file is reported at once in a single ManifestError.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidFlagError, ManifestError, type ManifestIssue } from '../errors/index.js';
import { crossFieldIssues } from './cross-field.js';
import { closingHint, rootIssue } from './document-issues.js';
import { ManifestNotFoundError } from './manifest-not-found-error.js';
import { applyOverlay } from './overlay.js';
import { resolvedManifestSchema } from './schema.js';
import { isRecord } from './schema-kit.js';
import { suggestionHint } from './suggest.js';
import { userDataIssues, type UserDataRef } from './user-data-issues.js';
import type { Manifest } from './types.js';
import { nodeAt, parseManifestSource, positionOf, type ManifestSource } from './yaml-source.js';
import { fromZodIssues, type PathIssue } from './zod-issues.js';
import { isScalar } from 'yaml';

/** Which environments to resolve: one by name, or the base plus every environment. */
export interface LoadOptions {
  env?: string;
}

/** The name of the base manifest, with no overlay applied. */
export const DEFAULT_ENVIRONMENT = 'default';

/** Reads and resolves one environment (or the base when none is named). */
export async function loadManifest(file: string, options: LoadOptions = {}): Promise<Manifest> {
  const [manifest] = await loadManifests(file, { env: options.env ?? DEFAULT_ENVIRONMENT });
  return manifest as Manifest;
}

/** Reads and resolves the base and every environment (or only `env`), checking user-data files exist. */
export async function loadManifests(file: string, options: LoadOptions = {}): Promise<Manifest[]> {
  const absolute = resolve(file);
  const text = await readManifestText(file, absolute);
  const { manifests, issues, source, userData } = resolveManifestText(text, absolute, options);
  const checked = new IssueList(source);
  for (const ref of userData) checked.add(await userDataIssues(ref, absolute), ref.env);
  issues.push(...checked.list);
  if (issues.length > 0) {
    const sorted = issues.sort((a, b) => a.line - b.line || a.column - b.column);
    const hint = closingHint(sorted);
    throw new ManifestError(sorted, hint === undefined ? {} : { hint });
  }
  return manifests;
}

async function readManifestText(file: string, absolute: string): Promise<string> {
  try {
    return await readFile(absolute, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new ManifestNotFoundError(file, { cause: error });
    throw unreadableManifest(file, error);
  }
}

/** A directory, a file without read permission: the -f value is wrong, not odin (exit 2). */
function unreadableManifest(file: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return error;
  const reason = code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
  return new InvalidFlagError(`cannot read the manifest ${file}: ${reason}`, {
    hint: '-f must name a readable manifest file, e.g. -f odin.yml or -f deploy/odin.yml.',
    cause: error,
  });
}

/** Parses and validates manifest text (no file access); returns what resolved and every issue found. */
export function resolveManifestText(text: string, file: string, options: LoadOptions = {}): ResolvedText {
  const { source, issues: syntax } = parseManifestSource(file, text);
  const raw: unknown = syntax.length > 0 ? undefined : source.doc.toJS({ maxAliasCount: 100 });
  if (syntax.length > 0 || !isRecord(raw)) {
    const issue = syntax.length > 0 ? syntax : [rootIssue(file, raw)];
    return { manifests: [], issues: issue, source, userData: [] };
  }
  const issues = new IssueList(source);
  issues.add(accountIssues(source, raw), undefined);
  const environments = isRecord(raw.environments) ? raw.environments : {};
  const { environments: _, ...base } = raw;
  const wanted = selectEnvironments(Object.keys(environments), options.env, file);
  const manifests: Manifest[] = [];
  const userData: UserDataRef[] = [];
  issues.add(environmentIssues(raw.environments), undefined);
  for (const name of wanted) {
    const overlay = name === DEFAULT_ENVIRONMENT ? {} : environments[name];
    // environmentIssues has reported it; there is nothing to merge.
    if (!isRecord(overlay)) continue;
    const merged = applyOverlay(base, overlay);
    const env = name === DEFAULT_ENVIRONMENT ? undefined : name;
    const script = isRecord(merged.instances) ? merged.instances.userData : undefined;
    if (typeof script === 'string' && script !== '')
      userData.push({ env, file: script, variables: declared(merged) });
    const found = validate(merged, issues, env);
    if (found) manifests.push({ file, environment: name, ...found });
  }
  return { manifests, issues: issues.list, source, userData };
}

/** The variable names an environment's merged manifest declares. */
function declared(merged: Record<string, unknown>): string[] {
  const variables = isRecord(merged.instances) ? merged.instances.variables : undefined;
  return isRecord(variables) ? Object.keys(variables) : [];
}

/** What `resolveManifestText` found: the manifests that resolved, every issue, and user-data files to check. */
export interface ResolvedText {
  manifests: Manifest[];
  issues: ManifestIssue[];
  source: ManifestSource;
  userData: UserDataRef[];
}

const ENVIRONMENT_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

function environmentIssues(environments: unknown): PathIssue[] {
  if (environments === undefined) return [];
  if (!isRecord(environments)) {
    const hint = 'write environments: {production: {capacity: {min: 4}}}';
    return [{ path: ['environments'], message: 'must be a map of environment names to overlays', hint }];
  }
  return Object.entries(environments).flatMap(([name, overlay]): PathIssue[] => {
    const path = ['environments', name];
    if (!ENVIRONMENT_NAME.test(name) || name === DEFAULT_ENVIRONMENT) {
      const message =
        name === DEFAULT_ENVIRONMENT
          ? '"default" names the base manifest'
          : `environment name "${name}" must be lowercase letters, digits and dashes`;
      return [
        {
          path,
          message,
          hint: `rename it, e.g. ${name === DEFAULT_ENVIRONMENT ? 'staging' : toEnvironmentName(name)}`,
          at: 'key',
        },
      ];
    }
    if (isRecord(overlay)) return [];
    return [
      {
        path,
        message: 'an environment must be a map of keys to override',
        hint: 'for example production: {production: true, capacity: {min: 4}}',
      },
    ];
  });
}

function toEnvironmentName(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'staging'
  );
}

function validate(merged: Record<string, unknown>, issues: IssueList, env: string | undefined) {
  const result = resolvedManifestSchema.safeParse(merged);
  const found = result.success ? [] : fromZodIssues(result.error.issues, resolvedManifestSchema, merged);
  const cross = crossFieldIssues(merged);
  issues.add([...found, ...cross], env);
  return result.success && cross.length === 0 ? result.data : undefined;
}

function selectEnvironments(known: string[], env: string | undefined, file: string): string[] {
  if (env === undefined) return [DEFAULT_ENVIRONMENT, ...known];
  if (env === DEFAULT_ENVIRONMENT || known.includes(env)) return [env];
  const list =
    known.length > 0 ? `known environments: ${known.join(', ')}` : `${file} defines no environments`;
  const close = known.length > 0 ? suggestionHint(env, known, 'environments') : '';
  throw new InvalidFlagError(`no environment "${env}" in ${file} (${list})`, {
    hint: close.startsWith('did you mean')
      ? `${close.replace('did you mean', 'did you mean --env')}`
      : `add environments.${env} to the manifest, or pick one of: ${known.join(', ') || '(none)'}`,
  });
}

// YAML reads an unquoted 012345678901 as the number 12345678901: the leading zero is gone.
function accountIssues(source: ManifestSource, raw: Record<string, unknown>): PathIssue[] {
  const paths: PropertyKey[][] = [['account']];
  if (isRecord(raw.environments))
    for (const env of Object.keys(raw.environments)) paths.push(['environments', env, 'account']);
  const issues: PathIssue[] = [];
  for (const path of paths) {
    const node = nodeAt(source, path);
    if (!isScalar(node) || typeof node.value !== 'number') continue;
    const written = typeof node.source === 'string' ? node.source : String(node.value);
    if (/^[1-9]\d{11}$/.test(written)) {
      setAt(raw, path, written);
      continue;
    }
    const reading =
      /^\d+$/.test(written) && written !== String(node.value) ? ` (YAML reads it as ${node.value})` : '';
    issues.push({
      path,
      message: `account must be a quoted string${reading}`,
      hint: `write account: "${written}"`,
    });
    setAt(raw, path, written);
  }
  return issues;
}

function setAt(raw: Record<string, unknown>, path: PropertyKey[], value: unknown): void {
  let map: unknown = raw;
  for (const segment of path.slice(0, -1)) map = isRecord(map) ? map[segment as string] : undefined;
  if (isRecord(map)) map[path.at(-1) as string] = value;
}

/** Collects located issues, pointing at an overlay's own lines when the key is set there, without duplicates. */
class IssueList {
  readonly list: ManifestIssue[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly source: ManifestSource) {}

  add(issues: PathIssue[], env: string | undefined, inOverlay = false): void {
    for (const issue of issues) {
      const located = this.locate(issue, env, inOverlay);
      const key = `${located.line}:${located.column}:${located.path}:${located.message}`;
      const baseKey = `${located.line}:${located.column}:${located.path}:${issue.message}`;
      if (this.seen.has(key) || this.seen.has(baseKey)) continue;
      this.seen.add(key);
      this.list.push(located);
    }
  }

  private locate(issue: PathIssue, env: string | undefined, inOverlay: boolean): ManifestIssue {
    const at = issue.at ?? 'value';
    const base = positionOf(this.source, issue.path, at);
    const overlayPath = env === undefined ? undefined : ['environments', env, ...issue.path];
    const overlay = overlayPath ? positionOf(this.source, overlayPath, at) : undefined;
    const useOverlay =
      overlay !== undefined &&
      (inOverlay ||
        overlay.depth - 2 === issue.path.length ||
        (base.depth < issue.path.length && overlay.depth - 2 > base.depth));
    const where = useOverlay ? overlay : base;
    const path = formatPath(useOverlay && overlayPath ? overlayPath : issue.path);
    const suffix = env !== undefined && !useOverlay ? ` (in environment ${env})` : '';
    return {
      file: this.source.file,
      line: where.line,
      column: where.column,
      path,
      message: issue.message + suffix,
      ...(issue.hint ? { hint: issue.hint } : {}),
    };
  }
}

/** `traffic.steps[2].weight` from ['traffic', 'steps', 2, 'weight']. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((segment, i) =>
      typeof segment === 'number' ? `[${segment}]` : `${i === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}
