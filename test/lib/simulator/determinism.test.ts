import { describe, expect, it } from 'vitest';

import { createAws } from '../../../src/lib/aws/create-aws.js';
import { VirtualClock } from '../../../src/lib/clock/virtual-clock.js';
import { DEMO_IDS, createLocalCloud, type Faults } from '../../../src/lib/simulator/index.js';

const FAULTS: Partial<Faults> = {
  throttleRate: 0.2,
  errorRates: { DescribeTargetHealth: 0.1, DescribeAutoScalingGroups: 0.1 },
  lostResponseRates: { CreateAutoScalingGroup: 0.5 },
  dieAfterMs: 120_000,
  dieRate: 0.5,
};

/** Runs `step`, recording its result (or the error code it ended with) and the simulated time. */
async function record(log: unknown[], clock: VirtualClock, label: string, step: () => Promise<unknown>) {
  const result = await step().then(
    (value) => JSON.parse(JSON.stringify(value ?? null)) as unknown,
    (error: unknown) => ({ failed: (error as { awsCode?: string }).awsCode ?? String(error) }),
  );
  log.push([label, clock.now(), result]);
  return result;
}

// The same scripted sequence of odin's adapter calls: create a fleet behind demo-web and poll
// it while time passes, with odin's own retries (jitter from the world) absorbing the faults.
async function script(seed: number) {
  const clock = new VirtualClock();
  const cloud = createLocalCloud({ clock, seed, faults: FAULTS });
  cloud.seedExamples();
  const aws = createAws({
    region: 'us-east-1',
    clock,
    customizeClient: cloud.customizeClient,
    retry: { random: cloud.random() },
  });
  const log: unknown[] = [];
  const [tg] = (await record(log, clock, 'tg', () => aws.elbv2.findTargetGroups(['demo-web']))) as Array<{
    arn: string;
  }>;
  const lt = (await record(log, clock, 'lt', () =>
    aws.ec2.createLaunchTemplate(
      'det',
      { imageId: DEMO_IDS.imageV2, securityGroupIds: [DEMO_IDS.securityGroup], instanceTags: {} },
      {},
    ),
  )) as { id: string; version: number };
  await record(log, clock, 'create', () =>
    aws.autoScaling.createGroup({
      name: 'det',
      launchTemplate: { id: lt.id, version: String(lt.version) },
      min: 4,
      max: 4,
      desired: 4,
      subnetIds: [DEMO_IDS.subnetA, DEMO_IDS.subnetB],
      targetGroupArns: [tg!.arn],
      healthCheckType: 'ELB',
      healthCheckGracePeriodSec: 0,
      tags: {},
    }),
  );
  for (let i = 0; i < 30; i++) {
    await clock.sleep(15_000);
    await record(log, clock, 'health', () => aws.elbv2.describeTargetHealth(tg!.arn));
    await record(log, clock, 'group', () => aws.autoScaling.describeGroups(['det']));
  }
  await record(log, clock, 'activities', () => aws.autoScaling.describeActivities('det'));
  aws.destroy();
  return { log, stats: aws.stats() };
}

describe('local cloud: determinism through odin’s adapters', () => {
  it('gives identical results, timings and call counts for the same seed, faults and retries included', async () => {
    const [a, b] = [await script(42), await script(42)];

    expect(a.log).toEqual(b.log);
    expect(a.stats).toEqual(b.stats);
    expect(a.stats.throttled).toBeGreaterThan(0);
    expect(a.stats.retried).toBeGreaterThan(a.stats.throttled);
  });

  it('answers differently for another seed', async () => {
    const [a, b] = [await script(42), await script(43)];

    expect(a.log).not.toEqual(b.log);
  });
});
