/** The subset of the IAM policy grammar odin generates: Allow statements with optional conditions. */
export type ConditionBlock = Record<string, Record<string, string | string[]>>;

/** One statement of an identity-based policy. */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: ConditionBlock;
}

/** An IAM policy document, ready for `aws iam put-role-policy --policy-document`. */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** An action odin can call but does not need for this manifest, with the reason it was left out. */
export interface OmittedAction {
  action: string;
  reason: string;
}

function wildcardMatches(pattern: string, value: string): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  // IAM matches action names case-insensitively.
  return new RegExp(`^${escaped}$`, 'i').test(value);
}

/** The statements of `document` whose Action list names `action` (IAM wildcards honoured). */
export function statementsGranting(document: PolicyDocument, action: string): PolicyStatement[] {
  return document.Statement.filter(
    (s) => s.Effect === 'Allow' && s.Action.some((a) => wildcardMatches(a, action)),
  );
}

/** Every distinct action named by the document, sorted. */
export function actionsIn(document: PolicyDocument): string[] {
  return [...new Set(document.Statement.flatMap((s) => s.Action))].sort();
}
