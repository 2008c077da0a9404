import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
} from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { awsError, mockedAws } from '../../helpers/aws-mock.js';

const weighted = (id: string, weight: number) => ({
  Name: 'app.demo.example.com.',
  Type: 'A' as const,
  SetIdentifier: id,
  Weight: weight,
  AliasTarget: {
    DNSName: `${id}.elb.amazonaws.com.`,
    HostedZoneId: 'Z35SXDOTRQ7X7K',
    EvaluateTargetHealth: true,
  },
});

describe('Route53 adapter', () => {
  it('finds a hosted zone by id or by name, with bare ids', async () => {
    const { aws, mocks } = mockedAws();
    mocks.route53
      .on(GetHostedZoneCommand, { Id: 'Z123ABC' })
      .resolves({
        HostedZone: { Id: '/hostedzone/Z123ABC', Name: 'demo.example.com.', CallerReference: 'r' },
      })
      .on(GetHostedZoneCommand, { Id: 'Z404' })
      .rejects(awsError('NoSuchHostedZone', 404));
    mocks.route53.on(ListHostedZonesByNameCommand).resolves({
      HostedZones: [{ Id: '/hostedzone/Z123ABC', Name: 'demo.example.com.', CallerReference: 'r' }],
      IsTruncated: false,
      MaxItems: 10,
    });

    expect(await aws.route53.findHostedZone('/hostedzone/Z123ABC')).toEqual({
      id: 'Z123ABC',
      name: 'demo.example.com.',
    });
    expect(await aws.route53.findHostedZone('Z404')).toBeUndefined();
    expect(await aws.route53.findHostedZone('demo.example.com')).toEqual({
      id: 'Z123ABC',
      name: 'demo.example.com.',
    });
    expect(await aws.route53.findHostedZone('other.example.com')).toBeUndefined();
  });

  it('reads hosted zone pages until it finds the name, and stops once the listing is past it', async () => {
    const { aws, mocks } = mockedAws();
    const zone = (id: string, name: string) => ({ Id: `/hostedzone/${id}`, Name: name, CallerReference: id });
    mocks.route53
      .on(ListHostedZonesByNameCommand, { DNSName: 'demo.example.com' })
      .resolves({
        HostedZones: [zone('ZA', 'example.com.')],
        IsTruncated: true,
        NextDNSName: 'demo.example.com.',
        NextHostedZoneId: '/hostedzone/ZB',
        MaxItems: 10,
      })
      .on(ListHostedZonesByNameCommand, { DNSName: 'demo.example.com.', HostedZoneId: '/hostedzone/ZB' })
      .resolves({ HostedZones: [zone('ZB', 'demo.example.com.')], IsTruncated: false, MaxItems: 10 })
      .on(ListHostedZonesByNameCommand, { DNSName: 'missing.example.com' })
      .resolves({
        HostedZones: [zone('ZC', 'other.example.org.')],
        IsTruncated: true,
        NextDNSName: 'zzz.example.org.',
        NextHostedZoneId: '/hostedzone/ZD',
        MaxItems: 10,
      });

    expect(await aws.route53.findHostedZone('demo.example.com')).toEqual({
      id: 'ZB',
      name: 'demo.example.com.',
    });
    expect(await aws.route53.findHostedZone('missing.example.com')).toBeUndefined();
    expect(mocks.route53.commandCalls(ListHostedZonesByNameCommand)).toHaveLength(3);
  });

  it('lists the record sets of one name across pages and stops at the next name', async () => {
    const { aws, mocks } = mockedAws();
    mocks.route53
      .on(ListResourceRecordSetsCommand)
      .resolvesOnce({
        ResourceRecordSets: [weighted('blue', 100)],
        IsTruncated: true,
        NextRecordName: 'app.demo.example.com.',
        NextRecordType: 'A',
        NextRecordIdentifier: 'green',
        MaxItems: 1,
      })
      .resolvesOnce({
        ResourceRecordSets: [
          weighted('green', 0),
          { Name: 'zzz.demo.example.com.', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '10.0.0.1' }] },
        ],
        IsTruncated: true,
        NextRecordName: 'zzz2.demo.example.com.',
        MaxItems: 2,
      });

    const records = await aws.route53.listRecordSets('/hostedzone/Z1', 'app.demo.example.com', 'A');

    expect(records.map((r) => [r.setIdentifier, r.weight])).toEqual([
      ['blue', 100],
      ['green', 0],
    ]);
    expect(records[0]?.alias).toEqual({
      dnsName: 'blue.elb.amazonaws.com.',
      hostedZoneId: 'Z35SXDOTRQ7X7K',
      evaluateTargetHealth: true,
    });
    const inputs = mocks.route53.commandCalls(ListResourceRecordSetsCommand).map((c) => c.args[0].input);
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toMatchObject({
      HostedZoneId: 'Z1',
      StartRecordName: 'app.demo.example.com',
      StartRecordType: 'A',
    });
    expect(inputs[1]).toMatchObject({ StartRecordIdentifier: 'green' });
  });

  it('upserts record sets, leaving TTL and values off alias records, and returns the bare change id', async () => {
    const { aws, mocks } = mockedAws();
    mocks.route53
      .on(ChangeResourceRecordSetsCommand)
      .resolves({ ChangeInfo: { Id: '/change/C42', Status: 'PENDING', SubmittedAt: new Date() } });
    mocks.route53
      .on(GetChangeCommand)
      .resolvesOnce({ ChangeInfo: { Id: '/change/C42', Status: 'PENDING', SubmittedAt: new Date() } })
      .resolvesOnce({ ChangeInfo: { Id: '/change/C42', Status: 'INSYNC', SubmittedAt: new Date() } });

    const changeId = await aws.route53.upsertRecordSets(
      'Z1',
      [
        {
          name: 'app.demo.example.com',
          type: 'A',
          setIdentifier: 'blue',
          weight: 10,
          ttl: 60,
          alias: { dnsName: 'blue.elb.amazonaws.com', hostedZoneId: 'Z35', evaluateTargetHealth: true },
        },
      ],
      'odin: shift 10% to blue',
    );

    expect(changeId).toBe('C42');
    const batch = mocks.route53.commandCalls(ChangeResourceRecordSetsCommand)[0]?.args[0].input.ChangeBatch;
    expect(batch?.Comment).toBe('odin: shift 10% to blue');
    expect(batch?.Changes?.[0]).toEqual({
      Action: 'UPSERT',
      ResourceRecordSet: {
        Name: 'app.demo.example.com',
        Type: 'A',
        SetIdentifier: 'blue',
        Weight: 10,
        TTL: undefined,
        ResourceRecords: undefined,
        AliasTarget: { DNSName: 'blue.elb.amazonaws.com', HostedZoneId: 'Z35', EvaluateTargetHealth: true },
      },
    });
    expect(await aws.route53.getChangeStatus(changeId)).toBe('PENDING');
    expect(await aws.route53.getChangeStatus(changeId)).toBe('INSYNC');
  });

  it('treats PriorRequestNotComplete as throttling and retries it', async () => {
    const { aws, mocks } = mockedAws();
    mocks.route53
      .on(ChangeResourceRecordSetsCommand)
      .rejectsOnce(awsError('PriorRequestNotComplete'))
      .resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } });

    await aws.route53.upsertRecordSets('Z1', [], 'c');

    expect(aws.stats()).toMatchObject({ calls: 2, throttled: 1, retried: 1 });
  });
});
