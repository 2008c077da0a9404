import { ciReporting, type CiReporting } from '../lib/ci/ci-reporting.js';
import type { EventSink, RunEndEvent, RunStartEvent } from '../lib/events/event.js';

/**
 * What a command reports to the CI system it runs in, on top of its normal output: on GitHub
 * Actions, annotations for failures and warnings and a job summary of the run. The summary is
 * built from the run's own start and end events, so commands need no CI-specific code.
 */
export class CiOutput {
  private readonly reporting: CiReporting;
  private start?: RunStartEvent;
  private end?: RunEndEvent;

  constructor(logFormat: 'auto' | 'plain' | 'json', command: string | undefined) {
    this.reporting = ciReporting({ env: process.env, stream: process.stderr, logFormat, command });
  }

  /** The sink to give the domain: the renderer's, plus CI annotations, remembering start and end. */
  wrap(sink: EventSink): EventSink {
    const annotated = this.reporting.wrap(sink);
    return (event) => {
      if (event.type === 'run.start') this.start = event;
      if (event.type === 'run.end') this.end = event;
      annotated(event);
    };
  }

  /** Annotates the error a command ends with (manifest issues at their file, line and column). */
  reportError(error: unknown): void {
    // A run that ended has annotated its outcome (and the failed step its cause) already.
    if (this.end) return;
    this.reporting.reportError(error);
  }

  /** Appends the finished run to the job summary, if the command reported a run at all. */
  async finish(): Promise<void> {
    if (!this.start || !this.end) return;
    await this.reporting.writeSummary({
      command: this.start.command,
      service: this.start.service ?? '',
      environment: this.start.environment ?? '',
      outcome: this.end.outcome,
      durationMs: this.end.durationMs,
      summary: this.end.summary,
      ...(this.start.strategy ? { strategy: this.start.strategy } : {}),
      ...(this.end.release ? { release: this.end.release } : {}),
      ...(this.end.awsCalls ? { awsCalls: this.end.awsCalls } : {}),
      ...(this.end.error ? { error: this.end.error } : {}),
    });
  }
}
