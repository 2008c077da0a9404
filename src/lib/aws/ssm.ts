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

  async getParameter(name: string): Promise<string | undefined> {
    // No decryption: odin reads parameters that hold ids (AMIs), never secrets.
    const output = await orAbsent(
      this.caller.send(GetParameterCommand, { Name: name, WithDecryption: false }),
      ['ParameterNotFound'],
    );
    return output?.Parameter?.Value;
  }
}
