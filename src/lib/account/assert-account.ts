import type { Aws, CallerIdentity } from '../aws/types.js';
import { AccountMismatchError } from '../errors/errors.js';
import type { Manifest } from '../manifest/types.js';

/**
 * Refuses to go on when the credentials belong to another account than the manifest pins
 * (safety invariant 7): a staging profile must never deploy over production, nor the reverse.
 */
export async function assertAccount(
  aws: Aws,
  manifest: Pick<Manifest, 'account' | 'file'>,
): Promise<CallerIdentity> {
  const identity = await aws.sts.getCallerIdentity();
  if (identity.account === manifest.account) return identity;
  throw new AccountMismatchError(
    `The credentials are for account ${identity.account} (${identity.arn}), but ${manifest.file} pins account ${manifest.account}`,
    {
      hint: `Use credentials for account ${manifest.account} (e.g. --profile), or fix \`account\` in ${manifest.file}.`,
      details: { expected: manifest.account, actual: identity.account, callerArn: identity.arn },
    },
  );
}
