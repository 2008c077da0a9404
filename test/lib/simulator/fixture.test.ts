import { describe, expect, it } from 'vitest';

import { DEMO_IDS, DEMO_LISTENER_ARN } from '../../../src/lib/simulator/index.js';
import { localCloudFixture } from '../../helpers/local-cloud.js';

describe('the local cloud fixture', () => {
  it("answers odin's own adapters with the seeded example world", async () => {
    const { aws } = await localCloudFixture();
    expect(await aws.sts.getCallerIdentity()).toMatchObject({
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/demo',
    });
    const [tg] = await aws.elbv2.findTargetGroups(['demo-web']);
    expect(tg).toMatchObject({ name: 'demo-web', healthCheck: { intervalSec: 10, healthyThreshold: 2 } });
    expect(await aws.elbv2.getDeregistrationDelaySec(tg!.arn)).toBe(30);
    const listener = await aws.elbv2.describeListener(DEMO_LISTENER_ARN);
    expect(listener?.forward.map((f) => f.weight)).toEqual([100, 0]);
    expect(await aws.ssm.getParameter('/odin/demo-app/ami')).toBe(DEMO_IDS.imageV2);
    expect(await aws.s3.bucketExists('odin-state-123456789012')).toBe(true);
  });

  it('maps missing resources to absent through the adapters', async () => {
    const { aws } = await localCloudFixture();
    expect(await aws.elbv2.findTargetGroups(['no-such-tg'])).toEqual([]);
    expect(await aws.ssm.getParameter('/no/such')).toBeUndefined();
    expect(await aws.iam.getInstanceProfile('nope')).toBeUndefined();
    expect(await aws.ec2.findLaunchTemplate('nope')).toBeUndefined();
    expect(await aws.s3.getObject('odin-state-123456789012', 'missing')).toBeUndefined();
    expect(await aws.route53.findHostedZone('demo.example.com')).toMatchObject({ id: DEMO_IDS.hostedZone });
  });
});
