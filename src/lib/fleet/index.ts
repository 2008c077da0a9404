export * from './naming.js';
export * from './tags.js';
export * from './find-fleets.js';
export * from './fleet-health.js';
export * from './wait-for-healthy-fleet.js';
export * from './drain.js';
