export * from './event.js';
export * from './reporter.js';
