export * from './keys.js';
export * from './state-context.js';
export * from './lease-holder.js';
export * from './lease-errors.js';
export * from './lease.js';
export * from './release-id.js';
export * from './manifest-digest.js';
export * from './history.js';
