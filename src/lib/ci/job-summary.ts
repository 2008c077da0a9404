import { appendFile } from 'node:fs/promises';
import type { RunOutcome } from '../events/event.js';

/** How a command ended: a run's outcome, or `invalid` for input rejected before anything ran. */
export type SummaryOutcome = RunOutcome | 'invalid';

/** What a job summary reports about one odin run, or about a command that failed before one. */
export interface JobSummary {
  /** The odin command, e.g. `deploy`. */
  command: string;
  /** Unknown when the command failed before reading the manifest. */
  service?: string;
  environment?: string;
  outcome: SummaryOutcome;
  durationMs: number;
  /** The run.end summary line, e.g. "Deployed checkout r42 to production". */
  summary?: string;
  release?: string;
  strategy?: string;
  awsCalls?: { calls: number; throttled: number; retried: number };
  /** Why it failed, when it did. */
  error?: { code: string; message: string; hint?: string };
}

const outcomeIcons: Record<SummaryOutcome, string> = {
  succeeded: '✅',
  failed: '❌',
  invalid: '⛔',
  'rolled-back': '↩️',
  'needs-attention': '⚠️',
  interrupted: '⏹️',
};

/** "4m 12s", "1h 3m", "850ms": the same shape odin prints elsewhere. */
export function formatElapsed(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  if (minutes > 0) return seconds > 0 ? `${minutes}m ${seconds}s` : `${minutes}m`;
  return `${seconds}s`;
}

/** Makes text safe inside a Markdown table cell (pipes and newlines would break the row). */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return text.includes('`') ? cell(text) : `\`${cell(text)}\``;
}

function rows(s: JobSummary): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  if (s.service) result.push(['Service', code(s.service)]);
  if (s.environment) result.push(['Environment', code(s.environment)]);
  if (s.release) result.push(['Release', code(s.release)]);
  if (s.strategy) result.push(['Strategy', cell(s.strategy)]);
  result.push(
    ['Outcome', `${outcomeIcons[s.outcome]} ${s.outcome}`],
    ['Duration', formatElapsed(s.durationMs)],
  );
  if (s.awsCalls) {
    const { calls, throttled, retried } = s.awsCalls;
    result.push(['AWS calls', `${calls} (${throttled} throttled, ${retried} retried)`]);
  }
  return result;
}

/** The Markdown block appended to the GitHub job summary for one run. */
export function formatJobSummary(s: JobSummary): string {
  const target = s.service ? `: ${s.service} / ${s.environment ?? ''}` : '';
  const lines = [`### ${outcomeIcons[s.outcome]} odin ${s.command}${target}`, ''];
  if (s.summary) lines.push(cell(s.summary), '');
  lines.push('| | |', '| --- | --- |', ...rows(s).map(([key, value]) => `| ${key} | ${value} |`), '');
  if (s.error) {
    lines.push(`**${cell(s.error.code)}**: ${cell(s.error.message)}`, '');
    if (s.error.hint) lines.push(`Next: ${cell(s.error.hint)}`, '');
  }
  return lines.join('\n') + '\n';
}

/**
 * Appends the run's summary to the file named by `GITHUB_STEP_SUMMARY` (pass `process.env`).
 * Returns the path written, or undefined outside GitHub Actions.
 */
export async function writeJobSummary(
  env: Readonly<Record<string, string | undefined>>,
  summary: JobSummary,
): Promise<string | undefined> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return undefined;
  await appendFile(file, formatJobSummary(summary), 'utf8');
  return file;
}
