import type { AwsCallStats } from '../aws/types.js';
import type { Clock } from '../clock/clock.js';
import { toOdinError } from '../errors/odin-error.js';
import type { EventSink, RunOutcome } from '../events/event.js';
import type { Manifest } from '../manifest/types.js';

/** Who a run is for, and where its start and end go. */
export interface RunReport<T = unknown> {
  sink: EventSink;
  clock: Pick<Clock, 'now'>;
  manifest: Pick<Manifest, 'service' | 'environment'> & Partial<Pick<Manifest, 'traffic'>>;
  command: string;
  /** Where the run's AWS call counts are read at its end. */
  aws?: { stats(): AwsCallStats };
  /** The release a successful run produced (a failed one names it in its error's details). */
  releaseOf?: (result: T) => string | undefined;
}

/**
 * Wraps a command's domain call in run.start / run.end events, the end carrying outcome,
 * summary, exit code, release, AWS calls and, on failure, the error: everything a CI job
 * summary shows. A failure's summary names the outcome, not the error's message, which the
 * failed step (or the CLI) shows once.
 */
export async function reportRun<T>(
  report: RunReport<T>,
  work: () => Promise<T>,
  summarise: (result: T) => string,
): Promise<T> {
  const { sink, clock, manifest } = report;
  const started = clock.now();
  sink({
    type: 'run.start',
    command: report.command,
    service: manifest.service,
    environment: manifest.environment,
    ...(manifest.traffic ? { strategy: manifest.traffic.strategy } : {}),
    at: started,
  });
  const calls = () => {
    if (!report.aws) return {};
    const { calls: count, throttled, retried } = report.aws.stats();
    return { awsCalls: { calls: count, throttled, retried } };
  };
  try {
    const result = await work();
    const at = clock.now();
    const release = report.releaseOf?.(result);
    sink({
      type: 'run.end',
      outcome: 'succeeded',
      summary: summarise(result),
      exitCode: 0,
      durationMs: at - started,
      ...(release ? { release } : {}),
      ...calls(),
      at,
    });
    return result;
  } catch (error) {
    const odin = toOdinError(error);
    const at = clock.now();
    const release = odin.details?.['releaseId'];
    const outcome = outcomeOf(odin.code);
    sink({
      type: 'run.end',
      outcome,
      summary: `odin ${report.command} ${describeOutcome(outcome)}`,
      exitCode: odin.exitCode,
      durationMs: at - started,
      ...(typeof release === 'string' ? { release } : {}),
      ...calls(),
      error: { code: odin.code, message: odin.message, ...(odin.hint ? { hint: odin.hint } : {}) },
      at,
    });
    throw error;
  }
}

const outcomePhrases: Record<RunOutcome, string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  'rolled-back': 'failed and was rolled back',
  'needs-attention': 'failed and needs attention',
  interrupted: 'was interrupted',
};

/** How a run ended, as the end of a sentence: "failed and was rolled back". */
export function describeOutcome(outcome: RunOutcome): string {
  return outcomePhrases[outcome];
}

function outcomeOf(code: string): RunOutcome {
  if (code === 'DEPLOY_ROLLED_BACK') return 'rolled-back';
  if (code === 'DEPLOY_NEEDS_ATTENTION') return 'needs-attention';
  if (code === 'INTERRUPTED') return 'interrupted';
  return 'failed';
}
