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
  const { throttleRate, errorRates, lostResponseRates = {} } = world.state.faults;
  if (throttleRate > 0 && world.random() < throttleRate) throw throttlingFault(service);
  if (happens(world, rateFor(errorRates, service, operation))) throw internalFault(service);
  const lostRate = rateFor(lostResponseRates, service, operation);
  const output = handler(world, input);
  if (lostRate === 0) return output;
  // The change is made either way; only the answer is lost.
  const lose = <T>(answer: T): T => {
    if (happens(world, lostRate)) throw internalFault(service);
    return answer;
  };
  return output instanceof Promise ? output.then(lose) : lose(output);
}

function rateFor(rates: Record<string, number>, service: ServiceName, operation: string): number {
  return rates[`${service}:${operation}`] ?? rates[operation] ?? 0;
}

// A rate of 0 draws nothing from the seeded source, so adding a fault kind keeps old runs' draws.
function happens(world: World, rate: number): boolean {
  return rate > 0 && world.random() < rate;
}
