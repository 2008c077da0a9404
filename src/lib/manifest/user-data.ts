/**
 * User data: a file next to the manifest with release variables and `instances.variables`
 * substituted. The text can hold secrets, so it is returned to the caller (for the launch
 * template) and never printed.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ManifestError } from '../errors/index.js';
import { SecretText } from './secret-text.js';
import type { Manifest } from './types.js';
import { parseManifestSource, positionOf } from './yaml-source.js';

/** The variables odin itself sets for every release. */
export const ODIN_VARIABLES = ['ODIN_RELEASE', 'ODIN_SERVICE', 'ODIN_ENVIRONMENT', 'ODIN_IMAGE'] as const;

/**
 * Values for the `${ODIN_*}` variables (service and environment default to the manifest's) and
 * for `instances.variables`.
 */
export interface ReleaseVars {
  release: string;
  image: string;
  service?: string;
  environment?: string;
  /** Each declared variable's value as resolved for this deploy (src/lib/resolve). */
  variables?: Readonly<Record<string, string | SecretText>>;
}

// `${NAME}` with an upper-case name is odin's, and `$${NAME}` leaves `${NAME}` to the shell.
// Anything else (`$HOME`, `${file}`, `${HOME:-/root}`, `$(date)`) is the script's own.
const REFERENCE = /\$(\$?)\{([A-Z_][A-Z0-9_]*)\}/g;

/** One `${NAME}` odin substitutes, with its 1-based line in the user-data file. */
export interface UserDataReference {
  name: string;
  line: number;
}

/** Every `${NAME}` (upper case) in user-data text that odin substitutes; not the escaped `$${NAME}`. */
export function userDataReferences(text: string): UserDataReference[] {
  const found: UserDataReference[] = [];
  for (const match of text.matchAll(REFERENCE)) {
    if (match[1] === '$') continue;
    const line = text.slice(0, match.index).split('\n').length;
    found.push({ name: match[2] ?? '', line });
  }
  return found;
}

/** Absolute path of the manifest's user-data file, or undefined when it has none. */
export function userDataPath(manifest: Manifest): string | undefined {
  const file = manifest.instances.userData;
  return file === undefined ? undefined : resolve(dirname(manifest.file), file);
}

/** Size in bytes of the user-data file (for summaries that must not show its content). */
export async function userDataSize(manifest: Manifest): Promise<number | undefined> {
  const path = userDataPath(manifest);
  if (path === undefined) return undefined;
  return (await stat(path)).size;
}

/** The user-data text with the `${ODIN_*}` variables and the declared ones replaced; `$${NAME}` becomes `${NAME}`. */
export async function renderUserData(manifest: Manifest, vars: ReleaseVars): Promise<string> {
  const path = userDataPath(manifest);
  if (path === undefined) return '';
  const values: Record<string, string | SecretText> = {
    ...vars.variables,
    ODIN_RELEASE: vars.release,
    ODIN_SERVICE: vars.service ?? manifest.service,
    ODIN_ENVIRONMENT: vars.environment ?? manifest.environment,
    ODIN_IMAGE: vars.image,
  };
  const text = await readFile(path, 'utf8').catch(async (error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw await missingUserData(manifest, path, error);
    throw error;
  });
  // Validation has refused any unknown name; one left here (a file edited since) stays as written.
  return text.replace(REFERENCE, (written, escape: string, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (escape === '$') return written.slice(1);
    if (value === undefined) return written;
    return value instanceof SecretText ? value.reveal() : value;
  });
}

async function missingUserData(manifest: Manifest, path: string, cause: unknown): Promise<ManifestError> {
  const text = await readFile(manifest.file, 'utf8').catch(() => '');
  const { source } = parseManifestSource(manifest.file, text);
  const overlay = ['environments', manifest.environment, 'instances', 'userData'];
  const inOverlay = positionOf(source, overlay, 'value').depth === overlay.length;
  const where = positionOf(source, inOverlay ? overlay : ['instances', 'userData'], 'value');
  const issue = {
    file: manifest.file,
    line: where.line,
    column: where.column,
    path: inOverlay ? overlay.join('.') : 'instances.userData',
    message: `user-data file ${path} does not exist`,
    hint: 'the path is relative to the manifest; create the file or fix the path',
  };
  return new ManifestError([issue], { cause });
}
