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

/**
 * What the BUILT entry `dist/<entry>` loads up front: the bare packages it and its chunks import
 * statically, and the source files bundled into what it loads (from esbuild's metafile), so a
 * test can check the bundle, which is what users run, and that the walk reached real code.
 */
export function builtStaticLoad(
  root: string,
  entry: string,
): { packages: Set<string>; sources: Set<string> } {
  // esbuild's metafile lists every output's imports with their kind, so the walk follows the
  // bundle as built (minified or not) rather than parsing its text.
  const metafile = JSON.parse(readFileSync(path.join(root, 'dist/metafile.json'), 'utf8')) as {
    outputs: Record<
      string,
      { inputs: Record<string, unknown>; imports?: Array<{ path: string; kind: string; external?: boolean }> }
    >;
  };
  const packages = new Set<string>();
  const sources = new Set<string>();
  const seen = new Set<string>();
  const visit = (output: string): void => {
    if (seen.has(output)) return;
    seen.add(output);
    const built = metafile.outputs[output];
    for (const input of Object.keys(built?.inputs ?? {})) sources.add(input);
    for (const imported of built?.imports ?? []) {
      if (imported.kind !== 'import-statement') continue;
      if (!imported.external) visit(imported.path);
      else if (!imported.path.startsWith('node:')) packages.add(imported.path);
    }
  };
  visit(path.posix.join('dist', entry));
  return { packages, sources };
}
