import { GetInstanceProfileCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { awsError, mockedAws } from '../../helpers/aws-mock.js';

describe('Iam adapter', () => {
  it('answers undefined for a missing instance profile (the SDK names it NoSuchEntityException)', async () => {
    const { aws, mocks } = mockedAws();
    mocks.iam
      .on(GetInstanceProfileCommand, { InstanceProfileName: 'odin-demo' })
      .resolves({
        InstanceProfile: {
          InstanceProfileName: 'odin-demo',
          Arn: 'arn:aws:iam::123456789012:instance-profile/odin-demo',
          Path: '/',
          InstanceProfileId: 'AIPA',
          CreateDate: new Date(0),
          Roles: [],
        },
      })
      .on(GetInstanceProfileCommand, { InstanceProfileName: 'gone' })
      .rejects(awsError('NoSuchEntityException', 404));

    expect(await aws.iam.getInstanceProfile('odin-demo')).toEqual({
      name: 'odin-demo',
      arn: 'arn:aws:iam::123456789012:instance-profile/odin-demo',
    });
    expect(await aws.iam.getInstanceProfile('gone')).toBeUndefined();
  });
});
