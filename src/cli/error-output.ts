import { isAbsolute, relative } from 'node:path';

import { Errors } from '@oclif/core';

import {
  InvalidFlagError,
  ManifestError,
  OdinError,
  toOdinError,
  type ManifestIssue,
} from '../lib/errors/index.js';
import type { ErrorEvent } from '../lib/events/event.js';

/** How an error is written: colour only on a terminal that accepts it, stack only on request. */
export interface ErrorTextOptions {
  color?: boolean;
  stack?: boolean;
  /** The progress display already showed the message (a failed step) and the exit code (the run's end). */
  shown?: boolean;
}

const PARSE_HELP_SUFFIX = /\n+See more help with --help\s*$/;

// oclif rewrites the error a flag's own parser throws (e.g. Flags.integer's) to this shape, as a
// plain error without the `parse` marker its other parse errors carry.
const FLAG_VALUE_ERROR = /^Parsing --([\w-]+) *\n\t([\s\S]*?)(?:\n+See more help with --help\s*)?$/;

/** What the hint for a bad flag value needs to know about the flag's definition. */
export interface FlagShape {
  char?: string;
  options?: readonly string[];
  min?: number;
  max?: number;
}

/**
 * Turns anything thrown while running a command into an OdinError. oclif's own parse errors
 * (unknown flag, bad flag value, missing argument) are invalid input, exit code 2, not bugs.
 */
export function classifyError(
  error: unknown,
  commandId?: string,
  flags: Readonly<Record<string, FlagShape>> = {},
): OdinError {
  if (error instanceof OdinError) return error;
  const helpCommand = commandId ? `odin ${commandId.replaceAll(':', ' ')} --help` : 'odin --help';
  const flagValue = error instanceof Error ? FLAG_VALUE_ERROR.exec(error.message) : null;
  if (flagValue?.[1] && flagValue[2] !== undefined) {
    const [, name, problem] = flagValue;
    return new InvalidFlagError(`--${name}: ${lowerFirst(problem.trim())}`, {
      hint: `${flagNames(name, flags[name])} takes ${acceptedValues(flags[name], problem)}; see \`${helpCommand}\`.`,
      cause: error,
    });
  }
  if (isParseError(error)) {
    return new InvalidFlagError(error.message.replace(PARSE_HELP_SUFFIX, ''), {
      hint: `Run \`${helpCommand}\` to see the accepted flags and arguments.`,
      cause: error,
    });
  }
  return toOdinError(error);
}

function flagNames(name: string, flag: FlagShape | undefined): string {
  return flag?.char ? `--${name} (-${flag.char})` : `--${name}`;
}

/** "a whole number of 0 or more", "one of: a, b": read from the definition, not from oclif's wording. */
function acceptedValues(flag: FlagShape | undefined, problem: string): string {
  if (flag?.options) return `one of: ${flag.options.join(', ')}`;
  if (!/\binteger\b/.test(problem)) return 'another value';
  const { min, max } = flag ?? {};
  if (min !== undefined && max !== undefined) return `a whole number from ${min} to ${max}`;
  if (min !== undefined) return `a whole number of ${min} or more`;
  if (max !== undefined) return `a whole number of ${max} or less`;
  return 'a whole number';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * The error as printed on stderr: `Error: ...`, manifest issues one per line, then `Hint: ...`.
 * When the progress display has shown the message already, only what it did not show is left.
 */
export function formatErrorText(error: OdinError, options: ErrorTextOptions = {}): string {
  const paint = painter(options.color ?? false);
  const lines = options.shown ? [] : [`${paint('31;1', 'Error:')} ${shownMessage(error)}`];
  if (error instanceof ManifestError) {
    for (const issue of error.issues) lines.push(...issueLines(issue, error.message, paint));
  }
  if (error.hint) lines.push(`${paint('33;1', 'Hint:')} ${error.hint}`);
  if (options.stack) lines.push(stackOf(error));
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

/**
 * The `--json` form of a failure: `{"error": {code, message, hint, exitCode, details?}}`; `details`
 * adds facts the CLI knows beyond the error itself, such as the AWS calls made.
 */
export function formatErrorJson(error: OdinError, details: Record<string, unknown> = {}): string {
  const json = error.toJSON();
  const merged = { ...error.details, ...details };
  if (Object.keys(merged).length > 0) json['details'] = merged;
  return JSON.stringify({ error: json }, null, 2) + '\n';
}

/** The closing line of the `--log-format json` stream: one `{"type":"error",...}` object. */
export function formatErrorEvent(error: OdinError): string {
  const event: ErrorEvent = {
    type: 'error',
    code: error.code,
    message: error.message,
    ...(error.hint ? { hint: error.hint } : {}),
    exitCode: error.exitCode,
    ...(error instanceof ManifestError ? { issues: error.issues.map(issueJson) } : {}),
  };
  return JSON.stringify(event) + '\n';
}

/** An issue with a fixed key order, as stream consumers diff lines. */
function issueJson(issue: ManifestIssue): ManifestIssue {
  const { file, line, column, path, message, hint } = issue;
  return { file, line, column, path, message, ...(hint ? { hint } : {}) };
}

/** `file:line:col  path  message`, the shape editors and CI annotations jump to. */
function issueLines(issue: ManifestIssue, summary: string, paint: Paint): string[] {
  const file = displayPath(issue.file);
  // A file that cannot be read has no position; the summary line already says everything.
  if (issue.line <= 0 && !issue.path && summary.includes(issue.message)) return [];
  const location = issue.line > 0 ? `${file}:${issue.line}:${issue.column}` : file;
  const lines = [`${location}  ${issue.path || '(document)'}  ${issue.message}`];
  if (issue.hint) lines.push(`  ${paint('2', 'hint:')} ${issue.hint}`);
  return lines;
}

/** A manifest error names its file as the issue lines below it do. */
function shownMessage(error: OdinError): string {
  const file = error instanceof ManifestError ? error.issues[0]?.file : undefined;
  return file ? error.message.replace(file, displayPath(file)) : error.message;
}

/** Paths under the working directory are shown relative to it, as the user typed them. */
function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const shown = relative(process.cwd(), file);
  return shown.startsWith('..') || isAbsolute(shown) ? file : shown;
}

function isParseError(error: unknown): error is Errors.CLIError {
  return error instanceof Errors.CLIError && 'parse' in error;
}

function stackOf(error: OdinError): string {
  const cause = error.cause instanceof Error ? error.cause : error;
  return cause.stack ?? String(cause);
}

type Paint = (code: string, text: string) => string;

function painter(enabled: boolean): Paint {
  return (code, text) => (enabled ? `\u001b[${code}m${text}\u001b[0m` : text);
}
