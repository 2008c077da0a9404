export * from './release-history.js';
