export * from './choose-target.js';
export * from './rollback.js';
