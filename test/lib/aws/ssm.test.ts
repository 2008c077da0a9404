import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { awsError, mockedAws } from '../../helpers/aws-mock.js';

describe('Ssm adapter', () => {
  it('answers undefined for a missing SSM parameter and reads an existing one without decryption', async () => {
    const { aws, mocks } = mockedAws();
    mocks.ssm
      .on(GetParameterCommand, { Name: '/odin/demo-app/ami' })
      .resolves({ Parameter: { Name: '/odin/demo-app/ami', Value: 'ami-2' } })
      .on(GetParameterCommand, { Name: '/nope' })
      .rejects(awsError('ParameterNotFound'));

    expect(await aws.ssm.getParameter('/odin/demo-app/ami')).toBe('ami-2');
    expect(await aws.ssm.getParameter('/nope')).toBeUndefined();
    expect(mocks.ssm.commandCalls(GetParameterCommand)[0]?.args[0].input.WithDecryption).toBe(false);
  });
});
