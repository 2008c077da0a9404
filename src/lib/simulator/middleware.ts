import { AwsFault } from './aws-fault.js';
import { toSdkError } from './sdk-error.js';
import type { ServiceName } from './types.js';

/** Any SDK v3 client: the local cloud only needs its middleware stack. */
export interface SdkClientLike {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each SDK client types its own stack
  middlewareStack: any;
}

/** Where the middleware sends a call: the in-memory cloud or the on-disk session. */
export type CallAnswerer = (service: ServiceName, operation: string, input: object) => Promise<object>;

/**
 * Attaches the local cloud to a real SDK client: a middleware at the `initialize` step answers
 * every command from the model and never lets the request reach the network (nor the SDK's own
 * retries, so odin's retry and budget logic sees every throttle).
 */
export function attachLocalCloud(client: SdkClientLike, service: ServiceName, answer: CallAnswerer): void {
  const middleware =
    (_next: unknown, context: { commandName?: string }) =>
    async (args: { input: object }): Promise<{ output: object; response: object }> => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      const input = await readStreamingInput(args.input);
      try {
        const output = await answer(service, operation, input);
        return {
          output: {
            ...output,
            $metadata: {
              httpStatusCode: 200,
              requestId: 'odin-local-cloud',
              attempts: 1,
              totalRetryDelay: 0,
            },
          },
          response: {},
        };
      } catch (error) {
        if (error instanceof AwsFault) throw await toSdkError(service, error);
        throw error;
      }
    };
  client.middlewareStack.add(middleware, {
    step: 'initialize',
    name: 'odinLocalCloud',
    priority: 'high',
    override: true,
  });
}

// S3 bodies may be streams or bytes; the model stores text, so read them before the call.
async function readStreamingInput(input: object): Promise<object> {
  const body = (input as { Body?: unknown }).Body;
  if (body === undefined || typeof body === 'string') return input;
  return { ...input, Body: await bodyToString(body) };
}

async function bodyToString(body: unknown): Promise<string> {
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  if (typeof (body as Blob).text === 'function' && !(Symbol.asyncIterator in (body as object)))
    return (body as Blob).text();
  if (body && typeof body === 'object' && Symbol.asyncIterator in body) {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  }
  return String(body);
}
