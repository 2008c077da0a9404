import { describe, expect, it } from 'vitest';

import { formatClockTime, formatElapsed } from '../../../src/lib/render/format-elapsed.js';

describe('formatElapsed', () => {
  it('shows tenths of a second below ten seconds', () => {
    expect(formatElapsed(0)).toBe('0.0s');
    expect(formatElapsed(420)).toBe('0.4s');
    expect(formatElapsed(9_999)).toBe('9.9s');
  });

  it('shows whole seconds, then minutes and seconds, then hours and minutes', () => {
    expect(formatElapsed(42_900)).toBe('42s');
    expect(formatElapsed(252_000)).toBe('4m 12s');
    expect(formatElapsed(3_780_000)).toBe('1h 3m');
  });

  it('never shows a negative duration', () => {
    expect(formatElapsed(-5)).toBe('0.0s');
  });
});

describe('formatClockTime', () => {
  it('pads hours, minutes and seconds to two digits', () => {
    expect(formatClockTime(Date.UTC(2026, 0, 1, 7, 5, 9), true)).toBe('07:05:09');
  });
});
