import type { AwsCallStats } from '../lib/aws/types.js';

/** The AWS calls a command made, as every `--json` result and error reports them. */
export interface AwsCallCount {
  calls: number;
  throttled: number;
  retried: number;
}

// One process runs one command, so the clients it opened are simply remembered here: commands
// then need no code of their own to report their calls.
const opened = new Set<{ stats(): AwsCallStats }>();

/** Counts the calls of this AWS client in the command's totals. */
export function countAwsCalls(aws: { stats(): AwsCallStats }): void {
  opened.add(aws);
}

/** The calls of every client the command opened, or undefined when it opened none. */
export function awsCallTotals(): AwsCallCount | undefined {
  if (opened.size === 0) return undefined;
  const total: AwsCallCount = { calls: 0, throttled: 0, retried: 0 };
  for (const aws of opened) {
    const stats = aws.stats();
    total.calls += stats.calls;
    total.throttled += stats.throttled;
    total.retried += stats.retried;
  }
  return total;
}
