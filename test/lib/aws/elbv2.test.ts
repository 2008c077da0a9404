import {
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyListenerCommand,
  ModifyRuleCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { awsError, mockedAws } from '../../helpers/aws-mock.js';

const LISTENER =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/demo-alb/50dc6c495c0c9188/f2f7dc8efc522ab2';
const RULE =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/demo-alb/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee';
const tgArn = (name: string) =>
  `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${name}/0123456789abcdef`;

describe('Elbv2 adapter', () => {
  it('looks target groups up by name and by ARN in separate calls of at most 20', async () => {
    const { aws, mocks } = mockedAws();
    mocks.elbv2
      .on(DescribeTargetGroupsCommand)
      .callsFake((input: { Names?: string[]; TargetGroupArns?: string[] }) => ({
        TargetGroups: [
          ...(input.Names ?? []).map((name) => ({ TargetGroupName: name, TargetGroupArn: tgArn(name) })),
          ...(input.TargetGroupArns ?? []).map((arn) => ({ TargetGroupName: 'by-arn', TargetGroupArn: arn })),
        ],
      }));
    const names = Array.from({ length: 25 }, (_, i) => `tg-${i}`);

    const found = await aws.elbv2.findTargetGroups([...names, tgArn('other')]);

    const inputs = mocks.elbv2.commandCalls(DescribeTargetGroupsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => [i.Names?.length, i.TargetGroupArns?.length])).toEqual([
      [20, undefined],
      [5, undefined],
      [undefined, 1],
    ]);
    expect(found).toHaveLength(26);
  });

  it('leaves out missing target groups when AWS rejects the whole batch', async () => {
    const { aws, mocks } = mockedAws();
    mocks.elbv2.on(DescribeTargetGroupsCommand).callsFake((input: { Names?: string[] }) => {
      if (input.Names?.includes('gone'))
        throw awsError('TargetGroupNotFoundException', 400, 'One or more not found');
      return {
        TargetGroups: (input.Names ?? []).map((name) => ({
          TargetGroupName: name,
          TargetGroupArn: tgArn(name),
        })),
      };
    });

    const found = await aws.elbv2.findTargetGroups(['blue', 'gone', 'green']);

    expect(found.map((tg) => tg.name)).toEqual(['blue', 'green']);
  });

  it('reads the deregistration delay, defaulting to AWS default of 300 s', async () => {
    const { aws, mocks } = mockedAws();
    mocks.elbv2
      .on(DescribeTargetGroupAttributesCommand, { TargetGroupArn: tgArn('a') })
      .resolves({ Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }] })
      .on(DescribeTargetGroupAttributesCommand, { TargetGroupArn: tgArn('b') })
      .resolves({ Attributes: [] });

    expect(await aws.elbv2.getDeregistrationDelaySec(tgArn('a'))).toBe(30);
    expect(await aws.elbv2.getDeregistrationDelaySec(tgArn('b'))).toBe(300);
  });

  it('maps target health per target group', async () => {
    const { aws, mocks } = mockedAws();
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [
        { Target: { Id: 'i-1', Port: 80 }, TargetHealth: { State: 'healthy' } },
        {
          Target: { Id: 'i-2', Port: 80 },
          TargetHealth: {
            State: 'unhealthy',
            Reason: 'Target.FailedHealthChecks',
            Description: 'Health checks failed',
          },
        },
      ],
    });

    const health = await aws.elbv2.describeTargetHealth(tgArn('a'));

    expect(health).toEqual([
      { id: 'i-1', port: 80, state: 'healthy', reason: undefined, description: undefined },
      {
        id: 'i-2',
        port: 80,
        state: 'unhealthy',
        reason: 'Target.FailedHealthChecks',
        description: 'Health checks failed',
      },
    ]);
  });

  it('reads listener weights back, counting a plain forward as weight 1', async () => {
    const { aws, mocks } = mockedAws();
    mocks.elbv2
      .on(DescribeListenersCommand)
      .resolvesOnce({
        Listeners: [
          {
            ListenerArn: LISTENER,
            LoadBalancerArn: 'arn:lb',
            Port: 80,
            Protocol: 'HTTP',
            DefaultActions: [
              {
                Type: 'forward',
                ForwardConfig: {
                  TargetGroups: [
                    { TargetGroupArn: tgArn('blue'), Weight: 100 },
                    { TargetGroupArn: tgArn('green'), Weight: 0 },
                  ],
                },
              },
            ],
          },
        ],
      })
      .resolvesOnce({
        Listeners: [
          { ListenerArn: LISTENER, DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn('blue') }] },
        ],
      });

    const weighted = await aws.elbv2.describeListener(LISTENER);
    const plain = await aws.elbv2.describeListener(LISTENER);

    expect(weighted?.forward).toEqual([
      { targetGroupArn: tgArn('blue'), weight: 100 },
      { targetGroupArn: tgArn('green'), weight: 0 },
    ]);
    expect(weighted).toMatchObject({ loadBalancerArn: 'arn:lb', port: 80, protocol: 'HTTP' });
    expect(plain?.forward).toEqual([{ targetGroupArn: tgArn('blue'), weight: 1 }]);
  });

  it('answers undefined for a listener or rule that does not exist', async () => {
    const { aws, mocks } = mockedAws();
    mocks.elbv2.on(DescribeListenersCommand).rejects(awsError('ListenerNotFoundException'));
    mocks.elbv2.on(DescribeRulesCommand).rejects(awsError('RuleNotFound'));

    expect(await aws.elbv2.describeListener(LISTENER)).toBeUndefined();
    expect(await aws.elbv2.describeRule(RULE)).toBeUndefined();
  });

  it('reads a rule with its listener derived from the rule ARN', async () => {
    const { aws, mocks } = mockedAws();
    mocks.elbv2.on(DescribeRulesCommand).resolves({
      Rules: [
        {
          RuleArn: RULE,
          Priority: '10',
          IsDefault: false,
          Actions: [
            {
              Type: 'forward',
              ForwardConfig: { TargetGroups: [{ TargetGroupArn: tgArn('blue'), Weight: 5 }] },
            },
          ],
        },
      ],
    });

    expect(await aws.elbv2.describeRule(RULE)).toEqual({
      arn: RULE,
      listenerArn: LISTENER,
      priority: '10',
      isDefault: false,
      forward: [{ targetGroupArn: tgArn('blue'), weight: 5 }],
    });
  });

  it('writes weights as one weighted forward action with stickiness off', async () => {
    const { aws, mocks } = mockedAws();
    mocks.elbv2.on(ModifyListenerCommand).resolves({});
    mocks.elbv2.on(ModifyRuleCommand).resolves({});
    const targets = [
      { targetGroupArn: tgArn('blue'), weight: 90 },
      { targetGroupArn: tgArn('green'), weight: 10 },
    ];
    const expected = [
      {
        Type: 'forward',
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: tgArn('blue'), Weight: 90 },
            { TargetGroupArn: tgArn('green'), Weight: 10 },
          ],
          TargetGroupStickinessConfig: { Enabled: false },
        },
      },
    ];

    await aws.elbv2.setListenerWeights(LISTENER, targets);
    await aws.elbv2.setRuleWeights(RULE, targets);

    expect(mocks.elbv2.commandCalls(ModifyListenerCommand)[0]?.args[0].input).toEqual({
      ListenerArn: LISTENER,
      DefaultActions: expected,
    });
    expect(mocks.elbv2.commandCalls(ModifyRuleCommand)[0]?.args[0].input).toEqual({
      RuleArn: RULE,
      Actions: expected,
    });
  });
});
