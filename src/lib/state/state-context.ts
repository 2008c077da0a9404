import type { Aws } from '../aws/types.js';
import type { Clock } from '../clock/clock.js';
import type { EventSink } from '../events/event.js';
import type { StateStore } from '../manifest/types.js';

/** What every state operation (lease, release history) needs: AWS, time, and whose state it is. */
export interface StateContext {
  aws: Aws;
  clock: Clock;
  store: StateStore;
  service: string;
  environment: string;
  /** Where warnings (an expired lease taken over, a renewal that failed) are reported. */
  sink?: EventSink;
}
