import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Packages reachable from a source file through static imports (dynamic `import()` is lazy and not followed). */
export function staticPackages(
  entry: string,
  seen = new Set<string>(),
  packages = new Set<string>(),
): Set<string> {
  if (seen.has(entry)) return packages;
  seen.add(entry);
  const source = readFileSync(entry.replace(/\.js$/, '.ts'), 'utf8');
  for (const match of source.matchAll(
    /^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm,
  )) {
    const specifier = match[1] ?? match[2] ?? '';
    if (match[0].trimStart().startsWith('import type') || match[0].trimStart().startsWith('export type'))
      continue;
    if (specifier.startsWith('.'))
      staticPackages(path.resolve(path.dirname(entry), specifier), seen, packages);
    else packages.add(specifier);
  }
  return packages;
}

/** The packages a fast-starting command must not load up front. */
export const HEAVY_PACKAGES = /^(@aws-sdk\/|ink$|listr2$|react$)/;
