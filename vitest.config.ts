import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    // Most of the wall time is tests that drive the real binary against the local cloud, which
    // mostly wait on simulated time: two workers overlap those waits even on a two-core machine.
    maxWorkers: 2,
    hookTimeout: 60_000,
    // Tests build SDK clients of their own, which warn about Node 20 once per worker; odin's own
    // clients are silenced by odin (test/commands/runtime-warnings.test.ts removes this again).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
