import { GetInstanceProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import { orAbsent, type ServiceCaller } from './caller.js';
import type { ClientConfig } from './client-config.js';
import type { Iam } from './types.js';

/** An IAM client configured the way odin needs it (IAM is global; its endpoint is in us-east-1). */
export function createIamClient(config: ClientConfig): IAMClient {
  return new IAMClient(config);
}

/** odin's Iam interface over the SDK client. */
export class IamAdapter implements Iam {
  constructor(private readonly caller: ServiceCaller) {}

  async getInstanceProfile(name: string): Promise<{ name: string; arn: string } | undefined> {
    const output = await orAbsent(
      this.caller.send(GetInstanceProfileCommand, { InstanceProfileName: name }),
      ['NoSuchEntity'],
    );
    const profile = output?.InstanceProfile;
    return profile ? { name: profile.InstanceProfileName ?? name, arn: profile.Arn ?? '' } : undefined;
  }
}
