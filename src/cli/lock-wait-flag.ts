import { Flags } from '@oclif/core';
import { InvalidFlagError } from '../lib/errors/errors.js';
import { toOdinError } from '../lib/errors/odin-error.js';
import { parseDuration } from '../lib/manifest/duration.js';

/** `--lock-wait`, for every command that takes the deploy lease. */
export const lockWaitFlag = Flags.string({
  summary: 'How long to wait for a held lease, e.g. 10m (default: fail at once).',
});

/** The `--lock-wait` value in milliseconds; 0 (fail at once) when it was not given. */
export function parseLockWait(value: string | undefined): number {
  if (!value) return 0;
  try {
    return parseDuration(value);
  } catch (error) {
    const odin = toOdinError(error);
    throw new InvalidFlagError(`--lock-wait: ${odin.message}`, { hint: odin.hint });
  }
}
