import { ciReporting, type CiReporting } from '../lib/ci/ci-reporting.js';
import type { JobSummary } from '../lib/ci/job-summary.js';
import { ExitCode, type OdinError } from '../lib/errors/index.js';
import type { EventSink } from '../lib/events/event.js';
import type { RunTranscript } from './run-transcript.js';

/**
 * What a command reports to the CI system it runs in, on top of its normal output: on GitHub
 * Actions, annotations for failures and warnings and a job summary. The summary of a run is
 * built from its own start and end events, so commands need no CI-specific code; a command
 * that failed before starting a run (an invalid manifest, say) is summarised from its error.
 */
export class CiOutput {
  private readonly reporting: CiReporting;
  private readonly startedAt = Date.now();
  private error?: OdinError;

  constructor(
    logFormat: 'auto' | 'plain' | 'json',
    private readonly command: string | undefined,
    private readonly transcript: RunTranscript,
  ) {
    this.reporting = ciReporting({ env: process.env, stream: process.stderr, logFormat, command });
  }

  /** The sink to give the domain: the renderer's, plus CI annotations. */
  wrap(sink: EventSink): EventSink {
    return this.reporting.wrap(sink);
  }

  /** Annotates the error a command ends with (manifest issues at their file, line and column). */
  reportError(error: OdinError): void {
    this.error = error;
    // A run that ended has annotated its outcome (and the failed step its cause) already.
    if (this.transcript.end) return;
    this.reporting.reportError(error);
  }

  /** Appends the command to the job summary: the finished run, or the error that kept it from one. */
  async finish(): Promise<void> {
    const summary = this.runSummary() ?? this.errorSummary();
    if (summary) await this.reporting.writeSummary(summary);
  }

  private runSummary(): JobSummary | undefined {
    const { start, end } = this.transcript;
    if (!start || !end) return undefined;
    return {
      command: start.command,
      service: start.service ?? '',
      environment: start.environment ?? '',
      outcome: end.outcome,
      durationMs: end.durationMs,
      summary: end.summary,
      ...(start.strategy ? { strategy: start.strategy } : {}),
      ...(end.release ? { release: end.release } : {}),
      ...(end.awsCalls ? { awsCalls: end.awsCalls } : {}),
      ...(end.error ? { error: end.error } : {}),
    };
  }

  private errorSummary(): JobSummary | undefined {
    const error = this.error;
    if (!error) return undefined;
    return {
      command: this.command?.replaceAll(':', ' ') ?? '',
      outcome: error.exitCode === ExitCode.InvalidInput ? 'invalid' : 'failed',
      durationMs: Date.now() - this.startedAt,
      error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) },
    };
  }
}
