import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { iamActionFor } from '../../../src/lib/aws/index.js';
import { parameterArn } from '../../../src/lib/iam/arns.js';
import { actionsNotNeeded, iamPolicyFor } from '../../../src/lib/iam/iam-policy-for.js';
import { statementsGranting } from '../../../src/lib/iam/policy-document.js';
import { variableKeyNote } from '../../../src/lib/iam/variable-grants.js';
import type { Manifest } from '../../../src/lib/manifest/types.js';
import { ProblemList } from '../../../src/lib/resolve/problems.js';
import { resolveVariables } from '../../../src/lib/resolve/resolve-variables.js';
import { mockedAws } from '../../helpers/aws-mock.js';
import { targetGroupManifest } from './manifests.js';

const scope = { partition: 'aws', region: 'us-east-1', account: '123456789012' };

function withVariables(): Manifest {
  const m = targetGroupManifest();
  const variables: NonNullable<Manifest['instances']['variables']> = {
    DB_PASSWORD: { ssm: '/checkout/db-password', secret: true },
    API_KEY: { ssm: '/checkout/api-key', secret: true },
    LOG_LEVEL: { value: 'info', secret: false },
  };
  return { ...m, instances: { ...m.instances, variables } };
}

describe('iamPolicyFor and instances.variables', () => {
  it('grants exactly the calls resolving the variables makes, on exactly their parameters', async () => {
    const manifest = withVariables();
    const { aws, mocks, calls } = mockedAws();
    mocks.ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'value' } });
    await resolveVariables(aws, manifest, new ProblemList());
    const made = mocks.ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input);
    expect(made.map((input) => input.WithDecryption)).toEqual([true, true]);

    const [statement] = statementsGranting(iamPolicyFor(manifest), 'ssm:GetParameter');
    expect(calls.map((call) => iamActionFor(call.service, call.operation))).toEqual([
      'ssm:GetParameter',
      'ssm:GetParameter',
    ]);
    expect(statement?.Resource).toEqual(made.map((input) => parameterArn(scope, input.Name ?? '')));
  });

  it('grants no parameter and says why when no variable comes from SSM', () => {
    const manifest = targetGroupManifest();
    expect(statementsGranting(iamPolicyFor(manifest), 'ssm:GetParameter')).toEqual([]);
    expect(actionsNotNeeded(manifest).map((o) => o.action)).toContain('ssm:GetParameter');
    expect(variableKeyNote(manifest)).toBeUndefined();
  });

  it('notes that a customer-managed key needs kms:Decrypt, which the policy cannot name', () => {
    expect(variableKeyNote(withVariables())).toMatch(
      /\/checkout\/db-password, \/checkout\/api-key are read with decryption.*kms:Decrypt on that key/,
    );
  });
});
