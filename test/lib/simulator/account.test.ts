import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetInstanceProfileCommand } from '@aws-sdk/client-iam';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';

import { DEMO_IDS } from '../../../src/lib/simulator/index.js';
import { seededCloud } from './sdk-clients.js';

describe('local cloud: STS, IAM, SSM, CloudWatch', () => {
  it('tells who the caller is', async () => {
    const { sts } = seededCloud();
    expect(await sts.send(new GetCallerIdentityCommand({}))).toMatchObject({
      Account: '123456789012',
      Arn: 'arn:aws:iam::123456789012:user/demo',
    });
  });

  it('answers a missing instance profile with NoSuchEntity 404 and a missing parameter with ParameterNotFound', async () => {
    const { iam, ssm } = seededCloud();
    const profile = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'odin-demo' }));
    expect(profile.InstanceProfile?.Arn).toBe('arn:aws:iam::123456789012:instance-profile/odin-demo');
    await expect(
      iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'nope' })),
    ).rejects.toMatchObject({ Code: 'NoSuchEntity', $metadata: { httpStatusCode: 404 } });
    expect((await ssm.send(new GetParameterCommand({ Name: '/odin/demo-app/ami' }))).Parameter?.Value).toBe(
      DEMO_IDS.imageV2,
    );
    await expect(ssm.send(new GetParameterCommand({ Name: '/nope' }))).rejects.toMatchObject({
      name: 'ParameterNotFound',
    });
  });

  it('reports alarm states set through the test hook', async () => {
    const { cloudwatch, cloud } = seededCloud();
    const read = async () =>
      (
        await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['demo-5xx', 'unknown'] }))
      ).MetricAlarms?.map((a) => [a.AlarmName, a.StateValue]);
    expect(await read()).toEqual([['demo-5xx', 'OK']]);
    cloud.setAlarm('demo-5xx', 'ALARM');
    expect(await read()).toEqual([['demo-5xx', 'ALARM']]);
  });
});
