import { isAbsolute, relative } from 'node:path';

import { Errors } from '@oclif/core';

import {
  InvalidFlagError,
  ManifestError,
  OdinError,
  toOdinError,
  type ManifestIssue,
} from '../lib/errors/index.js';

/** How an error is written: colour only on a terminal that accepts it, stack only on request. */
export interface ErrorTextOptions {
  color?: boolean;
  stack?: boolean;
}

const PARSE_HELP_SUFFIX = /\n+See more help with --help\s*$/;

/**
 * Turns anything thrown while running a command into an OdinError. oclif's own parse errors
 * (unknown flag, bad option value, missing argument) are invalid input, exit code 2, not bugs.
 */
export function classifyError(error: unknown, commandId?: string): OdinError {
  if (error instanceof OdinError) return error;
  if (isParseError(error)) {
    const helpCommand = commandId ? `odin ${commandId.replaceAll(':', ' ')} --help` : 'odin --help';
    return new InvalidFlagError(error.message.replace(PARSE_HELP_SUFFIX, ''), {
      hint: `Run \`${helpCommand}\` to see the accepted flags and arguments.`,
      cause: error,
    });
  }
  return toOdinError(error);
}

/** The error as printed on stderr: `Error: ...`, manifest issues one per line, then `Hint: ...`. */
export function formatErrorText(error: OdinError, options: ErrorTextOptions = {}): string {
  const paint = painter(options.color ?? false);
  const lines = [`${paint('31;1', 'Error:')} ${error.message}`];
  if (error instanceof ManifestError) {
    for (const issue of error.issues) lines.push(...issueLines(issue, error.message, paint));
  }
  if (error.hint) lines.push(`${paint('33;1', 'Hint:')} ${error.hint}`);
  if (options.stack) lines.push(stackOf(error));
  return lines.join('\n') + '\n';
}

/** The `--json` form of a failure: `{"error": {code, message, hint, exitCode, details?}}`. */
export function formatErrorJson(error: OdinError): string {
  return JSON.stringify({ error: error.toJSON() }, null, 2) + '\n';
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
