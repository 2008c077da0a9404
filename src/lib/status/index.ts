export * from './service-status.js';
export * from './read-status.js';
export * from './format-status.js';
