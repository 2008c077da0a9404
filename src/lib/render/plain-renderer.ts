import type { OdinEvent, RunEndEvent, StepProgressEvent } from '../events/event.js';
import { formatClockTime, formatElapsed } from './format-elapsed.js';
import { lineRenderer } from './queue-while-paused.js';
import type { OutputStream, Renderer } from './renderer.js';
import { ASCII_SYMBOLS, UNICODE_SYMBOLS } from './symbols.js';

/** Options of the line renderer used in CI, in pipes and with NO_COLOR. */
export interface PlainRendererOptions {
  stream: OutputStream;
  ascii?: boolean;
  color?: boolean;
  /** Timestamps in UTC instead of local time (tests, CI logs that compare across runners). */
  utc?: boolean;
  /** Also draw debug-level log events. */
  debug?: boolean;
  /** Least event time between two progress lines of one step; the default is 10 s. */
  progressIntervalMs?: number;
}

interface StepState {
  title: string;
  startedAt: number;
  lastLineAt: number;
}

const DEFAULT_PROGRESS_INTERVAL_MS = 10_000;

/**
 * One timestamped line per event. Progress is throttled per step to one line every 10 s of
 * event time: enough of a heartbeat that a CI log never looks hung, few enough lines to read.
 */
export function createPlainRenderer(options: PlainRendererOptions): Renderer {
  const symbols = options.ascii ? ASCII_SYMBOLS : UNICODE_SYMBOLS;
  const paint = (code: string, text: string): string =>
    options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  const interval = options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  const steps = new Map<string, StepState>();

  const line = (at: number, text: string): void => {
    options.stream.write(`${paint('2', formatClockTime(at, options.utc))}  ${text}\n`);
  };

  return lineRenderer((event) => {
    const text = describe(event);
    if (text !== undefined) line(event.at, text);
  });

  function describe(event: OdinEvent): string | undefined {
    switch (event.type) {
      case 'run.start':
        return `${paint('1', symbols.run)} odin ${[event.command, event.service, event.environment].filter(Boolean).join(' ')}`;
      case 'step.start':
        steps.set(event.step, { title: event.title, startedAt: event.at, lastLineAt: event.at });
        return `${paint('36', symbols.start)} ${event.title}`;
      case 'step.progress':
        return describeProgress(event);
      case 'step.done':
        steps.delete(event.step);
        return `${paint('32', symbols.done)} ${event.title} ${paint('2', `(${formatElapsed(event.durationMs)})`)}`;
      case 'step.skip':
        steps.delete(event.step);
        return `${paint('33', symbols.skip)} ${event.title} ${paint('2', `(skipped: ${event.reason})`)}`;
      case 'step.fail':
        steps.delete(event.step);
        return `${paint('31', symbols.fail)} ${event.title} failed: ${event.error.message}`;
      case 'log':
        if (event.level === 'debug' && !options.debug) return undefined;
        return `${logMark(event.level)} ${event.message}`;
      case 'run.end':
        return describeEnd(event);
    }
  }

  function describeProgress(event: StepProgressEvent): string | undefined {
    const state = steps.get(event.step);
    if (state && event.at - state.lastLineAt < interval) return undefined;
    if (state) state.lastLineAt = event.at;
    const title = state ? `${state.title} ${symbols.dash} ` : '';
    const elapsed = state ? ` ${paint('2', `(${formatElapsed(event.at - state.startedAt)})`)}` : '';
    return `${paint('2', symbols.progress)} ${title}${event.detail}${elapsed}`;
  }

  function describeEnd(event: RunEndEvent): string {
    const ok = event.exitCode === 0;
    const mark = ok ? paint('32;1', symbols.done) : paint('31;1', symbols.fail);
    const exit = ok ? '' : ` (exit ${event.exitCode})`;
    return `${mark} ${event.summary} in ${formatElapsed(event.durationMs)}${exit}`;
  }

  function logMark(level: 'debug' | 'info' | 'warn' | 'error'): string {
    if (level === 'warn') return paint('33', symbols.warn);
    if (level === 'error') return paint('31', symbols.error);
    if (level === 'debug') return paint('2', symbols.debug);
    return paint('34', symbols.info);
  }
}
