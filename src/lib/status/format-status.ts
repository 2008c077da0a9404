import { formatSpan } from '../state/lease-holder.js';
import type { ServiceStatus, StandbyStatus, TargetGroupStatus } from './service-status.js';

/** An epoch-ms time as people in several time zones can share it: `2026-01-01 00:12:00 UTC`. */
export function formatUtc(at: number): string {
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The status of one service environment as aligned lines for a terminal or a CI log. */
export function formatStatus(status: ServiceStatus): string[] {
  const lines = [`${status.service} (${status.environment}) in ${status.region}, at ${formatUtc(status.at)}`];
  const row = (label: string, values: string[]): void => {
    values.forEach((value, i) => lines.push(`  ${(i === 0 ? label : '').padEnd(9)} ${value}`));
  };
  row('live', liveLines(status));
  row('targets', status.targetGroups.map(targetLine));
  row('traffic', [status.traffic ? status.traffic.summary : 'unknown']);
  row('standbys', status.standbys.length > 0 ? status.standbys.map(standbyLine) : ['none']);
  row('deploy', [deployLine(status)]);
  row('lease', [leaseLine(status)]);
  row('activity', status.activity.length > 0 ? status.activity.map(activityLine) : ['none recently']);
  for (const warning of status.warnings) lines.push(`  warning   ${warning}`);
  return lines;
}

function liveLines(status: ServiceStatus): string[] {
  const live = status.live;
  if (!live) return ['nothing is live'];
  const image = live.image ? ` (${live.image.name ? `${live.image.name}, ` : ''}${live.image.id})` : '';
  const age = live.ageMs !== undefined ? `, live for ${formatSpan(live.ageMs)}` : '';
  const by = live.author ? `, by ${live.author}` : '';
  const lines = [`${live.releaseId}${image}${age}${by}`];
  if (live.kind === 'rollback' && live.rolledBackTo) lines.push(`rollback to ${live.rolledBackTo}`);
  if (live.message) lines.push(`"${live.message}"`);
  const f = live.fleet;
  const states = Object.entries(f.instances)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  const unhealthy = f.unhealthyInstances > 0 ? `, ${f.unhealthyInstances} unhealthy` : '';
  lines.push(
    `fleet ${f.name}: min ${f.min}, desired ${f.desired}, max ${f.max}; ${states || 'no instances'}${unhealthy}`,
  );
  return lines;
}

function targetLine(tg: TargetGroupStatus): string {
  const extra = [
    tg.initial > 0 ? `${tg.initial} initial` : '',
    tg.draining > 0 ? `${tg.draining} draining` : '',
    tg.other > 0 ? `${tg.other} other` : '',
  ].filter(Boolean);
  const others = tg.otherFleets.healthy + tg.otherFleets.unhealthy;
  const of =
    others > 0
      ? `; other fleets: ${tg.otherFleets.healthy} healthy, ${tg.otherFleets.unhealthy} unhealthy`
      : '';
  return `${tg.name}: ${tg.healthy} healthy, ${tg.unhealthy} unhealthy${extra.length > 0 ? `, ${extra.join(', ')}` : ''} (live fleet: ${tg.live.healthy} healthy, ${tg.live.unhealthy} unhealthy${of})`;
}

function standbyLine(s: StandbyStatus): string {
  if (!s.warm) return `${s.name} cold (scaled to zero)`;
  const expiry =
    s.expiresAt !== undefined && s.expiresInMs !== undefined
      ? s.expiresInMs > 0
        ? `, warm until ${formatUtc(s.expiresAt)} (in ${formatSpan(s.expiresInMs)})`
        : `, warm window ended ${formatSpan(-s.expiresInMs)} ago`
      : '';
  return `${s.name} warm, ${s.running}/${s.desired} running${expiry}`;
}

function deployLine(status: ServiceStatus): string {
  const d = status.deploy;
  if (!d) return 'none in progress';
  const state = d.status === 'running' ? 'in progress' : 'needs attention (`odin recover`)';
  return `${d.kind} ${d.deployId} of ${d.releaseId} ${state}, last step ${d.lastStep}, started ${formatUtc(d.startedAt)} by ${d.author}`;
}

function leaseLine(status: ServiceStatus): string {
  const lease = status.lease;
  if (!lease) return 'free';
  const left = lease.expiresAt - status.at;
  const expiry = left > 0 ? `expires in ${formatSpan(left)}` : `expired ${formatSpan(-left)} ago`;
  const release = lease.releaseId ? ` for ${lease.releaseId}` : '';
  return `${lease.state === 'held' ? 'held' : 'free (expired)'} by ${lease.holder} on ${lease.host} running \`${lease.command}\`${release}, ${expiry}`;
}

function activityLine(a: ServiceStatus['activity'][number]): string {
  const mark = a.replacement ? ' (replacing an unhealthy instance)' : '';
  return `${formatUtc(a.at).slice(11, 19)} ${a.status.padEnd(10)} ${a.description}${mark}`;
}
