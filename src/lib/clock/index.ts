export * from './clock.js';
export * from './real-clock.js';
export * from './virtual-clock.js';
