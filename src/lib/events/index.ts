export * from './event.js';
export * from './reporter.js';
export * from './redactor.js';
