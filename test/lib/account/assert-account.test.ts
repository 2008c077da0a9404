import { describe, expect, it } from 'vitest';
import { assertAccount } from '../../../src/lib/account/assert-account.js';
import { AccountMismatchError } from '../../../src/lib/errors/errors.js';
import { localCloudFixture } from '../../helpers/local-cloud.js';

describe('assertAccount', () => {
  it('returns the caller identity when the credentials are for the pinned account', async () => {
    const { aws } = await localCloudFixture();
    const identity = await aws.sts.getCallerIdentity();
    await expect(assertAccount(aws, { account: identity.account, file: '/srv/odin.yml' })).resolves.toEqual(
      identity,
    );
  });

  it('refuses other credentials, naming both accounts, the caller and the file', async () => {
    const { aws } = await localCloudFixture();
    const identity = await aws.sts.getCallerIdentity();
    const error = await assertAccount(aws, { account: '999999999999', file: '/srv/odin.yml' }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(AccountMismatchError);
    const mismatch = error as AccountMismatchError;
    expect(mismatch.exitCode).toBe(7);
    expect(mismatch.message).toContain(`account ${identity.account} (${identity.arn})`);
    expect(mismatch.message).toContain('/srv/odin.yml pins account 999999999999');
    expect(mismatch.hint).toBe(
      'Use credentials for account 999999999999 (e.g. --profile), or fix `account` in /srv/odin.yml.',
    );
  });
});
