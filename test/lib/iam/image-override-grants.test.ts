import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { iamActionFor } from '../../../src/lib/aws/index.js';
import { actionsNotNeeded, iamPolicyFor } from '../../../src/lib/iam/iam-policy-for.js';
import { parameterArn } from '../../../src/lib/iam/arns.js';
import { statementsGranting, type PolicyDocument } from '../../../src/lib/iam/policy-document.js';
import { parseImageOverride } from '../../../src/lib/manifest/image-override.js';
import { ProblemList } from '../../../src/lib/resolve/problems.js';
import { resolveImage } from '../../../src/lib/resolve/resolve-image.js';
import { mockedAws } from '../../helpers/aws-mock.js';
import { targetGroupManifest } from './manifests.js';

const AMI = 'ami-0123456789abcdef0';
const scope = { partition: 'aws', region: 'us-east-1', account: '123456789012' };

/** The IAM actions of every call resolving `--image value` makes, taken from the adapters' own calls. */
async function actionsToResolve(value: string): Promise<Array<{ action: string; arn: string }>> {
  const { aws, mocks, calls } = mockedAws();
  mocks.ec2.on(DescribeImagesCommand).resolves({
    Images: [{ ImageId: AMI, Name: 'demo-app-v2', State: 'available', CreationDate: '2026-01-01T00:00:00Z' }],
  });
  mocks.ssm.on(GetParameterCommand).resolves({ Parameter: { Value: AMI } });
  const source = parseImageOverride(value);
  const problems = new ProblemList();
  await resolveImage(aws, source, problems, '--image');
  expect(problems.items).toEqual([]);
  const arn = 'ssm' in source ? parameterArn(scope, source.ssm) : '*';
  return calls.map((call) => ({ action: iamActionFor(call.service, call.operation), arn }));
}

function grantsOn(policy: PolicyDocument, action: string, arn: string): boolean {
  return statementsGranting(policy, action).some((statement) =>
    [statement.Resource].flat().some((pattern) => arnMatches(pattern, arn)),
  );
}

function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const regex = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${regex}$`).test(arn);
}

describe('iamPolicyFor and odin deploy --image', () => {
  it.each([AMI, 'name:demo-app-v2*'])(
    'grants every call resolving --image %s makes, by default',
    async (value) => {
      const policy = iamPolicyFor(targetGroupManifest());
      const needed = await actionsToResolve(value);
      expect(needed.length).toBeGreaterThan(0);
      for (const { action, arn } of needed) expect(grantsOn(policy, action, arn), action).toBe(true);
    },
  );

  it('grants --image ssm:PATH once the path is listed with --image-parameter, and only that path', async () => {
    const needed = await actionsToResolve('ssm:/images/checkout/canary');
    expect(needed.map((n) => n.action)).toContain('ssm:GetParameter');
    const listed = iamPolicyFor(targetGroupManifest(), { imageParameters: ['/images/checkout/*'] });
    for (const { action, arn } of needed) expect(grantsOn(listed, action, arn), action).toBe(true);
    const other = parameterArn(scope, '/secrets/db-password');
    expect(grantsOn(listed, 'ssm:GetParameter', other)).toBe(false);
  });

  it('leaves ssm:GetParameter out without --image-parameter, and says how to add it', () => {
    const manifest = targetGroupManifest();
    expect(statementsGranting(iamPolicyFor(manifest), 'ssm:GetParameter')).toEqual([]);
    expect(actionsNotNeeded(manifest).find((o) => o.action === 'ssm:GetParameter')?.reason).toMatch(
      /--image-parameter PATH if deploys use --image ssm:PATH/,
    );
  });

  it("keeps the manifest's own parameter next to the listed ones", () => {
    const manifest = targetGroupManifest({ image: { ssm: '/images/checkout/stable' } });
    const policy = iamPolicyFor(manifest, { imageParameters: ['/images/checkout/canary'] });
    const [statement] = statementsGranting(policy, 'ssm:GetParameter');
    expect(statement?.Resource).toEqual([
      parameterArn(scope, '/images/checkout/stable'),
      parameterArn(scope, '/images/checkout/canary'),
    ]);
  });
});
