import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { mockedAws } from '../../helpers/aws-mock.js';

describe('Sts adapter', () => {
  it('reports the caller identity', async () => {
    const { aws, mocks } = mockedAws();
    mocks.sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: '123456789012', Arn: 'arn:x', UserId: 'AIDA' });

    expect(await aws.sts.getCallerIdentity()).toEqual({
      account: '123456789012',
      arn: 'arn:x',
      userId: 'AIDA',
    });
  });
});
