import { AwsFault, internalFault, throttlingFault } from './aws-fault.js';
import { advanceWorld } from './model/advance.js';
import { HANDLERS } from './services/index.js';
import type { ServiceName } from './types.js';
import type { World } from './world.js';

/**
 * Answers one API call against the world: first the model catches up to `now`, then the
 * configured faults get their chance (drawn from the seeded source, so runs repeat), then the
 * operation runs.
 */
export function answerCall(
  world: World,
  now: number,
  service: ServiceName,
  operation: string,
  input: object,
): object | Promise<object> {
  advanceWorld(world, now);
  const handler = HANDLERS[service][operation];
  if (!handler)
    throw new AwsFault(
      'InvalidAction',
      `The action ${operation} is not valid for this web service (the local cloud does not model it).`,
    );
  const { throttleRate, errorRates } = world.state.faults;
  if (throttleRate > 0 && world.random() < throttleRate) throw throttlingFault(service);
  const errorRate = errorRates[`${service}:${operation}`] ?? errorRates[operation] ?? 0;
  if (errorRate > 0 && world.random() < errorRate) throw internalFault(service);
  return handler(world, input);
}
