import { runningInCi } from '../ci/detect-ci.js';
import type { Clock } from '../clock/clock.js';
import { formatStatus } from '../status/format-status.js';
import type { ServiceStatus } from '../status/service-status.js';
import type { OutputStream } from './renderer.js';
import type { RenderEnv } from './symbols.js';

/**
 * Whether `status --watch` draws the live dashboard: only on a real terminal outside CI. A pipe
 * or a CI log would otherwise fill with redrawn frames and cursor escapes.
 */
export function watchDrawsDashboard(isTTY: boolean, env: RenderEnv): boolean {
  return isTTY && !runningInCi(env) && env.TERM !== 'dumb';
}

/** How the plain watch reads, where it writes, and when it stops. */
export interface PlainWatchOptions {
  read: () => Promise<ServiceStatus[]>;
  intervalMs: number;
  clock: Clock;
  signal?: AbortSignal;
  /** Where snapshots go (stdout in the CLI). */
  stdout: OutputStream;
  /** Where a failed refresh is reported (stderr in the CLI). */
  stderr: OutputStream;
}

/**
 * `status --watch` without a terminal: prints a full plain snapshot, the same text as `odin
 * status`, at every refresh until stopped, a blank line between them; returns the last statuses
 * read. A failed read is reported and retried at the next interval rather than ending the watch.
 */
export async function watchPlain(options: PlainWatchOptions): Promise<ServiceStatus[]> {
  let last: ServiceStatus[] = [];
  let printed = false;
  while (!options.signal?.aborted) {
    try {
      last = await options.read();
      const snapshot = last.map((s) => formatStatus(s).join('\n')).join('\n\n');
      options.stdout.write(`${printed ? '\n' : ''}${snapshot}\n`);
      printed = true;
    } catch (error) {
      options.stderr.write(`Could not refresh: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    if (options.signal?.aborted) break;
    await options.clock.sleep(options.intervalMs, options.signal).catch(() => undefined);
  }
  return last;
}
