/**
 * User data: a file next to the manifest with release variables substituted. The text can hold
 * secrets, so it is returned to the caller (for the launch template) and never printed.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ManifestError } from '../errors/index.js';
import type { Manifest } from './types.js';
import { parseManifestSource, positionOf } from './yaml-source.js';

/** Values for the `${ODIN_*}` variables; service and environment default to the manifest's. */
export interface ReleaseVars {
  release: string;
  image: string;
  service?: string;
  environment?: string;
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

/** The user-data text with `${ODIN_RELEASE}`, `${ODIN_SERVICE}`, `${ODIN_ENVIRONMENT}`, `${ODIN_IMAGE}` replaced. */
export async function renderUserData(manifest: Manifest, vars: ReleaseVars): Promise<string> {
  const path = userDataPath(manifest);
  if (path === undefined) return '';
  const values: Record<string, string> = {
    ODIN_RELEASE: vars.release,
    ODIN_SERVICE: vars.service ?? manifest.service,
    ODIN_ENVIRONMENT: vars.environment ?? manifest.environment,
    ODIN_IMAGE: vars.image,
  };
  const text = await readFile(path, 'utf8').catch(async (error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw await missingUserData(manifest, path, error);
    throw error;
  });
  // Only odin's own names are replaced; any other ${...} belongs to the shell script.
  return text.replace(
    /\$\{(ODIN_RELEASE|ODIN_SERVICE|ODIN_ENVIRONMENT|ODIN_IMAGE)\}/g,
    (_, name: string) => values[name] ?? '',
  );
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
