import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  DeleteLaunchTemplateVersionsCommand,
  DescribeImagesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';

import { DEMO_IDS } from '../../../src/lib/simulator/index.js';
import { seededCloud } from './sdk-clients.js';

describe('local cloud: EC2', () => {
  it('finds images by name wildcard and owner self, by tag, and fails on a missing id', async () => {
    const { ec2 } = seededCloud();
    const byName = await ec2.send(
      new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'name', Values: ['demo-app-v*'] }] }),
    );
    expect(byName.Images?.map((i) => i.Name).sort()).toEqual(['demo-app-v1', 'demo-app-v2']);
    expect(typeof byName.Images?.[0]?.CreationDate).toBe('string');
    const byTag = await ec2.send(
      new DescribeImagesCommand({ Filters: [{ Name: 'tag:app', Values: ['demo-app'] }] }),
    );
    expect(byTag.Images).toHaveLength(3);
    const none = await ec2.send(new DescribeImagesCommand({ Owners: ['999999999999'] }));
    expect(none.Images).toEqual([]);
    await expect(
      ec2.send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] })),
    ).rejects.toMatchObject({
      name: 'InvalidAMIID.NotFound',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('finds subnets and security groups by Name tag and fails on missing ids', async () => {
    const { ec2 } = seededCloud();
    const subnets = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'tag:Name', Values: ['private-a', 'private-b'] }] }),
    );
    expect(subnets.Subnets?.map((s) => s.SubnetId).sort()).toEqual([DEMO_IDS.subnetA, DEMO_IDS.subnetB]);
    const groups = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['web'] }] }),
    );
    expect(groups.SecurityGroups?.[0]?.GroupId).toBe(DEMO_IDS.securityGroup);
    await expect(
      ec2.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0000000000000000f'] })),
    ).rejects.toMatchObject({ name: 'InvalidSubnetID.NotFound' });
    await expect(
      ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0000000000000000f'] })),
    ).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
  });

  it('versions launch templates and answers a missing name as EC2 does', async () => {
    const { ec2 } = seededCloud();
    const created = await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'web',
        LaunchTemplateData: { ImageId: DEMO_IDS.imageV1, InstanceType: 't3.small' },
      }),
    );
    const id = created.LaunchTemplate!.LaunchTemplateId!;
    const v2 = await ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: id,
        SourceVersion: '1',
        LaunchTemplateData: { ImageId: DEMO_IDS.imageV2 },
      }),
    );
    expect(v2.LaunchTemplateVersion).toMatchObject({
      VersionNumber: 2,
      LaunchTemplateData: { ImageId: DEMO_IDS.imageV2, InstanceType: 't3.small' },
    });
    const latest = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: ['$Latest'] }),
    );
    expect(latest.LaunchTemplateVersions?.[0]?.VersionNumber).toBe(2);
    const deleted = await ec2.send(
      new DeleteLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: ['1', '2'] }),
    );
    expect(deleted.SuccessfullyDeletedLaunchTemplateVersions?.map((v) => v.VersionNumber)).toEqual([2]);
    expect(deleted.UnsuccessfullyDeletedLaunchTemplateVersions?.[0]?.ResponseError?.Code).toBe(
      'launchTemplateVersionIsDefaultVersion',
    );
    await expect(
      ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['nope'] })),
    ).rejects.toMatchObject({
      name: 'InvalidLaunchTemplateName.NotFoundException',
    });
    await expect(
      ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'web', LaunchTemplateData: {} })),
    ).rejects.toMatchObject({
      name: 'InvalidLaunchTemplateName.AlreadyExistsException',
    });
  });

  it('hides a new launch template version for the consistency delay', async () => {
    const { ec2, clock } = seededCloud({ faults: { consistencyDelayMs: 3_000 } });
    const created = await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'lag',
        LaunchTemplateData: { ImageId: DEMO_IDS.imageV1 },
      }),
    );
    const id = created.LaunchTemplate!.LaunchTemplateId!;
    const early = await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id }));
    expect(early.LaunchTemplateVersions).toEqual([]);
    await clock.advance(3_000);
    const later = await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id }));
    expect(later.LaunchTemplateVersions?.map((v) => v.VersionNumber)).toEqual([1]);
  });
});
