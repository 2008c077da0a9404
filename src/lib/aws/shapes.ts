import type { Tags } from './types.js';

/** Epoch milliseconds from an SDK Date (or ISO string, as EC2 returns some times). */
export function toEpochMs(value: Date | string | undefined): number {
  if (value === undefined) return 0;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? 0 : ms;
}

/** AWS tag lists (`[{Key, Value}]`) as a record. */
export function tagsToRecord(tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): Tags {
  const record: Tags = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) record[tag.Key] = tag.Value ?? '';
  return record;
}

/** A tag record as the `[{Key, Value}]` list AWS wants. */
export function recordToTags(tags: Tags): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
