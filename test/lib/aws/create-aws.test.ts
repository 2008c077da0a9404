import {
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { createAws } from '../../../src/lib/aws/create-aws.js';
import type { AwsServiceName } from '../../../src/lib/aws/service-name.js';
import { AwsCallError } from '../../../src/lib/errors/index.js';
import { VirtualClock } from '../../../src/lib/clock/index.js';
import { awsError, mockedAws } from '../../helpers/aws-mock.js';

const IDENTITY = { Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/demo', UserId: 'AIDA' };

describe('createAws', () => {
  it('creates no client until a service is first called, then customizes it exactly once', async () => {
    const customized: AwsServiceName[] = [];
    const { mocks, clients } = mockedAws();
    mocks.sts.on(GetCallerIdentityCommand).resolves(IDENTITY);
    const created: AwsServiceName[] = [];
    const aws = createAws({
      region: 'eu-west-1',
      clock: new VirtualClock(),
      clientFactory: (service) => {
        created.push(service);
        return clients[service];
      },
      customizeClient: (_client, service) => customized.push(service),
    });
    expect(created).toEqual([]);

    await aws.sts.getCallerIdentity();
    await aws.sts.getCallerIdentity();

    expect(created).toEqual(['sts']);
    expect(customized).toEqual(['sts']);
  });

  it('configures clients with one SDK attempt, the given endpoint, and us-east-1 for global services', async () => {
    const configs: Record<string, { region: string; maxAttempts: number; endpoint?: string }> = {};
    const { mocks, clients } = mockedAws();
    mocks.sts.on(GetCallerIdentityCommand).resolves(IDENTITY);
    const aws = createAws({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:4566',
      clock: new VirtualClock(),
      clientFactory: (service, config) => {
        configs[service] = config;
        return clients[service];
      },
    });

    await aws.sts.getCallerIdentity();
    await aws.iam.getInstanceProfile('x').catch(() => undefined);
    await aws.route53.getChangeStatus('C1').catch(() => undefined);

    expect(configs['sts']).toMatchObject({
      region: 'eu-west-1',
      maxAttempts: 1,
      endpoint: 'http://127.0.0.1:4566',
    });
    expect(configs['iam']?.region).toBe('us-east-1');
    expect(configs['route53']?.region).toBe('us-east-1');
  });

  it('retries a throttled call with backoff on the clock and counts every attempt', async () => {
    const { aws, mocks, clock, calls } = mockedAws();
    const started = clock.now();
    mocks.autoscaling
      .on(DescribeAutoScalingGroupsCommand)
      .rejectsOnce(awsError('Throttling', 400, 'Rate exceeded'))
      .rejectsOnce(awsError('Throttling', 400, 'Rate exceeded'))
      .resolves({ AutoScalingGroups: [] });

    await aws.autoScaling.describeGroups(['web']);

    // Jitter 0.5 of 200 ms, then of 400 ms: at least 300 ms passed on the virtual clock.
    expect(clock.now() - started).toBeGreaterThanOrEqual(300);
    expect(aws.stats()).toEqual({
      calls: 3,
      throttled: 2,
      retried: 2,
      byOperation: { 'autoscaling:DescribeAutoScalingGroups': 3 },
    });
    expect(calls.map((c) => [c.attempt, c.throttled])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
  });

  it('retries transient server and network errors but not client errors', async () => {
    const { aws, mocks } = mockedAws();
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    mocks.autoscaling
      .on(DescribeAutoScalingGroupsCommand)
      .rejectsOnce(awsError('InternalFailure', 500))
      .rejectsOnce(reset)
      .resolves({ AutoScalingGroups: [] });
    mocks.autoscaling
      .on(UpdateAutoScalingGroupCommand)
      .rejects(awsError('ValidationError', 400, 'bad desired'));

    await aws.autoScaling.describeGroups(['web']);
    const failure = await aws.autoScaling.updateCapacity('web', { desired: 9 }).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(AwsCallError);
    expect(aws.stats().byOperation).toEqual({
      'autoscaling:DescribeAutoScalingGroups': 3,
      'autoscaling:UpdateAutoScalingGroup': 1,
    });
  });

  it('gives up after the attempt budget with an AwsCallError naming the operation and a throttling hint', async () => {
    const { aws, mocks } = mockedAws({ retry: { maxAttempts: 4 } });
    mocks.autoscaling
      .on(DescribeAutoScalingGroupsCommand)
      .rejects(awsError('Throttling', 400, 'Rate exceeded'));

    const failure = await aws.autoScaling.describeGroups(['web']).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(AwsCallError);
    const error = failure as AwsCallError;
    expect(error.service).toBe('autoscaling');
    expect(error.operation).toBe('DescribeAutoScalingGroups');
    expect(error.awsCode).toBe('Throttling');
    expect(error.message).toContain('Rate exceeded');
    expect(error.hint).toContain('AWS kept throttling DescribeAutoScalingGroups');
    expect(error.exitCode).toBe(6);
    expect(aws.stats()).toMatchObject({ calls: 4, throttled: 4, retried: 3 });
  });

  it('fails at once on access denied, naming the IAM action to grant', async () => {
    const { aws, mocks } = mockedAws();
    mocks.sts.on(GetCallerIdentityCommand).rejects(awsError('AccessDenied', 403, 'not authorized'));
    mocks.autoscaling
      .on(UpdateAutoScalingGroupCommand)
      .rejects(awsError('AccessDenied', 403, 'not authorized'));

    const failure = (await aws.autoScaling
      .updateCapacity('web', { min: 1 })
      .catch((e: unknown) => e)) as AwsCallError;

    expect(failure.hint).toBe(
      'grant autoscaling:UpdateAutoScalingGroup to the caller; see `odin iam-policy`',
    );
    expect(aws.stats().calls).toBe(1);
  });

  it('slows every call to a service once one of them is throttled', async () => {
    const budget = { ratePerSec: 10, burst: 1, minRatePerSec: 0.5, recoveryPerSuccess: 0 };
    const { aws, mocks, clock } = mockedAws({ budget, retry: { random: () => 0 } });
    mocks.autoscaling
      .on(DescribeAutoScalingGroupsCommand)
      .rejectsOnce(awsError('Throttling'))
      .resolves({ AutoScalingGroups: [] });
    mocks.autoscaling.on(UpdateAutoScalingGroupCommand).resolves({});

    await aws.autoScaling.describeGroups(['web']);
    const before = clock.now();
    await aws.autoScaling.updateCapacity('web', { desired: 2 });
    await aws.autoScaling.updateCapacity('web', { desired: 3 });

    // The rate was halved to 5/s, so each further call of any operation waits 200 ms.
    expect(clock.now() - before).toBeGreaterThanOrEqual(400);
  });

  it('builds real SDK clients that a customizeClient middleware can answer without any network', async () => {
    const seen: string[] = [];
    const aws = createAws({
      region: 'eu-west-1',
      clock: new VirtualClock(),
      customizeClient: (client, service) => {
        client.middlewareStack.add(
          (_next: unknown, context: { commandName: string }) => async () => {
            seen.push(`${service}:${context.commandName}`);
            return { output: { ...IDENTITY, $metadata: { httpStatusCode: 200 } }, response: {} };
          },
          { step: 'initialize', name: 'answerLocally', priority: 'high' },
        );
      },
    });

    const identity = await aws.sts.getCallerIdentity();

    expect(identity.account).toBe('123456789012');
    expect(seen).toEqual(['sts:GetCallerIdentityCommand']);
    aws.destroy();
  });
});
