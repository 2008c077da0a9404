#!/usr/bin/env -S node --import tsx
// Runs the TypeScript sources directly (through tsx), for working on odin without a build.
const { runCli } = await import('../src/cli/main.ts');

await runCli({ argv: process.argv.slice(2), binUrl: import.meta.url, development: true });
