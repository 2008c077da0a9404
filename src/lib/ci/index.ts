export * from './detect-ci.js';
export * from './github-annotations.js';
export * from './job-summary.js';
export * from './ci-reporting.js';
