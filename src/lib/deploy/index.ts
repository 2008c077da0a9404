export * from './deploy-types.js';
export * from './deploy.js';
export * from './plan.js';
export * from './recover.js';
export * from './halt.js';
export * from './format-plan.js';
export * from './report-run.js';
