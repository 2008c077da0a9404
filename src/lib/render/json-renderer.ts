import type { OdinEvent } from '../events/event.js';
import { lineRenderer } from './queue-while-paused.js';
import type { OutputStream, Renderer } from './renderer.js';

/**
 * Key order of the JSON event stream. Consumers diff and grep these lines, so the order is
 * fixed here rather than left to whichever order the emitting code built its object in.
 */
const FIELD_ORDER = [
  'type',
  'at',
  'command',
  'service',
  'environment',
  'step',
  'title',
  'level',
  'message',
  'detail',
  'reason',
  'error',
  'durationMs',
  'outcome',
  'summary',
  'exitCode',
  'data',
] as const;

const ERROR_FIELD_ORDER = ['code', 'message', 'hint'] as const;

/** One JSON object per line per event, for `--log-format json`. */
export function createJsonRenderer(stream: OutputStream): Renderer {
  return lineRenderer((event) => {
    stream.write(formatEventJson(event) + '\n');
  });
}

/** An event as one line of JSON with a stable key order; unknown keys follow, sorted. */
export function formatEventJson(event: OdinEvent): string {
  const record = event as unknown as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) {
    if (record[key] === undefined) continue;
    ordered[key] = key === 'error' ? orderError(record[key]) : record[key];
  }
  const known = new Set<string>(FIELD_ORDER);
  for (const key of Object.keys(record).sort()) {
    if (!known.has(key) && record[key] !== undefined) ordered[key] = record[key];
  }
  return JSON.stringify(ordered);
}

function orderError(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of ERROR_FIELD_ORDER) if (source[key] !== undefined) ordered[key] = source[key];
  for (const key of Object.keys(source).sort()) if (!(key in ordered)) ordered[key] = source[key];
  return ordered;
}
