export * from './policy-document.js';
export * from './arns.js';
export { iamPolicyFor, actionsNotNeeded, knownIamActions, type IamPolicyOptions } from './iam-policy-for.js';
export { targetGroupArns, profileName } from './grants.js';
export { variableKeyNote, variableParameters } from './variable-grants.js';
