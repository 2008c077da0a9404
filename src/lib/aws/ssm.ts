import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { orAbsent, type ServiceCaller } from './caller.js';
import type { ClientConfig } from './client-config.js';
import type { Ssm } from './types.js';

/** An SSM client configured the way odin needs it. */
export function createSsmClient(config: ClientConfig): SSMClient {
  return new SSMClient(config);
}

/** odin's Ssm interface over the SDK client. */
export class SsmAdapter implements Ssm {
  constructor(private readonly caller: ServiceCaller) {}

  async getParameter(name: string, options: { decrypt?: boolean } = {}): Promise<string | undefined> {
    // Decrypted only when asked: an AMI id is no secret, and a value read decrypted is one (the
    // caller registers it for redaction).
    const decrypt = options.decrypt ?? false;
    const output = await orAbsent(
      this.caller.send(GetParameterCommand, { Name: name, WithDecryption: decrypt }),
      ['ParameterNotFound'],
    );
    return output?.Parameter?.Value;
  }
}
