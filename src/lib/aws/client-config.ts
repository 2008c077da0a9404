import type { fromNodeProviderChain } from '@aws-sdk/credential-providers';

/** Credentials as the SDK clients take them: a provider they call (and cache) when signing. */
export type CredentialsProvider = ReturnType<typeof fromNodeProviderChain>;

/** What every SDK client odin creates is configured with. */
export interface ClientConfig {
  region: string;
  endpoint?: string;
  credentials?: CredentialsProvider;
  /** Always 1: odin retries itself, so that it can budget and count every attempt. */
  maxAttempts: number;
}

/** The parts of an SDK v3 client that odin and the local cloud use. */
export interface SdkClientLike {
  /** The client's middleware stack; the local cloud adds its answering middleware here. */
  // The stack's type is specific to each service's shapes; any client's must fit here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly middlewareStack: { add(...args: any[]): unknown; addRelativeTo(...args: any[]): unknown };
  readonly config: object;
  send(command: never): Promise<unknown>;
  destroy(): void;
}
