import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { DEMO_IDS, openLocalCloud } from '../../../src/lib/simulator/index.js';
import { sdkClients } from './sdk-clients.js';

let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'odin-world-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the on-disk local cloud', () => {
  it('shares one world between sessions opened on the same directory', async () => {
    const first = await openLocalCloud({ dir, speed: 1000 });
    await first.seedExamples();
    const a = sdkClients(first);
    const lt = await a.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'shared',
        LaunchTemplateData: { ImageId: DEMO_IDS.imageV2 },
      }),
    );
    await a.autoscaling.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: 'shared',
        LaunchTemplate: { LaunchTemplateId: lt.LaunchTemplate!.LaunchTemplateId },
        MinSize: 1,
        MaxSize: 1,
        VPCZoneIdentifier: DEMO_IDS.subnetA,
      }),
    );
    await first.close();
    const second = await openLocalCloud({ dir, speed: 1000 });
    const b = sdkClients(second);
    const out = await b.autoscaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['shared'] }),
    );
    expect(out.AutoScalingGroups?.[0]?.Instances).toHaveLength(1);
    expect(Math.abs(second.clock.now() - first.clock.now())).toBeLessThan(60_000);
    await second.close();
  });

  it('lets only one of two concurrent create-only writes win', async () => {
    const [x, y] = [await openLocalCloud({ dir }), await openLocalCloud({ dir })];
    await x.seedExamples();
    const put = (session: typeof x, body: string) =>
      sdkClients(session)
        .s3.send(
          new PutObjectCommand({
            Bucket: 'odin-state-123456789012',
            Key: 'lease',
            Body: body,
            IfNoneMatch: '*',
          }),
        )
        .then(
          () => 'won',
          (e: Error) => e.name,
        );
    const outcomes = await Promise.all([put(x, 'x'), put(y, 'y'), put(x, 'x2'), put(y, 'y2')]);
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'PreconditionFailed')).toHaveLength(3);
  });

  it('starts a reset world from the given seed, so the same seed hands out the same ids', async () => {
    const session = await openLocalCloud({ dir, speed: 1000 });
    const templateIdAfterReset = async (seed: number) => {
      await session.reset(seed);
      const out = await sdkClients(session).ec2.send(
        new CreateLaunchTemplateCommand({ LaunchTemplateName: 'seeded', LaunchTemplateData: {} }),
      );
      return out.LaunchTemplate!.LaunchTemplateId!;
    };

    const [a, b, c] = [
      await templateIdAfterReset(7),
      await templateIdAfterReset(7),
      await templateIdAfterReset(8),
    ];

    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('runs simulated time at the requested speed from an origin stored with the world', async () => {
    const session = await openLocalCloud({ dir, speed: 60 });
    const simulatedStart = session.clock.now();
    const wallStart = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const simulated = session.clock.now() - simulatedStart;
    const wall = Date.now() - wallStart;
    expect(simulated).toBeGreaterThanOrEqual(wall * 60 - 200);
    expect(simulated).toBeLessThanOrEqual(wall * 60 + 200);
  });
});
