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
  const metafile = JSON.parse(readFileSync(path.join(root, 'dist/metafile.json'), 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, unknown> }>;
  };
  const packages = new Set<string>();
  const sources = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const output = metafile.outputs[path.relative(root, file)];
    for (const input of Object.keys(output?.inputs ?? {})) sources.add(input);
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(
      /^(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm,
    )) {
      const specifier = match[1] ?? match[2] ?? '';
      if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier));
      else if (!specifier.startsWith('node:')) packages.add(specifier);
    }
  };
  visit(path.join(root, 'dist', entry));
  return { packages, sources };
}
