import { validationError } from '../aws-fault.js';
import type { Tagged } from '../types.js';

/** A model handler: takes the SDK command's input, returns its output (without `$metadata`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler narrows it to its SDK input type
export type Handler = (world: import('../world.js').World, input: any) => object | Promise<object>;

/** Tags as EC2 and ELBv2 write them. */
export function tagList(tags: Tagged): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** `[{Key, Value}]` to a plain record. */
export function tagRecord(tags: Array<{ Key?: string; Value?: string }> | undefined): Tagged {
  const out: Tagged = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) out[tag.Key] = tag.Value ?? '';
  return out;
}

/** Matches an AWS filter value with `*` and `?` wildcards. */
export function wildcard(pattern: string, value: string): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`).test(value);
}

/** An EC2-style filter list: every filter must match (any of its values). */
export type Filter = { Name?: string; Values?: string[] };

/** Whether a resource passes every filter, given how to read a named field or tag. */
export function passesFilters(
  filters: Filter[] | undefined,
  read: (name: string) => string | string[] | undefined,
): boolean {
  for (const filter of filters ?? []) {
    if (!filter.Name) continue;
    const raw = read(filter.Name);
    const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    if (!(filter.Values ?? []).some((pattern) => values.some((v) => wildcard(pattern, v)))) return false;
  }
  return true;
}

/** Reads `tag:Key` and `tag-key` filters against a tag record, else undefined. */
export function readTagFilter(name: string, tags: Tagged): string | string[] | undefined {
  if (name.startsWith('tag:')) return tags[name.slice(4)];
  if (name === 'tag-key') return Object.keys(tags);
  if (name === 'tag-value') return Object.values(tags);
  return undefined;
}

/** Pages a list with an opaque token (the offset), as AWS's NextToken/Marker work. */
export function page<T>(items: T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  let start = 0;
  if (token) {
    const decoded = Number(
      Buffer.from(token, 'base64')
        .toString('utf8')
        .replace(/^odin:/, ''),
    );
    if (!Number.isInteger(decoded) || decoded < 0) throw validationError('The pagination token is invalid.');
    start = decoded;
  }
  const slice = items.slice(start, start + size);
  const end = start + slice.length;
  return {
    items: slice,
    next: end < items.length ? Buffer.from(`odin:${end}`).toString('base64') : undefined,
  };
}

/** A Date for an SDK output, from epoch milliseconds. */
export function date(ms: number): Date {
  return new Date(ms);
}

/** A deep copy for returning stored SDK-shaped data without sharing it. */
export function copy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
