export * from './resolved-service.js';
export * from './problems.js';
export * from './resolve-image.js';
export * from './resolve-service.js';
export * from './resolve-variables.js';
