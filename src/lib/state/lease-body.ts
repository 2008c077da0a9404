import type { LeaseHolder, LeaseTerms } from './lease-holder.js';

/** Bumped only if the stored shape changes incompatibly; older odin versions then see an unreadable lease. */
const LEASE_FORMAT = 1;

interface StoredLease {
  format: number;
  token: string;
  holder: LeaseHolder;
  acquiredAt: string;
  renewedAt: string;
  expiresAt: string;
  ttlMs: number;
}

/** The JSON written to S3: times as ISO strings so a person reading the object understands it. */
export function serialiseLease(terms: LeaseTerms): string {
  const stored: StoredLease = {
    format: LEASE_FORMAT,
    token: terms.token,
    holder: terms.holder,
    acquiredAt: new Date(terms.acquiredAt).toISOString(),
    renewedAt: new Date(terms.renewedAt).toISOString(),
    expiresAt: new Date(terms.expiresAt).toISOString(),
    ttlMs: terms.ttlMs,
  };
  return `${JSON.stringify(stored, null, 2)}\n`;
}

/** Reads a stored lease back; undefined when the object is not a lease odin can understand. */
export function parseLease(body: string): LeaseTerms | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isRecord(raw) || raw.format !== LEASE_FORMAT || !isRecord(raw.holder)) return undefined;
  const holder = parseHolder(raw.holder);
  const acquiredAt = parseTime(raw.acquiredAt);
  const renewedAt = parseTime(raw.renewedAt);
  const expiresAt = parseTime(raw.expiresAt);
  if (!holder || acquiredAt === undefined || renewedAt === undefined || expiresAt === undefined)
    return undefined;
  if (typeof raw.token !== 'string' || typeof raw.ttlMs !== 'number') return undefined;
  return { holder, token: raw.token, acquiredAt, renewedAt, expiresAt, ttlMs: raw.ttlMs };
}

function parseHolder(raw: Record<string, unknown>): LeaseHolder | undefined {
  const { arn, host, pid, command } = raw;
  if (typeof arn !== 'string' || typeof host !== 'string' || typeof command !== 'string') return undefined;
  if (typeof pid !== 'number') return undefined;
  return {
    arn,
    host,
    pid,
    command,
    ...optionalString(raw, 'ciRunUrl'),
    ...optionalString(raw, 'releaseId'),
    ...optionalString(raw, 'message'),
  };
}

function optionalString<K extends string>(raw: Record<string, unknown>, key: K): Partial<Record<K, string>> {
  const value = raw[key];
  return typeof value === 'string' ? ({ [key]: value } as Record<K, string>) : {};
}

function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
