export * from './exit-codes.js';
export * from './odin-error.js';
export * from './errors.js';
