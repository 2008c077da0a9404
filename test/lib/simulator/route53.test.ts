import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  type Change,
} from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';

import { DEMO_IDS } from '../../../src/lib/simulator/index.js';
import { seededCloud } from './sdk-clients.js';

type Env = ReturnType<typeof seededCloud>;

function weighted(id: string, weight: number, dnsName: string, action: Change['Action'] = 'UPSERT'): Change {
  return {
    Action: action,
    ResourceRecordSet: {
      Name: 'app.demo.example.com',
      Type: 'A',
      SetIdentifier: id,
      Weight: weight,
      AliasTarget: { HostedZoneId: DEMO_IDS.albCanonicalZone, DNSName: dnsName, EvaluateTargetHealth: true },
    },
  };
}

function albDns(env: Env, name: string): string {
  return env.cloud.world.state.loadBalancers[
    Object.keys(env.cloud.world.state.loadBalancers).find((arn) => arn.includes(`/${name}/`))!
  ]!.dnsName;
}

describe('local cloud: Route 53', () => {
  it('finds the demo zone by name and by id', async () => {
    const env = seededCloud();
    const byName = await env.route53.send(new ListHostedZonesByNameCommand({ DNSName: 'demo.example.com' }));
    expect(byName.HostedZones?.[0]).toMatchObject({
      Id: `/hostedzone/${DEMO_IDS.hostedZone}`,
      Name: 'demo.example.com.',
    });
    const byId = await env.route53.send(new GetHostedZoneCommand({ Id: DEMO_IDS.hostedZone }));
    expect(byId.HostedZone?.Name).toBe('demo.example.com.');
    await expect(env.route53.send(new GetHostedZoneCommand({ Id: 'ZNOPE' }))).rejects.toMatchObject({
      name: 'NoSuchHostedZone',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('reports a change PENDING until it has propagated, then INSYNC', async () => {
    const env = seededCloud();
    const changes = [
      weighted('blue', 100, albDns(env, 'demo-alb-blue')),
      weighted('green', 0, albDns(env, 'demo-alb-green')),
    ];
    const out = await env.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: DEMO_IDS.hostedZone,
        ChangeBatch: { Changes: changes },
      }),
    );
    expect(out.ChangeInfo?.Status).toBe('PENDING');
    await env.clock.advance(29_000);
    expect(
      (await env.route53.send(new GetChangeCommand({ Id: out.ChangeInfo!.Id }))).ChangeInfo?.Status,
    ).toBe('PENDING');
    await env.clock.advance(1_000);
    expect(
      (await env.route53.send(new GetChangeCommand({ Id: out.ChangeInfo!.Id }))).ChangeInfo?.Status,
    ).toBe('INSYNC');
  });

  it('stores weighted alias records and lists them from a start name and type', async () => {
    const env = seededCloud();
    const changes = [
      weighted('blue', 40, albDns(env, 'demo-alb-blue')),
      weighted('green', 60, albDns(env, 'demo-alb-green')),
    ];
    await env.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: DEMO_IDS.hostedZone,
        ChangeBatch: { Changes: changes },
      }),
    );
    const first = await env.route53.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: DEMO_IDS.hostedZone,
        StartRecordName: 'app.demo.example.com',
        StartRecordType: 'A',
        MaxItems: 1,
      }),
    );
    expect(first.ResourceRecordSets?.[0]).toMatchObject({
      Name: 'app.demo.example.com.',
      SetIdentifier: 'blue',
      Weight: 40,
    });
    expect(first).toMatchObject({
      IsTruncated: true,
      NextRecordName: 'app.demo.example.com.',
      NextRecordType: 'A',
      NextRecordIdentifier: 'green',
    });
    const second = await env.route53.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: DEMO_IDS.hostedZone,
        StartRecordName: first.NextRecordName,
        StartRecordType: first.NextRecordType,
        StartRecordIdentifier: first.NextRecordIdentifier,
        MaxItems: 1,
      }),
    );
    expect(second.ResourceRecordSets?.[0]).toMatchObject({
      SetIdentifier: 'green',
      Weight: 60,
      AliasTarget: { EvaluateTargetHealth: true },
    });
  });

  it('rejects a whole batch with InvalidChangeBatch when one change is wrong', async () => {
    const env = seededCloud();
    const good = weighted('blue', 100, albDns(env, 'demo-alb-blue'));
    const bad = weighted('green', 0, 'nowhere.example.net');
    const error = await env.route53
      .send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: DEMO_IDS.hostedZone,
          ChangeBatch: { Changes: [good, bad] },
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InvalidChangeBatch', $metadata: { httpStatusCode: 400 } });
    expect(env.cloud.snapshot().records).toEqual([]);
    const create = weighted('blue', 1, albDns(env, 'demo-alb-blue'), 'CREATE');
    await env.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: DEMO_IDS.hostedZone,
        ChangeBatch: { Changes: [create] },
      }),
    );
    await expect(
      env.route53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: DEMO_IDS.hostedZone,
          ChangeBatch: { Changes: [create] },
        }),
      ),
    ).rejects.toThrow(/already exists/);
  });
});
