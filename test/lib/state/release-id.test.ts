import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/lib/clock/virtual-clock.js';
import { InvalidFlagError } from '../../../src/lib/errors/errors.js';
import { isGeneratedReleaseId, newReleaseId, validateReleaseId } from '../../../src/lib/state/release-id.js';

describe('newReleaseId', () => {
  it('encodes the clock time in UTC so ids sort by time', () => {
    const clock = new VirtualClock(Date.UTC(2026, 11, 3, 19, 24, 55));
    expect(newReleaseId(clock, () => 'a1b2')).toBe('r20261203-192455-a1b2');
  });

  it('sorts later releases after earlier ones, whatever the random suffix', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 9, 23, 59, 59));
    const first = newReleaseId(clock, () => 'ffff');
    await clock.advance(1000);
    const second = newReleaseId(clock, () => '0000');
    expect([second, first].sort()).toEqual([first, second]);
  });

  it('produces ids that pass validation and are recognised as generated', () => {
    const id = newReleaseId(new VirtualClock());
    expect(validateReleaseId(id)).toBe(id);
    expect(isGeneratedReleaseId(id)).toBe(true);
  });
});

describe('validateReleaseId', () => {
  it.each(['v1.4.2', 'build_2026-01-01', 'R7', 'a'])('accepts %s', (id) => {
    expect(validateReleaseId(id)).toBe(id);
  });

  it.each(['', '-rf', '.hidden', 'a/b', '../lease', 'with space', 'é', 'x'.repeat(65)])(
    'rejects %j',
    (id) => {
      expect(() => validateReleaseId(id)).toThrow(InvalidFlagError);
    },
  );

  it('names the flag and explains the allowed characters', () => {
    const error = (() => {
      try {
        validateReleaseId('a/b');
      } catch (e) {
        return e as InvalidFlagError;
      }
      throw new Error('expected a throw');
    })();
    expect(error.message).toContain('--release `a/b`');
    expect(error.hint).toMatch(/letters, digits/);
    expect(error.exitCode).toBe(2);
  });

  it('does not treat a hand-chosen id as generated', () => {
    expect(isGeneratedReleaseId('v1.4.2')).toBe(false);
  });
});
