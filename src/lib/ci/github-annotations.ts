import path from 'node:path';
import { ManifestError } from '../errors/errors.js';
import { describeOutcome } from '../deploy/report-run.js';
import { toOdinError } from '../errors/odin-error.js';
import type { EventSink, OdinEvent, RunEndEvent } from '../events/event.js';

/** The annotation levels GitHub Actions understands. */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** Where an annotation points and what its heading says. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  line?: number;
  col?: number;
}

/** Anything with a `write(string)`, e.g. process.stdout. */
export interface TextStream {
  write(text: string): unknown;
}

/** Escapes a workflow command's message the way the runner unescapes it. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value; `:` and `,` would otherwise end the property. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow-command line, e.g. `::error title=Deploy failed,file=odin.yml,line=3::message\n`. */
export function formatAnnotation(
  level: AnnotationLevel,
  message: string,
  properties: AnnotationProperties = {},
): string {
  const props = (['title', 'file', 'line', 'col'] as const)
    .filter((key) => properties[key] !== undefined && properties[key] !== '')
    .map((key) => `${key}=${escapeProperty(String(properties[key]))}`);
  return `::${level}${props.length > 0 ? ' ' + props.join(',') : ''}::${escapeData(message)}\n`;
}

function withHint(message: string, hint: string | undefined): string {
  return hint ? `${message}\nHint: ${hint}` : message;
}

/** GitHub resolves annotation files against the repository root, so paths are made relative to it. */
function workspaceRelative(file: string, workspace: string | undefined): string {
  if (!workspace || !path.isAbsolute(file)) return file;
  const relative = path.relative(workspace, file);
  return relative.startsWith('..') ? file : relative.split(path.sep).join('/');
}

/** The annotation lines for an error a command ended with: one per manifest issue, else one. */
export function errorAnnotations(error: unknown, options: { workspace?: string } = {}): string[] {
  if (error instanceof ManifestError && error.issues.length > 0) {
    return error.issues.map((issue) =>
      formatAnnotation('error', withHint(issue.message, issue.hint ?? error.hint), {
        title: `odin: ${issue.path || 'manifest'}`,
        file: workspaceRelative(issue.file, options.workspace),
        line: issue.line,
        col: issue.column,
      }),
    );
  }
  const odin = toOdinError(error);
  return [formatAnnotation('error', withHint(odin.message, odin.hint), { title: `odin: ${odin.code}` })];
}

/**
 * The annotation an event deserves, if any: failed steps, warnings, errors and unsuccessful runs.
 * A run's end carries its error and hint, or only the outcome when `annotated` says a failed
 * step has already annotated that error.
 */
export function annotationForEvent(
  event: OdinEvent,
  command = 'run',
  annotated: ReadonlySet<string> = new Set(),
): string | undefined {
  switch (event.type) {
    case 'step.fail':
      return formatAnnotation('error', withHint(event.error.message, event.error.hint), {
        title: `odin: ${event.title} failed (${event.error.code})`,
      });
    case 'log':
      if (event.level === 'warn') return formatAnnotation('warning', event.message, { title: 'odin' });
      if (event.level === 'error') return formatAnnotation('error', event.message, { title: 'odin' });
      return undefined;
    case 'run.end':
      if (event.outcome === 'succeeded') return undefined;
      return formatAnnotation('error', endMessage(event, annotated), {
        title: `odin ${command} ${describeOutcome(event.outcome)} (exit ${event.exitCode})`,
      });
    default:
      return undefined;
  }
}

function endMessage(event: RunEndEvent, annotated: ReadonlySet<string>): string {
  const error = event.error;
  return error && !annotated.has(error.message) ? withHint(error.message, error.hint) : event.summary;
}

/**
 * An EventSink that writes GitHub Actions annotations for failures and warnings to `stream`
 * (the runner reads workflow commands from stdout or stderr). Identical lines are written once:
 * a failure reported by nested steps would otherwise be annotated once per level.
 */
export function githubAnnotationSink(stream: TextStream, options: { command?: string } = {}): EventSink {
  const written = new Set<string>();
  const failedSteps = new Set<string>();
  let command = options.command ?? 'run';
  return (event) => {
    if (event.type === 'run.start') command = event.command;
    const line = annotationForEvent(event, command, failedSteps);
    if (event.type === 'step.fail') failedSteps.add(event.error.message);
    if (line === undefined || written.has(line)) return;
    written.add(line);
    try {
      stream.write(line);
    } catch {
      // A sink must never throw: losing an annotation is better than failing the deploy.
    }
  };
}
