import type { Manifest } from '../manifest/types.js';
import { arnScope } from './arns.js';
import { GRANTS, type GrantContext, type GrantOptions } from './grants.js';
import type { OmittedAction, PolicyDocument, PolicyStatement } from './policy-document.js';

/** Choices the manifest cannot express: the instance role's name, extra image parameters. */
export type IamPolicyOptions = GrantOptions;

/**
 * The least-privilege IAM policy for operating the manifest's service in its environment: only
 * the actions odin calls, scoped by ARN or by odin's tags wherever AWS can scope them.
 */
export function iamPolicyFor(manifest: Manifest, options: IamPolicyOptions = {}): PolicyDocument {
  const ctx: GrantContext = { ...options, manifest, scope: arnScope(manifest.region, manifest.account) };
  const statements: PolicyStatement[] = [];

  for (const grant of GRANTS) {
    if (grant.notNeeded?.(manifest, options) !== undefined) continue;
    const statement: PolicyStatement = {
      Sid: grant.sid,
      Effect: 'Allow',
      Action: [...grant.actions],
      Resource: grant.resource(ctx),
    };
    if (grant.condition) statement.Condition = grant.condition(ctx);
    statements.push(statement);
  }

  return { Version: '2012-10-17', Statement: statements };
}

/** Actions odin can call that this manifest never needs, each with the reason (shown next to the policy). */
export function actionsNotNeeded(manifest: Manifest, options: IamPolicyOptions = {}): OmittedAction[] {
  const granted = new Set(iamPolicyFor(manifest, options).Statement.flatMap((s) => s.Action));
  const omitted = new Map<string, string>();

  for (const grant of GRANTS) {
    const reason = grant.notNeeded?.(manifest, options);
    if (reason === undefined) continue;
    for (const action of grant.actions)
      if (!granted.has(action) && !omitted.has(action)) omitted.set(action, reason);
  }

  return [...omitted].map(([action, reason]) => ({ action, reason }));
}

/** Every action any manifest's policy can grant: what the adapters' operations are checked against. */
export function knownIamActions(): string[] {
  return [...new Set(GRANTS.flatMap((g) => g.actions))].sort();
}
