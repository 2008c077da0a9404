import type { Aws } from '../../../src/lib/aws/types.js';
import type { OdinEvent } from '../../../src/lib/events/event.js';
import type { StateContext } from '../../../src/lib/state/state-context.js';
import type { DeployFixture } from './support.js';

/** The demo service's state context (lease, journal, releases), through `aws` (the fixture's by default). */
export function stateOf(f: DeployFixture, aws: Aws = f.aws): StateContext {
  const m = f.manifest;
  return {
    aws,
    clock: f.clock,
    store: m.state,
    service: m.service,
    environment: m.environment,
    sink: () => undefined,
  };
}

/**
 * Runs `act` once, at the first tick after which `events` (the fixture's by default) hold a
 * progress event matching `step` and `detail` that was not there when this was called; returns
 * the function that stops watching.
 */
export function onceProgress(
  f: DeployFixture,
  match: { step?: string; detail?: RegExp; events?: OdinEvent[] },
  act: () => void,
): () => void {
  const events = match.events ?? f.events;
  const from = events.length;
  let done = false;
  return f.clock.onTick(() => {
    if (done) return;
    const seen = events
      .slice(from)
      .some(
        (e) =>
          e.type === 'step.progress' &&
          (match.step === undefined || e.step === match.step) &&
          (match.detail === undefined || match.detail.test(e.detail)),
      );
    if (!seen) return;
    done = true;
    act();
  });
}
