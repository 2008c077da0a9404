import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  ListHostedZonesByNameCommand,
  type ListHostedZonesByNameCommandOutput,
  ListResourceRecordSetsCommand,
  Route53Client,
  type ListResourceRecordSetsCommandOutput,
  type ResourceRecordSet,
  type RRType,
} from '@aws-sdk/client-route-53';
import { orAbsent, type ServiceCaller } from './caller.js';
import type { ClientConfig } from './client-config.js';
import type { HostedZone, RecordSet, Route53 } from './types.js';

/** A Route 53 client configured the way odin needs it (Route 53 is global; its endpoint is in us-east-1). */
export function createRoute53Client(config: ClientConfig): Route53Client {
  return new Route53Client(config);
}

/** odin's Route53 interface over the SDK client. Zone and change ids are returned bare (`Z123`, `C456`). */
export class Route53Adapter implements Route53 {
  constructor(private readonly caller: ServiceCaller) {}

  async findHostedZone(idOrName: string): Promise<HostedZone | undefined> {
    const id = bareId(idOrName);
    if (/^Z[A-Z0-9]+$/.test(id)) {
      const output = await orAbsent(this.caller.send(GetHostedZoneCommand, { Id: id }), ['NoSuchHostedZone']);
      const zone = output?.HostedZone;
      return zone ? { id: bareId(zone.Id ?? id), name: zone.Name ?? '' } : undefined;
    }
    return this.findZoneByName(idOrName);
  }

  // Zones are listed in name order from DNSName on: read pages until the name is found or a
  // later name shows it does not exist.
  // Known limitation: a public and a private zone of the same name resolve to whichever AWS lists first.
  private async findZoneByName(name: string): Promise<HostedZone | undefined> {
    let start: { name?: string; id?: string } | undefined = { name };
    while (start) {
      const page: ListHostedZonesByNameCommandOutput = await this.caller.send(ListHostedZonesByNameCommand, {
        DNSName: start.name,
        HostedZoneId: start.id,
        MaxItems: 10,
      });
      const zones = page.HostedZones ?? [];
      const zone = zones.find((z) => sameName(z.Name ?? '', name));
      if (zone) return { id: bareId(zone.Id ?? ''), name: zone.Name ?? '' };
      const pastName = zones.some((z) => labelsReversed(z.Name ?? '') > labelsReversed(name));
      start =
        page.IsTruncated && !pastName && page.NextDNSName
          ? { name: page.NextDNSName, id: page.NextHostedZoneId }
          : undefined;
    }
    return undefined;
  }

  async listRecordSets(zoneId: string, name: string, type?: string): Promise<RecordSet[]> {
    const records: RecordSet[] = [];
    let start: { name?: string; type?: RRType; identifier?: string } | undefined = {
      name,
      type: type as RRType | undefined,
    };
    // Records come sorted by name then type, starting at StartRecordName: read until past `name`.
    while (start) {
      const page: ListResourceRecordSetsCommandOutput = await this.caller.send(
        ListResourceRecordSetsCommand,
        {
          HostedZoneId: bareId(zoneId),
          StartRecordName: start.name,
          StartRecordType: start.type,
          StartRecordIdentifier: start.identifier,
        },
      );
      const sets = page.ResourceRecordSets ?? [];
      const matching = sets.filter((r) => sameName(r.Name ?? '', name) && (!type || r.Type === type));
      records.push(...matching.map(toRecordSet));
      const pastName = sets.some(
        (r) => !sameName(r.Name ?? '', name) || (type !== undefined && r.Type !== type),
      );
      start =
        page.IsTruncated && !pastName
          ? { name: page.NextRecordName, type: page.NextRecordType, identifier: page.NextRecordIdentifier }
          : undefined;
    }
    return records;
  }

  async upsertRecordSets(zoneId: string, records: RecordSet[], comment: string): Promise<string> {
    const output = await this.caller.send(ChangeResourceRecordSetsCommand, {
      HostedZoneId: bareId(zoneId),
      ChangeBatch: {
        Comment: comment,
        Changes: records.map((record) => ({
          Action: 'UPSERT' as const,
          ResourceRecordSet: toSdkRecordSet(record),
        })),
      },
    });
    return bareId(output.ChangeInfo?.Id ?? '');
  }

  async getChangeStatus(changeId: string): Promise<'PENDING' | 'INSYNC'> {
    const output = await this.caller.send(GetChangeCommand, { Id: bareId(changeId) });
    return output.ChangeInfo?.Status === 'INSYNC' ? 'INSYNC' : 'PENDING';
  }
}

/** `/hostedzone/Z123` and `/change/C456` as AWS returns them, without the path. */
function bareId(id: string): string {
  return id.replace(/^\/?(hostedzone|change)\//, '');
}

/** DNS names compare without case, trailing dot, or Route 53's octal escape for `*`. */
function sameName(a: string, b: string): boolean {
  return normalName(a) === normalName(b);
}

function normalName(name: string): string {
  return name.toLowerCase().replace(/\\052/g, '*').replace(/\.$/, '');
}

/** A DNS name in Route 53's listing order: labels reversed, `www.example.com` → `com.example.www`. */
function labelsReversed(name: string): string {
  return normalName(name).split('.').reverse().join('.');
}

function toRecordSet(record: ResourceRecordSet): RecordSet {
  return {
    name: record.Name ?? '',
    type: record.Type ?? '',
    setIdentifier: record.SetIdentifier,
    weight: record.Weight,
    ttl: record.TTL,
    values: record.ResourceRecords?.map((r) => r.Value ?? ''),
    alias: record.AliasTarget
      ? {
          dnsName: record.AliasTarget.DNSName ?? '',
          hostedZoneId: record.AliasTarget.HostedZoneId ?? '',
          evaluateTargetHealth: record.AliasTarget.EvaluateTargetHealth ?? false,
        }
      : undefined,
  };
}

function toSdkRecordSet(record: RecordSet): ResourceRecordSet {
  return {
    Name: record.name,
    Type: record.type as RRType,
    SetIdentifier: record.setIdentifier,
    Weight: record.weight,
    // Alias records carry no TTL or values: Route 53 rejects the batch if they do.
    TTL: record.alias ? undefined : record.ttl,
    ResourceRecords: record.alias ? undefined : record.values?.map((value) => ({ Value: value })),
    AliasTarget: record.alias
      ? {
          DNSName: record.alias.dnsName,
          HostedZoneId: record.alias.hostedZoneId,
          EvaluateTargetHealth: record.alias.evaluateTargetHealth,
        }
      : undefined,
  };
}
