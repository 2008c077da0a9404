import type { ResourceRecordSet } from '@aws-sdk/client-route-53';

import type { HostedZoneState, RecordSetState } from '../types.js';
import type { World } from '../world.js';
import { sameSet } from './route53.js';

function describe(r: RecordSetState): string {
  const id = r.setIdentifier === undefined ? '' : `, set-identifier='${r.setIdentifier}'`;
  return `[name='${r.name}', type='${r.type}'${id}]`;
}

function equalRecords(a: RecordSetState, b: RecordSetState): boolean {
  return (
    JSON.stringify({ ...a, values: a.values && [...a.values].sort() }) ===
    JSON.stringify({ ...b, values: b.values && [...b.values].sort() })
  );
}

function shapeProblem(world: World, record: RecordSetState, raw: ResourceRecordSet): string | undefined {
  if (!record.type)
    return `Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=UPSERT, Name=${record.name}, Type=null, SetIdentifier=null]`;
  if (raw.AliasTarget && (raw.TTL !== undefined || raw.ResourceRecords !== undefined)) {
    return `Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found more than one in Change with [Name=${record.name}, Type=${record.type}]`;
  }
  if (!raw.AliasTarget && (raw.TTL === undefined || !raw.ResourceRecords?.length)) {
    return `Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Name=${record.name}, Type=${record.type}]`;
  }
  if ((record.weight === undefined) !== (record.setIdentifier === undefined)) {
    return `Invalid request: Missing field 'SetIdentifier' or 'Weight' in Change with [Name=${record.name}, Type=${record.type}]`;
  }
  if (
    record.weight !== undefined &&
    (record.weight < 0 || record.weight > 255 || !Number.isInteger(record.weight))
  ) {
    return `Invalid request: Weight ${record.weight} must be between 0 and 255`;
  }
  if (record.alias) {
    const dns = record.alias.dnsName.replace(/^dualstack\./, '').replace(/\.$/, '');
    const target = Object.values(world.state.loadBalancers).find((lb) => lb.dnsName.toLowerCase() === dns);
    if (!target || target.canonicalHostedZoneId !== record.alias.hostedZoneId) {
      return `Tried to create an alias that targets ${record.alias.dnsName}, type ${record.type} in zone ${record.alias.hostedZoneId}, but the alias target name does not lie within the target zone`;
    }
  }
  return undefined;
}

/** What Route 53 would say is wrong with one change against the records so far, if anything. */
export function validateChange(
  world: World,
  zone: HostedZoneState,
  records: RecordSetState[],
  action: string,
  record: RecordSetState,
  raw: ResourceRecordSet,
): string | undefined {
  if (record.name !== zone.name && !record.name.endsWith(`.${zone.name}`)) {
    return `RRSet with DNS name ${record.name} is not permitted in zone ${zone.name}`;
  }
  const existing = records.find((r) => sameSet(r, record));
  if (action === 'DELETE') {
    if (!existing || !equalRecords(existing, record))
      return `Tried to delete resource record set ${describe(record)} but it was not found`;
    return undefined;
  }
  if (action !== 'CREATE' && action !== 'UPSERT') return `Invalid action ${action}`;
  const problem = shapeProblem(world, record, raw);
  if (problem) return problem;
  if (action === 'CREATE' && existing)
    return `Tried to create resource record set ${describe(record)} but it already exists`;
  const conflict = records.find(
    (r) =>
      r.name === record.name &&
      r.type === record.type &&
      (r.setIdentifier === undefined) !== (record.setIdentifier === undefined),
  );
  if (conflict) {
    return `RRSet of type ${record.type} with DNS name ${record.name} is not permitted because a conflicting RRSet of type ${record.type} with the same DNS name already exists in zone ${zone.name}`;
  }
  return undefined;
}
