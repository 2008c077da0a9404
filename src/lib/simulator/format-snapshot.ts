import type { LocalCloudSnapshot } from './snapshot.js';
import type { Faults } from './types.js';

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** One line describing the faults in force ("none" when the cloud behaves). */
export function formatFaults(f: Faults): string {
  const parts: string[] = [];
  if (f.throttleRate > 0) parts.push(`throttle ${f.throttleRate}`);
  for (const [op, r] of Object.entries(f.errorRates)) if (r > 0) parts.push(`${op} errors ${r}`);
  for (const [op, r] of Object.entries(f.lostResponseRates ?? {}))
    if (r > 0) parts.push(`${op} lost responses ${r}`);
  if (f.latencyMs > 0) parts.push(`latency ${seconds(f.latencyMs)}`);
  if (f.dieAfterMs) parts.push(`instances die after ~${seconds(f.dieAfterMs)} (rate ${f.dieRate})`);
  if (f.consistencyDelayMs > 0) parts.push(`consistency delay ${seconds(f.consistencyDelayMs)}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

function countBy(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
}

function fleetLines(s: LocalCloudSnapshot): string[] {
  if (s.fleets.length === 0) return ['  (none)'];
  return s.fleets.flatMap((f) => {
    const head = `  ${f.name}  desired ${f.desired} (min ${f.min}, max ${f.max})${f.status ? `  [${f.status}]` : ''}`;
    const lines = [
      head,
      `    instances: ${countBy(f.instances.map((i) => `${i.lifecycleState}/${i.healthStatus}`))}`,
    ];
    if (f.targetGroups.length > 0) lines.push(`    target groups: ${f.targetGroups.join(', ')}`);
    if (f.suspendedProcesses.length > 0) lines.push(`    suspended: ${f.suspendedProcesses.join(', ')}`);
    return lines;
  });
}

function trafficLines(s: LocalCloudSnapshot): string[] {
  const weights = (fw: Array<{ targetGroup: string; weight: number }>): string =>
    fw.map((f) => `${f.targetGroup}=${f.weight}`).join(' ') || '(no forward)';
  const lines = s.listeners.flatMap((l) => [
    `  ${l.loadBalancer} ${l.protocol}:${l.port}  ${weights(l.forward)}`,
    ...s.rules
      .filter((r) => r.listenerArn === l.arn)
      .map((r) => `    rule ${r.priority}  ${weights(r.forward)}`),
  ]);
  return lines.length > 0 ? lines : ['  (none)'];
}

/** `odin simulator show`'s human-readable view of a snapshot. */
export function formatSnapshot(s: LocalCloudSnapshot): string {
  const lines = [
    `Local cloud at ${s.now} (account ${s.account}, ${s.region})`,
    `Faults: ${formatFaults(s.faults)}`,
    '',
    'Fleets:',
    ...fleetLines(s),
  ];
  lines.push('', 'Target health:');
  for (const tg of s.targetGroups) {
    lines.push(`  ${tg.name}${tg.inUse ? '' : ' (not in use)'}  ${countBy(tg.targets.map((t) => t.state))}`);
  }
  lines.push('', 'Listener weights:', ...trafficLines(s));
  lines.push('', 'Route 53 records:');
  for (const r of s.records) {
    const target = r.alias ?? r.values?.join(' ') ?? '';
    lines.push(
      `  ${r.name} ${r.type}${r.setIdentifier ? ` [${r.setIdentifier}] weight ${r.weight}` : ''} -> ${target}`,
    );
  }
  if (s.records.length === 0) lines.push('  (none)');
  if (s.pendingChanges > 0) lines.push(`  ${s.pendingChanges} change(s) still PENDING`);
  lines.push('', `Alarms: ${s.alarms.map((a) => `${a.name}=${a.state}`).join(', ') || 'none'}`);
  return lines.join('\n');
}
