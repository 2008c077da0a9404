import { InvalidFlagError } from '../errors/index.js';

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof UNIT_MS;
const UNIT_ORDER: readonly Unit[] = ['d', 'h', 'm', 's', 'ms'];

const PART_PATTERN = (unit: string) => `(\\d+(\\.\\d+)?\\s*${unit}\\s*)?`;

/** What a duration string must match, units largest first and each once (published in the JSON Schema). */
export const DURATION_PATTERN = `^\\s*(?=\\d)${['d', 'h', 'm', 's', 'ms'].map(PART_PATTERN).join('')}$`;

const PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/y;

/** The outcome of reading a duration: milliseconds, or what is wrong and how to write it. */
export type DurationResult = { ok: true; ms: number } | { ok: false; message: string; hint: string };

/** Reads `90s`, `10m`, `1h30m`, `500ms`, `2d` (or `2m 30s`) into milliseconds without throwing. */
export function tryParseDuration(input: string | number): DurationResult {
  if (typeof input === 'number' || /^\s*\d+(\.\d+)?\s*$/.test(input)) {
    const n = String(input).trim();
    return { ok: false, message: `${n} has no unit`, hint: `write ${n}s, not ${n} (units: ms, s, m, h, d)` };
  }
  const text = input.trim();
  let total = 0;
  let position = 0;
  let lastRank = -1;
  while (position < text.length) {
    PART.lastIndex = position;
    const match = PART.exec(text);
    if (!match) return invalid(input);
    const unit = match[2] as Unit;
    const rank = UNIT_ORDER.indexOf(unit);
    // "30m1h" or "1m1m" is almost certainly a typo; refuse rather than guess.
    if (rank <= lastRank) return invalid(input);
    lastRank = rank;
    total += Number(match[1]) * UNIT_MS[unit];
    position = PART.lastIndex;
    while (text[position] === ' ') position++;
  }
  if (text.length === 0) return invalid(input);
  return { ok: true, ms: Math.round(total) };
}

function invalid(input: string): DurationResult {
  return {
    ok: false,
    message: `"${input}" is not a duration`,
    hint: 'write a number and a unit, largest unit first: 500ms, 90s, 10m, 1h30m, 2d',
  };
}

/** Reads a duration such as `1h30m` into milliseconds; throws InvalidFlagError when it is not one. */
export function parseDuration(input: string): number {
  const result = tryParseDuration(input);
  if (!result.ok) throw new InvalidFlagError(result.message, { hint: result.hint });
  return result.ms;
}

/** Formats milliseconds for people: `2m 30s`, `1h 30m`, `500ms`, `0s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? '-' : '';
  let rest = Math.round(Math.abs(ms));
  if (rest === 0) return '0s';
  const parts: string[] = [];
  for (const unit of UNIT_ORDER) {
    const count = Math.floor(rest / UNIT_MS[unit]);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * UNIT_MS[unit];
  }
  return sign + parts.join(' ');
}
