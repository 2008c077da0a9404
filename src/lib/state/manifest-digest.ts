import { createHash } from 'node:crypto';
import type { Manifest } from '../manifest/types.js';

/**
 * The sha256 of the normalised manifest: keys sorted, and without `file`, whose absolute path
 * differs between a laptop and a CI runner deploying the same thing.
 */
export function manifestDigest(manifest: Manifest): string {
  const { file: _file, ...rest } = manifest;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
