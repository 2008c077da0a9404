import { hostname } from 'node:os';
import { detectCi } from '../ci/detect-ci.js';
import { formatDuration } from '../manifest/duration.js';

/** Who holds a lease: enough for a colleague to find the process, or the CI job, and ask. */
export interface LeaseHolder {
  /** The caller's ARN, as STS reports it. */
  arn: string;
  host: string;
  pid: number;
  /** The odin command holding the lease, e.g. `odin deploy`. */
  command: string;
  ciRunUrl?: string;
  releaseId?: string;
  message?: string;
}

/** A lease as stored: its holder and its times (epoch milliseconds). */
export interface LeaseTerms {
  holder: LeaseHolder;
  /** Random per acquisition: tells two acquisitions by the same holder apart. */
  token: string;
  acquiredAt: number;
  renewedAt: number;
  expiresAt: number;
  ttlMs: number;
}

/** What the acquirer says about itself; host, pid and CI run are filled in from the process. */
export interface LeaseRequest {
  /** The command that needs the lease, e.g. `odin deploy`. */
  command: string;
  /** The caller's ARN; looked up with STS GetCallerIdentity when omitted. */
  callerArn?: string;
  releaseId?: string;
  message?: string;
  ttlMs?: number;
  /** Where CI variables are read from (default process.env). */
  env?: Record<string, string | undefined>;
  host?: string;
  pid?: number;
}

/** The holder recorded for `request` made by the caller `arn`, from this process and its CI. */
export function holderOf(request: LeaseRequest, arn: string): LeaseHolder {
  const holder: LeaseHolder = {
    arn,
    host: request.host ?? hostname(),
    pid: request.pid ?? process.pid,
    command: request.command,
  };
  const runUrl = ciRunUrl(request.env ?? process.env);
  if (runUrl) holder.ciRunUrl = runUrl;
  if (request.releaseId) holder.releaseId = request.releaseId;
  if (request.message) holder.message = request.message;
  return holder;
}

type Env = Record<string, string | undefined>;

/** The URL of the CI run this process belongs to; undefined outside CI or when the CI gives none. */
export function ciRunUrl(env: Env): string | undefined {
  // `CI_RUN_URL` lets any other CI system name its run.
  return detectCi(env).runUrl ?? (env.CI_RUN_URL || undefined);
}

/** One line naming the holder, e.g. "arn:...:user/alice on host ci-7 (pid 42) running `odin deploy`". */
export function describeHolder(holder: LeaseHolder): string {
  const parts = [`${holder.arn} on host ${holder.host} (pid ${holder.pid}) running \`${holder.command}\``];
  if (holder.releaseId) parts.push(`for release ${holder.releaseId}`);
  if (holder.message) parts.push(`("${holder.message}")`);
  return parts.join(' ');
}

/** Who, since when, for how long, and where: the full story of a lease at time `now`. */
export function describeLease(terms: LeaseTerms, now: number): string {
  const since = `since ${new Date(terms.acquiredAt).toISOString()} (${formatSpan(now - terms.acquiredAt)} ago)`;
  const remaining = terms.expiresAt - now;
  const expiry =
    remaining > 0 ? `expires in ${formatSpan(remaining)}` : `expired ${formatSpan(-remaining)} ago`;
  const ci = terms.holder.ciRunUrl ? `; CI run ${terms.holder.ciRunUrl}` : '';
  return `${describeHolder(terms.holder)}, ${since}, ${expiry}${ci}`;
}

/** A span of time to the second, the way people say it: "45s", "2m 30s", "1h 5m". */
export function formatSpan(ms: number): string {
  // Sub-second precision means nothing for a lease that lives for minutes.
  return formatDuration(Math.max(0, Math.round(ms / 1000)) * 1000);
}
