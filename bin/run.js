#!/usr/bin/env node
// Kept tiny on purpose: `--version` is answered without loading oclif, and everything else loads
// only the compiled CLI shell, whose commands import what they need on demand.
import { readFileSync } from 'node:fs';
import module from 'node:module';

const argv = process.argv.slice(2);

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(
    `${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`,
  );
} else {
  // Node 22.1+ caches compiled code of oclif, zod and the SDK between runs; a no-op on Node 20.
  module.enableCompileCache?.();
  const { runCli } = await import('../dist/cli/main.js');
  await runCli({ argv, binUrl: import.meta.url });
}
