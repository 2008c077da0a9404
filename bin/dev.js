#!/usr/bin/env node
// Runs the TypeScript sources directly, for working on odin without a build.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');

await runCli({ argv: process.argv.slice(2), binUrl: import.meta.url, development: true });
