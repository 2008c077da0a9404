import { Errors } from '@oclif/core';

import { InvalidFlagError, ManifestError, OdinError, toOdinError } from '../lib/errors/index.js';

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
    for (const issue of error.issues) {
      const location = `${issue.file}:${issue.line}:${issue.column}`;
      lines.push(`${location}  ${issue.path || '(document)'}  ${issue.message}`);
      if (issue.hint) lines.push(`  ${paint('2', 'hint:')} ${issue.hint}`);
    }
  }
  if (error.hint) lines.push(`${paint('33;1', 'Hint:')} ${error.hint}`);
  if (options.stack) lines.push(stackOf(error));
  return lines.join('\n') + '\n';
}

/** The `--json` form of a failure: `{"error": {code, message, hint, exitCode, details?}}`. */
export function formatErrorJson(error: OdinError): string {
  return JSON.stringify({ error: error.toJSON() }, null, 2) + '\n';
}

function isParseError(error: unknown): error is Errors.CLIError {
  return error instanceof Errors.CLIError && 'parse' in error;
}

function stackOf(error: OdinError): string {
  const cause = error.cause instanceof Error ? error.cause : error;
  return cause.stack ?? String(cause);
}

function painter(enabled: boolean): (code: string, text: string) => string {
  return (code, text) => (enabled ? `\u001b[${code}m${text}\u001b[0m` : text);
}
