import { InvalidFlagError, RefusedError } from '../errors/errors.js';
import type { CapacityValues } from '../journal/journal-record.js';

/** The values a user asked for; omitted ones keep the fleet's current value. */
export interface CapacityRequest {
  desired?: number;
  min?: number;
  max?: number;
}

/**
 * Refuses, before any AWS call, what the flags alone get wrong: no change asked for, a value that
 * is not a whole number, or bounds that contradict each other among the values given
 * (InvalidFlagError, exit 2).
 */
export function checkAskedCapacity(asked: CapacityRequest, options: { policies?: boolean } = {}): void {
  const { desired, min, max } = asked;
  if (desired === undefined && min === undefined && max === undefined && !options.policies)
    throw new InvalidFlagError('Nothing to change', {
      hint: 'Pass --desired, --min, --max and/or --policies.',
    });
  assertWholeNumbers(asked);
  assertBounds(asked, (key) => `--${key} ${asked[key]}`);
}

/**
 * The fleet's new capacity: asked-for values over the current ones, checked against each other
 * (InvalidFlagError, exit 2) so that AWS never sees a request it would reject halfway.
 */
export function targetCapacity(current: CapacityValues, asked: CapacityRequest): CapacityValues {
  assertWholeNumbers(asked);
  const next = {
    min: asked.min ?? current.min,
    max: asked.max ?? current.max,
    desired: asked.desired ?? current.desired,
  };
  assertBounds(next, (key) =>
    asked[key] === undefined ? `current ${key} ${next[key]}` : `--${key} ${next[key]}`,
  );
  return next;
}

/** True when `next` is exactly the fleet's current capacity. */
export function sameCapacity(current: CapacityValues, next: CapacityValues): boolean {
  return current.min === next.min && current.max === next.max && current.desired === next.desired;
}

function assertWholeNumbers(asked: CapacityRequest): void {
  for (const [flag, value] of Object.entries(asked)) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0))
      throw new InvalidFlagError(`--${flag} ${value} must be a whole number of at least 0`);
  }
}

/** min ≤ desired ≤ max and max ≥ 1, among the values present; `source` names where a value came from. */
function assertBounds(values: CapacityRequest, source: (key: keyof CapacityRequest) => string): void {
  const { min, max, desired } = values;
  if (max !== undefined && max < 1) throw new InvalidFlagError(`${source('max')} must be at least 1`);
  if (min !== undefined && max !== undefined && min > max)
    throw new InvalidFlagError(`${source('min')} is above ${source('max')}`, {
      hint: 'Keep min ≤ desired ≤ max.',
    });
  if (desired === undefined) return;
  const below = min !== undefined && desired < min;
  const above = max !== undefined && desired > max;
  if (!below && !above) return;
  const range =
    min !== undefined && max !== undefined
      ? `outside ${source('min')} .. ${source('max')}`
      : below
        ? `below ${source('min')}`
        : `above ${source('max')}`;
  throw new InvalidFlagError(`${source('desired')} is ${range}`, {
    hint: 'Keep min ≤ desired ≤ max; pass the values you want to change together, e.g. --desired 2 --min 2.',
  });
}

/** Refuses a capacity that would let healthy serving capacity fall below the floor (invariant 2). */
export function assertAboveFloor(next: CapacityValues, floor: number): void {
  if (next.desired < floor || next.min < floor) {
    const which = next.desired < floor ? `desired ${next.desired}` : `min ${next.min}`;
    throw new RefusedError(
      `Scaling to ${which} would let healthy serving capacity fall below the floor of ${floor}`,
      {
        hint: 'Lower health.floor in the manifest first if fewer instances are really enough.',
        details: { floor },
      },
    );
  }
}

/**
 * The desired values to go through. Scaling out is one step; scaling in removes at most
 * `removable` instances per step (healthy ones beyond the floor), so that even if every instance
 * taken out was a healthy one, the floor still serves while they drain.
 */
export function scaleSteps(from: number, to: number, removable: number): number[] {
  if (to >= from) return [to];
  if (removable < 1) {
    throw new RefusedError(`Only the floor is healthy now, so no instance can be taken out safely`, {
      hint: 'Wait until the fleet is healthy (`odin status`), then scale in.',
    });
  }
  const steps: number[] = [];
  for (let at = from; at > to;) {
    at = Math.max(to, at - removable);
    steps.push(at);
  }
  return steps;
}
