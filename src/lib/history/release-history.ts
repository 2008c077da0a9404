import { listReleases, type ReleaseRecord } from '../state/history.js';
import { formatSpan } from '../state/lease-holder.js';
import type { StateContext } from '../state/state-context.js';
import { formatUtc } from '../status/format-status.js';

/** One row of `odin history`: the facts people ask about a release, and the `--json` shape. */
export interface HistoryEntry {
  id: string;
  kind: ReleaseRecord['kind'];
  /** For a rollback: the release it put back. */
  rolledBackTo?: string;
  image: { id: string; name?: string };
  /** Who: the caller's ARN. */
  author: string;
  /** When it started (epoch ms). */
  startedAt: number;
  message?: string;
  outcome: ReleaseRecord['outcome'];
  durationMs?: number;
  groupName: string;
  ciRunUrl?: string;
}

/** The default number of releases `odin history` lists. */
export const DEFAULT_HISTORY_LIMIT = 20;

/** The newest `limit` releases of a service environment, newest first. */
export async function queryHistory(
  ctx: StateContext,
  options: { limit?: number } = {},
): Promise<HistoryEntry[]> {
  const records = await listReleases(ctx, { limit: options.limit ?? DEFAULT_HISTORY_LIMIT });
  return records.map(toEntry);
}

/** The history row of a release record (the manifest and AWS call counts stay in the record). */
export function toEntry(record: ReleaseRecord): HistoryEntry {
  return {
    id: record.id,
    kind: record.kind,
    ...(record.rolledBackTo ? { rolledBackTo: record.rolledBackTo } : {}),
    image: record.image,
    author: record.author,
    startedAt: record.startedAt,
    ...(record.message ? { message: record.message } : {}),
    outcome: record.outcome,
    ...(record.durationMs !== undefined ? { durationMs: record.durationMs } : {}),
    groupName: record.groupName,
    ...(record.ciRunUrl ? { ciRunUrl: record.ciRunUrl } : {}),
  };
}

/** The history as an aligned table for people, one release per line, newest first. */
export function formatHistory(entries: HistoryEntry[]): string[] {
  if (entries.length === 0) return ['No releases recorded yet.'];
  const rows = entries.map((e) => [
    e.id,
    e.outcome,
    e.kind === 'rollback' ? `rollback to ${e.rolledBackTo ?? '?'}` : 'deploy',
    e.image.name ?? e.image.id,
    formatUtc(e.startedAt).replace(' UTC', ''),
    e.durationMs !== undefined ? formatSpan(e.durationMs) : '-',
    shortAuthor(e.author),
    e.message ?? '',
  ]);
  const header = ['RELEASE', 'OUTCOME', 'KIND', 'IMAGE', 'STARTED (UTC)', 'TOOK', 'BY', 'MESSAGE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [header, ...rows].map((cells) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** `arn:aws:iam::1234:user/alice` → `user/alice`; an assumed role keeps its session name. */
export function shortAuthor(arn: string): string {
  const resource = /^arn:aws[\w-]*:(?:iam|sts)::\d+:(.+)$/.exec(arn)?.[1];
  if (!resource) return arn;
  const assumed = /^assumed-role\/([^/]+)\/(.+)$/.exec(resource);
  return assumed ? `${assumed[1]}/${assumed[2]}` : resource;
}
