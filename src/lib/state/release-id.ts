import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock/clock.js';
import { InvalidFlagError } from '../errors/errors.js';

/** Release ids odin generates: `r<yyyymmdd>-<hhmmss>-<4 hex>`, so sorting them sorts by time (UTC). */
export const GENERATED_RELEASE_ID = /^r\d{8}-\d{6}-[0-9a-f]{4}$/;

// Release ids end up in ASG names (`<service>-<env>-<id>`, at most 255 characters), tag values,
// S3 keys and launch template descriptions: this charset is safe in all of them, and the first
// character rules out ids like `-x` or `.` that read as flags or paths.
const RELEASE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A new, time-sortable release id such as `r20261203-192455-a1b2`. */
export function newReleaseId(
  clock: Clock,
  random: () => string = () => randomBytes(2).toString('hex'),
): string {
  const iso = new Date(clock.now()).toISOString(); // 2026-12-03T19:24:55.123Z
  const date = iso.slice(0, 10).replaceAll('-', '');
  const time = iso.slice(11, 19).replaceAll(':', '');
  return `r${date}-${time}-${random()}`;
}

/** True for an id odin generated (and which therefore sorts by time). */
export function isGeneratedReleaseId(id: string): boolean {
  return GENERATED_RELEASE_ID.test(id);
}

/** Checks a user-given `--release` id; returns it unchanged or throws InvalidFlagError (exit 2). */
export function validateReleaseId(id: string, flag = '--release'): string {
  if (RELEASE_ID.test(id)) return id;
  const why =
    id.length === 0
      ? 'is empty'
      : id.length > 64
        ? `is ${id.length} characters long (at most 64)`
        : 'has characters odin cannot use';
  throw new InvalidFlagError(`${flag} \`${id}\` ${why}`, {
    hint: 'Use 1-64 letters, digits, `.`, `_` or `-`, starting with a letter or digit (e.g. `v1.4.2`), or omit it to get a generated id.',
  });
}
