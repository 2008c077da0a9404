import type {
  Change,
  ChangeResourceRecordSetsCommandInput,
  GetChangeCommandInput,
  GetHostedZoneCommandInput,
  ListHostedZonesByNameCommandInput,
  ListResourceRecordSetsCommandInput,
  ResourceRecordSet,
} from '@aws-sdk/client-route-53';

import { AwsFault } from '../aws-fault.js';
import type { HostedZoneState, RecordSetState } from '../types.js';
import type { World } from '../world.js';
import { validateChange } from './route53-validate.js';
import { date, type Handler } from './shapes.js';

/** `Example.COM` → `example.com.`, as Route 53 stores names. */
export function fqdn(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

/** Route 53 lists names in ASCII order of their labels reversed (com.example.www). */
function sortKey(name: string): string {
  return name.replace(/\.$/, '').split('.').reverse().join('.');
}

function compareRecords(a: RecordSetState, b: RecordSetState): number {
  const byName = sortKey(a.name).localeCompare(sortKey(b.name));
  if (byName !== 0) return byName;
  if (a.type !== b.type) return a.type < b.type ? -1 : 1;
  return (a.setIdentifier ?? '').localeCompare(b.setIdentifier ?? '');
}

function requireZone(world: World, id: string | undefined): HostedZoneState {
  const bare = (id ?? '').replace(/^\/hostedzone\//, '');
  const zone = world.state.hostedZones[bare];
  if (!zone) throw new AwsFault('NoSuchHostedZone', `No hosted zone found with ID: ${bare}`, 404);
  return zone;
}

function zoneShape(zone: HostedZoneState) {
  return {
    Id: `/hostedzone/${zone.id}`,
    Name: zone.name,
    CallerReference: zone.callerReference,
    Config: { PrivateZone: false },
    ResourceRecordSetCount: zone.records.length,
  };
}

/** A record set in the SDK's shape. */
export function recordShape(r: RecordSetState): ResourceRecordSet {
  return {
    Name: r.name,
    Type: r.type as 'A',
    SetIdentifier: r.setIdentifier,
    Weight: r.weight,
    TTL: r.alias ? undefined : r.ttl,
    ResourceRecords: r.values?.map((Value) => ({ Value })),
    AliasTarget: r.alias && {
      HostedZoneId: r.alias.hostedZoneId,
      DNSName: r.alias.dnsName,
      EvaluateTargetHealth: r.alias.evaluateTargetHealth,
    },
  };
}

function listHostedZonesByName(world: World, input: ListHostedZonesByNameCommandInput) {
  const max = Number(input.MaxItems ?? '100');
  const start = input.DNSName ? sortKey(fqdn(input.DNSName)) : '';
  const zones = Object.values(world.state.hostedZones)
    .filter((z) => sortKey(z.name) >= start)
    .sort((a, b) => sortKey(a.name).localeCompare(sortKey(b.name)) || a.id.localeCompare(b.id));
  const chosen = zones.slice(0, max);
  const next = zones[max];
  return {
    HostedZones: chosen.map(zoneShape),
    DNSName: input.DNSName,
    HostedZoneId: input.HostedZoneId,
    IsTruncated: next !== undefined,
    NextDNSName: next?.name,
    NextHostedZoneId: next && `/hostedzone/${next.id}`,
    MaxItems: max,
  };
}

function getHostedZone(world: World, input: GetHostedZoneCommandInput) {
  const zone = requireZone(world, input.Id);
  const ns = ['ns-1.awsdns-01.org.', 'ns-2.awsdns-02.co.uk.', 'ns-3.awsdns-03.com.', 'ns-4.awsdns-04.net.'];
  return { HostedZone: zoneShape(zone), DelegationSet: { NameServers: ns } };
}

function listResourceRecordSets(world: World, input: ListResourceRecordSetsCommandInput) {
  const zone = requireZone(world, input.HostedZoneId);
  const max = Math.min(Number(input.MaxItems ?? '300'), 300);
  const sorted = [...zone.records].sort(compareRecords);
  let startIndex = 0;
  if (input.StartRecordName) {
    const probe: RecordSetState = {
      name: fqdn(input.StartRecordName),
      type: input.StartRecordType ?? '',
      setIdentifier: input.StartRecordIdentifier,
    };
    startIndex = sorted.findIndex((r) => compareRecords(r, probe) >= 0);
    if (startIndex < 0) startIndex = sorted.length;
  }
  const chosen = sorted.slice(startIndex, startIndex + max);
  const next = sorted[startIndex + max];
  return {
    ResourceRecordSets: chosen.map(recordShape),
    IsTruncated: next !== undefined,
    NextRecordName: next?.name,
    NextRecordType: next?.type as 'A' | undefined,
    NextRecordIdentifier: next?.setIdentifier,
    MaxItems: max,
  };
}

function toState(r: ResourceRecordSet): RecordSetState {
  return {
    name: fqdn(r.Name ?? ''),
    type: r.Type ?? '',
    setIdentifier: r.SetIdentifier,
    weight: r.Weight,
    ttl: r.AliasTarget ? undefined : r.TTL,
    values: r.AliasTarget ? undefined : (r.ResourceRecords ?? []).map((v) => v.Value ?? ''),
    alias: r.AliasTarget && {
      hostedZoneId: r.AliasTarget.HostedZoneId ?? '',
      dnsName: fqdn(r.AliasTarget.DNSName ?? ''),
      evaluateTargetHealth: r.AliasTarget.EvaluateTargetHealth ?? false,
    },
  };
}

/** Same record set: name, type and set identifier. */
export function sameSet(a: RecordSetState, b: RecordSetState): boolean {
  return a.name === b.name && a.type === b.type && (a.setIdentifier ?? '') === (b.setIdentifier ?? '');
}

function changeResourceRecordSets(world: World, input: ChangeResourceRecordSetsCommandInput) {
  const zone = requireZone(world, input.HostedZoneId);
  const changes: Change[] = input.ChangeBatch?.Changes ?? [];
  const records = [...zone.records];
  const problems: string[] = [];
  // All or nothing: the batch is checked against a copy and applied only when every change holds.
  for (const change of changes) {
    const raw: ResourceRecordSet = change.ResourceRecordSet ?? { Name: undefined, Type: undefined };
    const record = toState(raw);
    const problem = validateChange(world, zone, records, change.Action ?? '', record, raw);
    if (problem) {
      problems.push(problem);
      continue;
    }
    const index = records.findIndex((r) => sameSet(r, record));
    if (index >= 0) records.splice(index, 1);
    if (change.Action !== 'DELETE') records.push(record);
  }
  if (changes.length === 0) problems.push('ChangeBatch must contain at least one change');
  if (problems.length > 0) {
    throw new AwsFault('InvalidChangeBatch', `[${problems.join(', ')}]`, 400, { messages: problems });
  }
  zone.records = records;
  const id = `C${world.hex(20).toUpperCase()}`;
  const change = {
    id,
    submittedAt: world.now,
    insyncAt: world.now + world.state.timings.route53SyncMs,
    comment: input.ChangeBatch?.Comment,
  };
  world.state.changes[id] = change;
  return {
    ChangeInfo: {
      Id: `/change/${id}`,
      Status: 'PENDING' as const,
      SubmittedAt: date(change.submittedAt),
      Comment: change.comment,
    },
  };
}

function getChange(world: World, input: GetChangeCommandInput) {
  const id = (input.Id ?? '').replace(/^\/change\//, '');
  const change = world.state.changes[id];
  if (!change)
    throw new AwsFault('NoSuchChange', `A change with the specified change ID does not exist.`, 404);
  const status = world.now >= change.insyncAt ? ('INSYNC' as const) : ('PENDING' as const);
  return {
    ChangeInfo: {
      Id: `/change/${id}`,
      Status: status,
      SubmittedAt: date(change.submittedAt),
      Comment: change.comment,
    },
  };
}

/** Route 53: zones, weighted and alias record sets, and changes that take time to propagate. */
export const route53Handlers: Record<string, Handler> = {
  ListHostedZonesByName: listHostedZonesByName,
  GetHostedZone: getHostedZone,
  ListResourceRecordSets: listResourceRecordSets,
  ChangeResourceRecordSets: changeResourceRecordSets,
  GetChange: getChange,
};
