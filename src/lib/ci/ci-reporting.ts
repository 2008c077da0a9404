import type { EventSink } from '../events/event.js';
import { detectCi, type CiInfo } from './detect-ci.js';
import { errorAnnotations, githubAnnotationSink, type TextStream } from './github-annotations.js';
import { writeJobSummary, type JobSummary } from './job-summary.js';

type Env = Readonly<Record<string, string | undefined>>;

/** How a command reports to the CI it runs in, beyond its normal output. Every method is safe to call anywhere. */
export interface CiReporting {
  ci: CiInfo;
  /** True when failures and warnings are written as GitHub annotations. */
  annotating: boolean;
  /** The command's sink, plus annotations for failed steps, warnings and an unsuccessful end. */
  wrap(sink: EventSink): EventSink;
  /** Annotates the error the command ends with (manifest issues at their file, line and column). */
  reportError(error: unknown): void;
  /** Appends the run to the GitHub job summary; never throws (a summary is not worth failing a deploy). */
  writeSummary(summary: JobSummary): Promise<void>;
}

export interface CiReportingOptions {
  /** Usually process.env. */
  env: Env;
  /** Where annotations go: stderr, which the Actions runner scans for workflow commands like stdout. */
  stream: TextStream;
  /** With `json`, stderr is a pure JSON event stream, so no annotation lines are mixed into it. */
  logFormat: 'auto' | 'plain' | 'json';
  command?: string;
}

/** Chooses what to report for the detected CI; outside GitHub Actions everything is a no-op. */
export function ciReporting(options: CiReportingOptions): CiReporting {
  const ci = detectCi(options.env);
  const optedOut =
    options.env.ODIN_GITHUB_ANNOTATIONS === '0' || options.env.ODIN_GITHUB_ANNOTATIONS === 'false';
  const annotating = ci.name === 'github' && options.logFormat !== 'json' && !optedOut;
  const annotate = annotating
    ? githubAnnotationSink(options.stream, { command: options.command })
    : undefined;

  return {
    ci,
    annotating,
    wrap: (sink) =>
      annotate
        ? (event) => {
            sink(event);
            annotate(event);
          }
        : sink,
    reportError: (error) => {
      if (!annotating) return;
      for (const line of errorAnnotations(error, { workspace: options.env.GITHUB_WORKSPACE })) {
        options.stream.write(line);
      }
    },
    writeSummary: async (summary) => {
      if (ci.name !== 'github') return;
      await writeJobSummary(options.env, summary).catch(() => undefined);
    },
  };
}
