#!/usr/bin/env node
// Builds dist/ for `bin/run.js`: type-checks with tsc, then bundles the CLI with esbuild.
//
// Why a bundle: Node resolves, reads and compiles every module file on its own, and a plain
// `odin validate` used to load ~800 of them (oclif with semver, yaml, zod's ESM tree). Bundling
// oclif, zod and yaml into a few chunks more than halves start-up on Node 20, which has no
// compile cache. Every command and the help class stay separate entry points under
// dist/commands and dist/cli, so oclif's manifest and command discovery work as before; code
// they share lands in dist/chunks. Only BUNDLED packages (and what they import) are inlined:
// every other package (the AWS SDK, listr2, ink, React, ...) stays an import of node_modules,
// reached through the dynamic imports that keep it off the start-up path.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const BUNDLED = new Set(['@oclif/core', 'zod', 'yaml']);
// oclif requires these only to run TypeScript plugins in development; they must never be inlined.
const NEVER_BUNDLED = new Set(['typescript', 'ts-node', 'tsx']);

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const src = join(root, 'src');
// Modules imported through a path computed at run time (src/cli/command-context.ts loads the
// local cloud this way), which esbuild cannot follow: built as entry points at the same place.
const RUNTIME_IMPORTED = ['lib/simulator/index.ts'].map((file) => join(src, file));

const dist = join(root, 'dist');

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; undefined for relative paths. */
function packageName(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:'))
    return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Keeps every package outside BUNDLED external when odin's own code imports it. */
const externalPackages = {
  name: 'odin-external-packages',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = packageName(args.path);
      if (name === undefined) return undefined;
      if (NEVER_BUNDLED.has(name)) return { path: args.path, external: true };
      const fromOdin = args.importer.startsWith(src);
      if (fromOdin && !BUNDLED.has(name)) return { path: args.path, external: true };
      return undefined;
    });
  },
};

function typeCheck() {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--noEmit'], {
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function entryPoints() {
  const commands = readdirSync(join(src, 'commands'), { recursive: true })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(src, 'commands', file));
  return [join(src, 'cli', 'main.ts'), join(src, 'cli', 'help.ts'), ...commands, ...RUNTIME_IMPORTED];
}

/**
 * Fails the build when an output names a `../` path to a .js file that is not in dist/. esbuild
 * leaves an import whose path is computed at run time as it is (and out of its metafile), so
 * such quoted paths are checked here; their targets belong in RUNTIME_IMPORTED.
 */
function checkRelativePaths(outputs) {
  const missing = [];
  for (const output of outputs.filter((file) => file.endsWith('.js'))) {
    const text = readFileSync(join(root, output), 'utf8');
    for (const [, path] of text.matchAll(/["'](\.\.\/[\w./-]+\.js)["']/g)) {
      if (!existsSync(resolve(root, dirname(output), path))) missing.push(`${output}: ${path}`);
    }
  }
  if (missing.length > 0) {
    console.error(
      `Relative paths with no file in dist/ (add them to RUNTIME_IMPORTED):\n  ${missing.join('\n  ')}`,
    );
    process.exit(1);
  }
}

async function bundle() {
  rmSync(dist, { recursive: true, force: true });
  const result = await build({
    entryPoints: entryPoints(),
    absWorkingDir: root,
    outdir: dist,
    outbase: src,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    legalComments: 'none',
    // Less source for V8 to parse at every start (Node 20 has no compile cache); identifiers are
    // kept, so stack traces stay readable, and the source maps point back at src/.
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [externalPackages],
    // oclif is CommonJS: inside an ESM chunk its require() of Node built-ins needs a real require.
    banner: {
      js: "import { createRequire as __odinCreateRequire } from 'node:module';\nconst require = __odinCreateRequire(import.meta.url);",
    },
  });
  // Which source files ended up in which output file, for tests that check what a command loads.
  writeFileSync(join(dist, 'metafile.json'), JSON.stringify(result.metafile));
  checkRelativePaths(Object.keys(result.metafile.outputs));
}

typeCheck();
await bundle();
