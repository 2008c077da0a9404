import type { Clock } from '../clock/clock.js';
import { toOdinError } from '../errors/odin-error.js';
import type { EventSink, RunOutcome } from '../events/event.js';
import type { Manifest } from '../manifest/types.js';

/** Who a run is for, and where its start and end go. */
export interface RunReport {
  sink: EventSink;
  clock: Pick<Clock, 'now'>;
  manifest: Pick<Manifest, 'service' | 'environment'>;
  command: string;
}

/** Wraps a command's domain call in run.start / run.end events, the end carrying outcome, summary and exit code. */
export async function reportRun<T>(
  report: RunReport,
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
    at: started,
  });
  try {
    const result = await work();
    const at = clock.now();
    sink({
      type: 'run.end',
      outcome: 'succeeded',
      summary: summarise(result),
      exitCode: 0,
      durationMs: at - started,
      at,
    });
    return result;
  } catch (error) {
    const odin = toOdinError(error);
    const at = clock.now();
    sink({
      type: 'run.end',
      outcome: outcomeOf(odin.code),
      summary: odin.message,
      exitCode: odin.exitCode,
      durationMs: at - started,
      at,
    });
    throw error;
  }
}

function outcomeOf(code: string): RunOutcome {
  if (code === 'DEPLOY_ROLLED_BACK') return 'rolled-back';
  if (code === 'DEPLOY_NEEDS_ATTENTION') return 'needs-attention';
  if (code === 'INTERRUPTED') return 'interrupted';
  return 'failed';
}
