import type { Manifest } from '../manifest/types.js';
import { parameterArn } from './arns.js';
import type { Grant } from './grants.js';

/** The SSM parameters `instances.variables` reads at deploy time, in the order declared. */
export function variableParameters(m: Manifest): string[] {
  const paths = Object.values(m.instances.variables ?? {}).flatMap((v) => ('ssm' in v ? [v.ssm] : []));
  return [...new Set(paths)];
}

/**
 * Read-only and limited to exactly the declared paths: each is read WithDecryption, which for a
 * SecureString under the AWS managed key (aws/ssm) needs nothing more. Under a customer-managed
 * key it also needs kms:Decrypt on that key, which odin cannot name: see `variableKeyNote`.
 */
export const VARIABLE_PARAMETER_GRANT: Grant = {
  sid: 'ReadVariableParameters',
  actions: ['ssm:GetParameter'],
  resource: (ctx) => {
    const arns = variableParameters(ctx.manifest).map((path) => parameterArn(ctx.scope, path));
    return arns.length === 1 ? (arns[0] ?? '') : arns;
  },
  notNeeded: (m) => (variableParameters(m).length > 0 ? undefined : 'no instances.variables read from SSM'),
};

/** What the policy cannot grant for the manifest's secret parameters, to print next to it; undefined when nothing. */
export function variableKeyNote(m: Manifest): string | undefined {
  const paths = variableParameters(m);
  if (paths.length === 0) return undefined;
  return (
    `${paths.join(', ')} ${paths.length === 1 ? 'is' : 'are'} read with decryption: a SecureString ` +
    'encrypted with a customer-managed KMS key also needs kms:Decrypt on that key (add it with the condition ' +
    `kms:ViaService = ssm.${m.region}.amazonaws.com); the AWS managed key aws/ssm needs nothing more.`
  );
}
