import { existsSync } from 'node:fs';

// Tests that drive the real `odin` binary need the compiled output; `npm test` builds first.
export default function setup(): void {
  if (!existsSync(new URL('../dist/commands', import.meta.url))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does this) before vitest.');
  }
}
