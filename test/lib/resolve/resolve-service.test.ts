import { describe, expect, it } from 'vitest';
import type { Aws } from '../../../src/lib/aws/types.js';
import { InvalidFlagError, ResourceNotFoundError } from '../../../src/lib/errors/errors.js';
import { loadManifest } from '../../../src/lib/manifest/load-manifest.js';
import type { DnsTraffic, Manifest, WeightedTraffic } from '../../../src/lib/manifest/types.js';
import type { ResolveProblem } from '../../../src/lib/resolve/problems.js';
import { resolveService } from '../../../src/lib/resolve/resolve-service.js';
import { localCloudFixture } from '../../helpers/local-cloud.js';

const example = (name: string) =>
  loadManifest(new URL(`../../../examples/${name}.odin.yml`, import.meta.url).pathname);

async function fixture() {
  const { aws } = await localCloudFixture();
  return { aws };
}

/** The newest available `demo-app-v*` image, found independently of the resolver. */
async function newestDemoImage(aws: Aws) {
  const images = await aws.ec2.describeImages({ owners: ['self'], namePattern: 'demo-app-v*' });
  const available = images.filter((i) => i.state === 'available').sort((a, b) => b.createdAt - a.createdAt);
  return available[0];
}

async function problemsOf(promise: Promise<unknown>): Promise<ResolveProblem[]> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ResourceNotFoundError);
  expect((error as ResourceNotFoundError).exitCode).toBe(2);
  return ((error as ResourceNotFoundError).details?.problems ?? []) as ResolveProblem[];
}

describe('resolveService with the target-group example', () => {
  it('resolves the image lookup to the newest available matching image', async () => {
    const { aws } = await fixture();
    const resolved = await resolveService(aws, await example('target-group'));
    const newest = await newestDemoImage(aws);
    expect(resolved.imageId).toBe(newest?.id);
    expect(resolved.imageName).toBe(newest?.name);
    expect(resolved.image.source).toBe('lookup');
  });

  it('resolves subnets and security groups by Name tag, in one VPC', async () => {
    const { aws } = await fixture();
    const resolved = await resolveService(aws, await example('target-group'));
    const subnets = await aws.ec2.describeSubnets({ names: ['private-a', 'private-b'] });
    const [web] = await aws.ec2.describeSecurityGroups({ names: ['web'] });
    expect(resolved.subnetIds).toEqual([
      subnets.find((s) => s.name === 'private-a')?.id,
      subnets.find((s) => s.name === 'private-b')?.id,
    ]);
    expect(resolved.vpcId).toBe(subnets[0]?.vpcId);
    expect(resolved.securityGroupIds).toEqual([web?.id]);
  });

  it('resolves the instance profile, the gating target group and the state bucket', async () => {
    const { aws } = await fixture();
    const resolved = await resolveService(aws, await example('target-group'));
    const [tg] = await aws.elbv2.findTargetGroups(['demo-web']);
    expect(resolved.instanceProfileName).toBe('odin-demo');
    expect(resolved.instanceProfileArn).toBe((await aws.iam.getInstanceProfile('odin-demo'))?.arn);
    expect(resolved.targetGroupArns).toEqual([tg?.arn]);
    expect(resolved.refs.targetGroups).toEqual({ 'demo-web': tg?.arn });
    expect(resolved.traffic).toEqual({ strategy: 'target-group', targetGroups: [tg] });
    expect(resolved.stateBucket).toBe('odin-state-123456789012');
  });
});

describe('resolveService with the weighted and dns examples', () => {
  it('resolves the listener and both target groups it forwards to', async () => {
    const { aws } = await fixture();
    const manifest = await example('weighted');
    const resolved = await resolveService(aws, manifest);
    const [blue, green] = await aws.elbv2.findTargetGroups(['demo-blue', 'demo-green']);
    if (resolved.traffic.strategy !== 'weighted') throw new Error('expected weighted traffic');
    expect(resolved.traffic.listenerArn).toBe((manifest.traffic as WeightedTraffic).listener);
    expect([resolved.traffic.blue.arn, resolved.traffic.green.arn].sort()).toEqual(
      [blue?.arn, green?.arn].sort(),
    );
    expect(resolved.traffic.blue.name).toBe('demo-blue');
    expect(resolved.alarms).toEqual(['demo-5xx']);
  });

  it('resolves the hosted zone and each slot’s target group and load balancer', async () => {
    const { aws } = await fixture();
    const resolved = await resolveService(aws, await example('dns'));
    const zone = await aws.route53.findHostedZone('demo.example.com');
    const [albBlue] = await aws.elbv2.findLoadBalancers(['demo-alb-blue']);
    if (resolved.traffic.strategy !== 'dns') throw new Error('expected dns traffic');
    expect(resolved.zoneId).toBe(zone?.id);
    expect(resolved.traffic.blue.loadBalancer.arn).toBe(albBlue?.arn);
    expect(resolved.traffic.blue.targetGroup.name).toBe('demo-dns-blue');
    expect(resolved.traffic.green.targetGroup.name).toBe('demo-dns-green');
    expect(resolved.refs.loadBalancers['demo-alb-blue']).toBe(albBlue?.arn);
  });

  it('refuses a target group the listener does not forward to', async () => {
    const { aws } = await fixture();
    const manifest = await example('weighted');
    const traffic = {
      ...(manifest.traffic as WeightedTraffic),
      targetGroups: { blue: 'demo-blue', green: 'demo-web' },
    };
    const problems = await problemsOf(resolveService(aws, { ...manifest, traffic }));
    expect(problems.map((p) => p.where)).toEqual(['traffic.targetGroups.green']);
    expect(problems[0]?.message).toContain('not in the forward action of listener');
  });

  it('refuses a slot whose target group is not behind its load balancer, and a record outside the zone', async () => {
    const { aws } = await fixture();
    const manifest = await example('dns');
    const dns = manifest.traffic as DnsTraffic;
    const traffic: DnsTraffic = {
      ...dns,
      record: 'app.elsewhere.org',
      slots: { ...dns.slots, blue: { targetGroup: 'demo-dns-blue', loadBalancer: 'demo-alb-green' } },
    };
    const problems = await problemsOf(resolveService(aws, { ...manifest, traffic }));
    expect(problems.map((p) => p.where)).toEqual(['traffic.record', 'traffic.slots.blue.targetGroup']);
  });
});

describe('resolveService image sources', () => {
  it('reads the AMI id from an SSM parameter', async () => {
    const { aws } = await fixture();
    const manifest = { ...(await example('target-group')), image: { ssm: '/odin/demo-app/ami' } };
    const resolved = await resolveService(aws, manifest);
    expect(resolved.imageId).toBe(await aws.ssm.getParameter('/odin/demo-app/ami'));
    expect(resolved.image.source).toBe('ssm');
  });

  it('finds the newest available image by tags', async () => {
    const { aws } = await fixture();
    const manifest = { ...(await example('target-group')), image: { lookup: { tags: { app: 'demo-app' } } } };
    const resolved = await resolveService(aws, manifest);
    const tagged = await aws.ec2.describeImages({ owners: ['self'], tags: { app: 'demo-app' } });
    expect(tagged.map((i) => i.id)).toContain(resolved.imageId);
    expect(resolved.image.createdAt).toBe(
      Math.max(...tagged.filter((i) => i.state === 'available').map((i) => i.createdAt)),
    );
  });

  it('uses --image instead of the manifest image, and records it in the resolved manifest', async () => {
    const { aws } = await fixture();
    const [v1] = await aws.ec2.describeImages({ owners: ['self'], namePattern: 'demo-app-v1' });
    const resolved = await resolveService(aws, await example('target-group'), {
      imageOverride: v1?.id ?? '',
    });
    expect(resolved.imageId).toBe(v1?.id);
    expect(resolved.image.source).toBe('id');
    expect(resolved.manifest.image).toEqual({ id: v1?.id });
  });

  it('accepts name: and ssm: forms of --image', async () => {
    const { aws } = await fixture();
    const manifest = await example('target-group');
    const byName = await resolveService(aws, manifest, { imageOverride: 'name:demo-app-v1' });
    expect(byName.imageName).toBe('demo-app-v1');
    const bySsm = await resolveService(aws, manifest, { imageOverride: 'ssm:/odin/demo-app/ami' });
    expect(bySsm.imageId).toBe(await aws.ssm.getParameter('/odin/demo-app/ami'));
  });

  it('rejects an --image that is no image reference', async () => {
    const { aws } = await fixture();
    await expect(
      resolveService(aws, await example('target-group'), { imageOverride: 'latest' }),
    ).rejects.toBeInstanceOf(InvalidFlagError);
  });

  it('reports an AMI id that does not exist', async () => {
    const { aws } = await fixture();
    const manifest = { ...(await example('target-group')), image: { id: 'ami-0000000000000dead' } };
    const problems = await problemsOf(resolveService(aws, manifest));
    expect(problems).toEqual([expect.objectContaining({ where: 'image.id', what: 'image' })]);
  });
});

describe('resolveService problems', () => {
  it('reports every unresolved reference at once, in manifest order, each with where and a hint', async () => {
    const { aws } = await fixture();
    const base = await example('target-group');
    const manifest: Manifest = {
      ...base,
      image: { lookup: { name: 'nothing-like-this-*' } },
      instances: {
        ...base.instances,
        subnets: ['private-a', 'private-b', 'private-c'],
        securityGroups: ['web', 'sg-00000000000000000'],
        profile: 'no-such-profile',
        keyPair: 'no-such-key',
      },
      health: { ...base.health, targetGroups: ['demo-web', 'demo-wb'] },
      state: { ...base.state, bucket: 'no-such-bucket' },
    };

    const error = (await resolveService(aws, manifest).catch((e: unknown) => e)) as ResourceNotFoundError;
    const problems = await problemsOf(Promise.reject(error));
    expect(problems.map((p) => p.where)).toEqual([
      'image.lookup.name',
      'instances.profile',
      'instances.securityGroups[1]',
      'instances.subnets[2]',
      'instances.keyPair',
      'health.targetGroups[1]',
      'state.bucket',
    ]);
    for (const problem of problems) expect(problem.hint.length).toBeGreaterThan(10);
    expect(error.message).toContain('7 references in');
    expect(error.message).toContain(
      'instances.subnets[2]: no subnet with id or Name tag `private-c` in us-east-1',
    );
    expect(error.message).toContain('health.targetGroups[1]: no target group named `demo-wb`');
  });

  it('mentions seeding the local cloud when simulated', async () => {
    const { aws } = await fixture();
    const base = await example('target-group');
    const manifest = { ...base, instances: { ...base.instances, subnets: ['private-c'] } };
    const error = (await resolveService(aws, manifest, { simulated: true }).catch(
      (e: unknown) => e,
    )) as ResourceNotFoundError;
    expect(error.message).toBe(
      'instances.subnets[0]: no subnet with id or Name tag `private-c` in us-east-1',
    );
    expect(error.hint).toContain('odin simulator seed');
    expect(error.hint).toContain('instances.subnets[0]');
  });

  it('reports an alarm that does not exist', async () => {
    const { aws } = await fixture();
    const manifest = await example('weighted');
    const traffic = { ...(manifest.traffic as WeightedTraffic), alarms: ['demo-5xx', 'demo-latency'] };
    const problems = await problemsOf(resolveService(aws, { ...manifest, traffic }));
    expect(problems).toEqual([expect.objectContaining({ where: 'traffic.alarms[1]', what: 'alarm' })]);
  });

  it('reports a listener that does not exist', async () => {
    const { aws } = await fixture();
    const manifest = await example('weighted');
    const listener =
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/demo-alb/50dc6c495c0c9188/0000000000000000';
    const traffic = { ...(manifest.traffic as WeightedTraffic), listener };
    const problems = await problemsOf(resolveService(aws, { ...manifest, traffic }));
    expect(problems.map((p) => p.where)).toEqual(['traffic.listener']);
  });

  it('reports a hosted zone that does not exist', async () => {
    const { aws } = await fixture();
    const manifest = await example('dns');
    const traffic = { ...(manifest.traffic as DnsTraffic), zone: 'nowhere.example.org' };
    const problems = await problemsOf(resolveService(aws, { ...manifest, traffic }));
    expect(problems.map((p) => p.where)).toEqual(['traffic.zone']);
  });
});

describe('resolveService edge cases', () => {
  it('skips an image that was deregistered and takes the next newest', async () => {
    const { aws, cloud } = await localCloudFixture();
    const manifest = await example('target-group');
    const newest = await newestDemoImage(aws);
    cloud.deregisterImage(newest?.id ?? '');

    const resolved = await resolveService(aws, manifest);
    expect(resolved.imageId).not.toBe(newest?.id);
    expect(resolved.imageId).toBe((await newestDemoImage(aws))?.id);
  });

  it('places a problem with --image at the flag, not at the manifest key', async () => {
    const { aws } = await fixture();
    const problems = await problemsOf(
      resolveService(aws, await example('target-group'), { imageOverride: 'ami-0000000000000dead' }),
    );
    expect(problems.map((p) => p.where)).toEqual(['--image']);
  });

  it('refuses subnets of two VPCs and a security group outside the subnets’ VPC', async () => {
    const { aws } = await fixture();
    const [real] = await aws.ec2.describeSubnets({ names: ['private-a'] });
    const foreign = {
      id: 'subnet-0f0f0f0f0f0f0f0f0',
      vpcId: 'vpc-other',
      availabilityZone: 'us-east-1c',
      name: 'other-c',
    };
    const foreignSg = { id: 'sg-0f0f0f0f0f0f0f0f0', vpcId: 'vpc-other', groupName: 'db', name: 'db' };
    const ec2 = new Proxy(aws.ec2, {
      get(target, property, receiver) {
        if (property === 'describeSubnets') {
          return async (query: { ids?: string[]; names?: string[] }) => {
            const names = query.names?.filter((name) => name !== 'other-c');
            const found = await target.describeSubnets({ ...query, names });
            return query.names?.includes('other-c') ? [...found, foreign] : found;
          };
        }
        if (property === 'describeSecurityGroups') {
          return async (query: { ids?: string[]; names?: string[] }) =>
            query.names?.includes('db') ? [foreignSg] : target.describeSecurityGroups(query);
        }
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const base = await example('target-group');
    const manifest = {
      ...base,
      instances: { ...base.instances, subnets: ['private-a', 'other-c'], securityGroups: ['db'] },
    };

    const problems = await problemsOf(resolveService({ ...aws, ec2, stats: () => aws.stats() }, manifest));
    expect(problems.map((p) => p.where)).toEqual(['instances.securityGroups[0]', 'instances.subnets']);
    expect(problems[0]?.message).toContain(`not in the subnets' VPC ${real?.vpcId}`);
    expect(problems[1]?.message).toContain('2 VPCs');
  });
});
