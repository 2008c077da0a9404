/**
 * odin's local cloud: a stateful model of the AWS behaviour odin relies on, answering the real
 * SDK clients through middleware. See docs/simulator.md for what it models and where it
 * deliberately differs from AWS.
 */
export { createLocalCloud, LocalCloud, type CallObserver, type LocalCloudOptions } from './local-cloud.js';
export { openLocalCloud, type LocalCloudSession, type OpenLocalCloudOptions } from './session.js';
export type { LocalCloudSnapshot, FleetSnapshot } from './snapshot.js';
export type { Faults, ServiceName, Timings } from './types.js';
export type { SdkClientLike } from './middleware.js';
export { DEMO_IDS, DEMO_LISTENER_ARN } from './seed.js';
export { NO_FAULTS, DEFAULT_TIMINGS } from './world.js';
export { warmUpClients } from './warm-up.js';
