import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { ServiceCaller } from './caller.js';
import type { ClientConfig } from './client-config.js';
import type { CallerIdentity, Sts } from './types.js';

/** An STS client configured the way odin needs it. */
export function createStsClient(config: ClientConfig): STSClient {
  return new STSClient(config);
}

/** odin's Sts interface over the SDK client. */
export class StsAdapter implements Sts {
  constructor(private readonly caller: ServiceCaller) {}

  async getCallerIdentity(): Promise<CallerIdentity> {
    const output = await this.caller.send(GetCallerIdentityCommand, {});
    return { account: output.Account ?? '', arn: output.Arn ?? '', userId: output.UserId ?? '' };
  }
}
