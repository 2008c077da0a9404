import { describe, expect, it } from 'vitest';
import { AWS_OPERATIONS } from '../../../src/lib/aws/index.js';
import { actionsNotNeeded, iamPolicyFor, knownIamActions } from '../../../src/lib/iam/iam-policy-for.js';
import {
  statementsGranting,
  type PolicyDocument,
  type PolicyStatement,
} from '../../../src/lib/iam/policy-document.js';
import { STRATEGY_MANIFESTS, dnsManifest, targetGroupManifest, weightedManifest } from './manifests.js';

const adapterActions = [...new Set(AWS_OPERATIONS.map((op) => op.iamAction))].sort();

function statement(policy: PolicyDocument, sid: string): PolicyStatement {
  const found = policy.Statement.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid} in ${policy.Statement.map((s) => s.Sid).join(', ')}`);
  return found;
}

function only(policy: PolicyDocument, action: string): PolicyStatement {
  const granting = statementsGranting(policy, action);
  expect(granting, action).toHaveLength(1);
  return granting[0] as PolicyStatement;
}

describe('iamPolicyFor covers every call the adapters can make', () => {
  it.each(adapterActions)('has a policy entry for %s', (action) => {
    expect(knownIamActions()).toContain(action);
  });

  it.each(STRATEGY_MANIFESTS)(
    'grants, or names the reason to leave out, every adapter action (%s)',
    (_name, manifest) => {
      const policy = iamPolicyFor(manifest);
      const omitted = new Map(actionsNotNeeded(manifest).map((o) => [o.action, o.reason]));
      for (const action of adapterActions) {
        const granted = statementsGranting(policy, action).length > 0;
        expect(granted || omitted.has(action), `${action} is neither granted nor explained`).toBe(true);
        expect(granted && omitted.has(action), `${action} is both granted and omitted`).toBe(false);
      }
    },
  );

  it('grants every adapter action to at least one kind of manifest', () => {
    const granted = new Set(
      STRATEGY_MANIFESTS.flatMap(([, m]) => iamPolicyFor(m).Statement.flatMap((s) => s.Action)),
    );
    expect(adapterActions.filter((a) => !granted.has(a))).toEqual([]);
  });

  it.each(STRATEGY_MANIFESTS)('grants nothing odin never calls (%s)', (_name, manifest) => {
    const actions = iamPolicyFor(manifest).Statement.flatMap((s) => s.Action);
    expect(actions.filter((a) => !adapterActions.includes(a))).toEqual([]);
  });
});

describe('iamPolicyFor scopes what it grants', () => {
  it.each(STRATEGY_MANIFESTS)(
    'uses Resource "*" only for unscoped reads or under a condition (%s)',
    (_name, manifest) => {
      for (const s of iamPolicyFor(manifest).Statement.filter((st) => st.Resource === '*')) {
        const reads = s.Action.every(
          (a) => /:(Describe|List)[A-Za-z]*$/.test(a) || a === 'sts:GetCallerIdentity',
        );
        expect(reads || s.Condition !== undefined, s.Sid).toBe(true);
      }
    },
  );

  it('lets fleets be created only with the service and environment tags, under the fleet name prefix', () => {
    const create = only(iamPolicyFor(targetGroupManifest()), 'autoscaling:CreateAutoScalingGroup');
    expect(create.Resource).toBe(
      'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:*:autoScalingGroupName/checkout-production-*',
    );
    expect(create.Condition?.StringEquals).toEqual({
      'aws:RequestTag/odin:managed-by': 'odin',
      'aws:RequestTag/odin:service': 'checkout',
      'aws:RequestTag/odin:environment': 'production',
    });
  });

  it('lets fleets be changed or deleted only when they carry the service and environment tags', () => {
    const policy = iamPolicyFor(targetGroupManifest({ environment: 'staging' }));
    for (const action of [
      'autoscaling:UpdateAutoScalingGroup',
      'autoscaling:DeleteAutoScalingGroup',
      'autoscaling:PutScalingPolicy',
    ]) {
      expect(only(policy, action).Condition?.StringEquals).toMatchObject({
        'autoscaling:ResourceTag/odin:service': 'checkout',
        'autoscaling:ResourceTag/odin:environment': 'staging',
      });
    }
  });

  it('lets tags be rewritten on its own fleets but never to another service or environment', () => {
    const retag = statement(iamPolicyFor(targetGroupManifest()), 'RetagOwnFleets');
    expect(retag.Condition?.StringEqualsIfExists).toMatchObject({
      'aws:RequestTag/odin:service': 'checkout',
    });
  });

  it('limits target group attachment to the manifest target groups, by name pattern or by ARN', () => {
    const arn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/demo-web/6d0ecf831eec9f09';
    const policy = iamPolicyFor(
      targetGroupManifest({ health: { ...targetGroupManifest().health, targetGroups: [arn, 'extra'] } }),
    );
    expect(
      only(policy, 'autoscaling:AttachLoadBalancerTargetGroups').Condition?.['ForAllValues:ArnLike'],
    ).toEqual({
      'autoscaling:TargetGroupARNs': [
        arn,
        'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/extra/*',
      ],
    });
    const weighted = iamPolicyFor(weightedManifest());
    expect(
      statement(weighted, 'CreateTaggedFleets').Condition?.['ForAllValues:ArnLike']?.[
        'autoscaling:TargetGroupARNs'
      ],
    ).toEqual([
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/demo-blue/*',
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/demo-green/*',
    ]);
  });

  it('passes only the instance profile role, and only to EC2', () => {
    const pass = only(iamPolicyFor(targetGroupManifest()), 'iam:PassRole');
    expect(pass.Resource).toBe('arn:aws:iam::123456789012:role/odin-demo');
    expect(pass.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } });
    expect(
      only(iamPolicyFor(targetGroupManifest(), { roleName: 'checkout-app' }), 'iam:PassRole').Resource,
    ).toBe('arn:aws:iam::123456789012:role/checkout-app');
  });

  it('leaves PassRole and the profile lookup out when instances have no profile', () => {
    const manifest = targetGroupManifest({
      instances: { ...targetGroupManifest().instances, profile: undefined },
    });
    expect(statementsGranting(iamPolicyFor(manifest), 'iam:PassRole')).toEqual([]);
    expect(actionsNotNeeded(manifest)).toContainEqual({
      action: 'iam:PassRole',
      reason: 'instances.profile is not set',
    });
  });

  it('changes launch templates only when they carry the service and environment tags', () => {
    const policy = iamPolicyFor(targetGroupManifest());
    expect(only(policy, 'ec2:CreateLaunchTemplate').Condition?.StringEquals).toMatchObject({
      'aws:RequestTag/odin:service': 'checkout',
    });
    const manage = only(policy, 'ec2:DeleteLaunchTemplate');
    expect(manage.Resource).toBe('arn:aws:ec2:us-east-1:123456789012:launch-template/*');
    expect(manage.Condition?.StringEquals).toMatchObject({
      'aws:ResourceTag/odin:environment': 'production',
    });
  });

  it('reads and writes state objects only under the service and environment prefix', () => {
    const policy = iamPolicyFor(targetGroupManifest());
    expect(only(policy, 's3:PutObject').Resource).toBe(
      'arn:aws:s3:::odin-state-123456789012/odin/checkout/production/*',
    );
    const list = only(policy, 's3:ListBucket');
    expect(list.Resource).toBe('arn:aws:s3:::odin-state-123456789012');
    expect(list.Condition).toEqual({ StringLikeIfExists: { 's3:prefix': 'odin/checkout/production/*' } });
  });

  it('scopes state to the same keys the state module uses, even for a prefix without its slash', () => {
    const policy = iamPolicyFor(targetGroupManifest({ state: { bucket: 'b', prefix: 'deploys' } }));
    expect(only(policy, 's3:GetObject').Resource).toBe('arn:aws:s3:::b/deploys/checkout/production/*');
  });

  it('weights only the manifest listener or rule', () => {
    const listener = only(iamPolicyFor(weightedManifest()), 'elasticloadbalancing:ModifyListener');
    expect(listener.Resource).toBe(
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/demo-alb/50dc6c495c0c9188/f2f7dc8efc522ab2',
    );
    expect(statementsGranting(iamPolicyFor(weightedManifest()), 'elasticloadbalancing:ModifyRule')).toEqual(
      [],
    );
    expect(
      statementsGranting(iamPolicyFor(targetGroupManifest()), 'elasticloadbalancing:ModifyListener'),
    ).toEqual([]);
    const ruleManifest = STRATEGY_MANIFESTS[2]?.[1];
    if (ruleManifest?.traffic.strategy !== 'weighted') throw new Error('the third manifest weights a rule');
    expect(only(iamPolicyFor(ruleManifest), 'elasticloadbalancing:ModifyRule').Resource).toBe(
      ruleManifest.traffic.rule,
    );
    expect(actionsNotNeeded(ruleManifest)).toContainEqual({
      action: 'elasticloadbalancing:ModifyListener',
      reason: 'traffic.listener is not set',
    });
  });

  it('upserts only the service record, by normalised name and type, in the manifest zone', () => {
    const change = only(iamPolicyFor(dnsManifest()), 'route53:ChangeResourceRecordSets');
    expect(change.Resource).toBe('arn:aws:route53:::hostedzone/*');
    expect(change.Condition?.['ForAllValues:StringEquals']).toEqual({
      'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['app.demo.example.com'],
      'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'AAAA'],
      'route53:ChangeResourceRecordSetsActions': ['UPSERT'],
    });
    const dns = dnsManifest().traffic;
    if (dns.strategy !== 'dns') throw new Error('dnsManifest() must use the dns strategy');
    const byId = dnsManifest({ traffic: { ...dns, zone: 'Z0123456789ABCDEFGHIJ' } });
    expect(only(iamPolicyFor(byId), 'route53:ChangeResourceRecordSets').Resource).toBe(
      'arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ',
    );
  });

  it('explains each strategy-specific action it leaves out', () => {
    const reasons = new Map(actionsNotNeeded(targetGroupManifest()).map((o) => [o.action, o.reason]));
    expect(reasons.get('route53:ChangeResourceRecordSets')).toBe('traffic.strategy is target-group, not dns');
    expect(reasons.get('cloudwatch:DescribeAlarms')).toBe('traffic.alarms is empty');
    expect(reasons.get('ssm:GetParameter')).toMatch(/^image is not read from an SSM parameter/);
  });

  it('reads only the image parameter the manifest names', () => {
    const manifest = targetGroupManifest({ image: { ssm: '/images/checkout/latest' } });
    expect(only(iamPolicyFor(manifest), 'ssm:GetParameter').Resource).toBe(
      'arn:aws:ssm:us-east-1:123456789012:parameter/images/checkout/latest',
    );
  });

  it('uses the China partition for China regions', () => {
    const policy = iamPolicyFor(targetGroupManifest({ region: 'cn-north-1' }));
    expect(only(policy, 's3:GetObject').Resource).toMatch(/^arn:aws-cn:s3:::/);
    expect(only(policy, 'iam:PassRole').Resource).toBe('arn:aws-cn:iam::123456789012:role/odin-demo');
  });

  it.each(STRATEGY_MANIFESTS)(
    'has unique, readable statement ids and fits a managed policy (%s)',
    (_name, manifest) => {
      const policy = iamPolicyFor(manifest);
      const sids = policy.Statement.map((s) => s.Sid);
      expect(new Set(sids).size).toBe(sids.length);
      for (const sid of sids) expect(sid).toMatch(/^[A-Z][A-Za-z0-9]{5,}$/);
      // IAM's limit for a customer managed policy, whitespace excluded.
      expect(JSON.stringify(policy).length).toBeLessThan(6144);
    },
  );
});

describe('iamPolicyFor on the example manifests', async () => {
  const { loadManifests } = await import('../../../src/lib/manifest/load-manifest.js');
  const files = ['target-group', 'weighted', 'dns'].map((name) => `examples/${name}.odin.yml`);
  const manifests = (await Promise.all(files.map((file) => loadManifests(file)))).flat();

  it.each(manifests.map((m) => [`${m.service}/${m.environment}`, m] as const))(
    'grants every adapter action the manifest can use, and explains the rest (%s)',
    (_name, manifest) => {
      const policy = iamPolicyFor(manifest);
      const omitted = new Set(actionsNotNeeded(manifest).map((o) => o.action));
      const missing = adapterActions.filter(
        (a) => statementsGranting(policy, a).length === 0 && !omitted.has(a),
      );
      expect(missing).toEqual([]);
    },
  );

  it('covers every strategy among the examples', () => {
    expect(new Set(manifests.map((m) => m.traffic.strategy))).toEqual(
      new Set(['target-group', 'weighted', 'dns']),
    );
  });
});
