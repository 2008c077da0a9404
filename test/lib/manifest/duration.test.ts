import { describe, expect, it } from 'vitest';
import { InvalidFlagError } from '../../../src/lib/errors/index.js';
import {
  DURATION_PATTERN,
  formatDuration,
  parseDuration,
  tryParseDuration,
} from '../../../src/lib/manifest/duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['2m 30s', 150_000],
    ['1.5s', 1_500],
    ['0s', 0],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('rejects a bare number with a hint to add a unit', () => {
    expect(tryParseDuration('90')).toEqual({
      ok: false,
      message: '90 has no unit',
      hint: expect.stringContaining('write 90s, not 90'),
    });
    expect(tryParseDuration(90)).toMatchObject({ ok: false, hint: expect.stringContaining('write 90s') });
  });

  it.each(['10 minutes', '30m1h', '1m1m', '', 'm', '-5s', '5S'])('rejects "%s"', (text) => {
    expect(tryParseDuration(text).ok).toBe(false);
  });

  it('throws an InvalidFlagError (exit 2) for flag values that are not durations', () => {
    expect(() => parseDuration('soon')).toThrow(InvalidFlagError);
  });
});

describe('formatDuration', () => {
  it.each([
    [150_000, '2m 30s'],
    [500, '500ms'],
    [5_400_000, '1h 30m'],
    [0, '0s'],
    [90_061_001, '1d 1h 1m 1s 1ms'],
    [-1_000, '-1s'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips through parseDuration', () => {
    for (const ms of [1, 999, 61_000, 3_723_000, 86_400_000])
      expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});

describe('DURATION_PATTERN', () => {
  it.each([
    '90s',
    '1h30m',
    '500ms',
    '2m 30s',
    ' 1.5h ',
    '2s500ms',
    '30m1h',
    '1m1m',
    '90',
    '',
    'm',
    '5m s',
    '500ms2s',
  ])('agrees with the parser on %j, so the JSON Schema accepts the durations odin accepts', (text) => {
    expect(new RegExp(DURATION_PATTERN, 'u').test(text)).toBe(tryParseDuration(text).ok);
  });
});
