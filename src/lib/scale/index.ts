export * from './capacity-change.js';
export * from './policies.js';
export * from './scale.js';
export * from './wait-for-size.js';
