import {
  CreateLaunchTemplateCommand,
  DeleteLaunchTemplateVersionsCommand,
  DescribeImagesCommand,
  DescribeKeyPairsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { AwsCallError } from '../../../src/lib/errors/index.js';
import { awsError, mockedAws } from '../../helpers/aws-mock.js';

describe('Ec2 adapter', () => {
  it('queries images by name pattern and tags with filters, paginated to the end', async () => {
    const { aws, mocks } = mockedAws();
    mocks.ec2
      .on(DescribeImagesCommand)
      .resolvesOnce({
        Images: [{ ImageId: 'ami-1', Name: 'app-1', CreationDate: '2026-01-02T00:00:00.000Z' }],
        NextToken: 'n',
      })
      .resolvesOnce({ Images: [{ ImageId: 'ami-2', Name: 'app-2', Tags: [{ Key: 'app', Value: 'demo' }] }] });

    const images = await aws.ec2.describeImages({
      owners: ['self'],
      namePattern: 'app-*',
      tags: { app: 'demo' },
    });

    expect(images.map((i) => i.id)).toEqual(['ami-1', 'ami-2']);
    expect(images[0]?.createdAt).toBe(Date.parse('2026-01-02T00:00:00.000Z'));
    expect(images[1]?.tags).toEqual({ app: 'demo' });
    expect(mocks.ec2.commandCalls(DescribeImagesCommand)[0]?.args[0].input).toEqual({
      Owners: ['self'],
      Filters: [
        { Name: 'name', Values: ['app-*'] },
        { Name: 'tag:app', Values: ['demo'] },
      ],
      ImageIds: undefined,
      NextToken: undefined,
    });
  });

  it('leaves out image ids that do not exist instead of failing the lookup', async () => {
    const { aws, mocks } = mockedAws();
    mocks.ec2.on(DescribeImagesCommand).callsFake((input: { ImageIds?: string[] }) => {
      if (input.ImageIds?.includes('ami-gone')) throw awsError('InvalidAMIID.NotFound');
      return { Images: (input.ImageIds ?? []).map((id) => ({ ImageId: id })) };
    });

    const images = await aws.ec2.describeImages({ ids: ['ami-1', 'ami-gone', 'ami-2'] });

    expect(images.map((i) => i.id)).toEqual(['ami-1', 'ami-2']);
  });

  it('finds subnets by id or Name tag, once each', async () => {
    const { aws, mocks } = mockedAws();
    const subnet = (id: string, name: string) => ({
      SubnetId: id,
      VpcId: 'vpc-1',
      AvailabilityZone: 'us-east-1a',
      Tags: [{ Key: 'Name', Value: name }],
    });
    mocks.ec2
      .on(DescribeSubnetsCommand, { SubnetIds: ['subnet-a'] })
      .resolves({ Subnets: [subnet('subnet-a', 'private-a')] })
      .on(DescribeSubnetsCommand, { Filters: [{ Name: 'tag:Name', Values: ['private-a', 'private-b'] }] })
      .resolves({ Subnets: [subnet('subnet-a', 'private-a'), subnet('subnet-b', 'private-b')] });

    const subnets = await aws.ec2.describeSubnets({ ids: ['subnet-a'], names: ['private-a', 'private-b'] });

    expect(subnets).toEqual([
      { id: 'subnet-a', vpcId: 'vpc-1', availabilityZone: 'us-east-1a', name: 'private-a' },
      { id: 'subnet-b', vpcId: 'vpc-1', availabilityZone: 'us-east-1a', name: 'private-b' },
    ]);
  });

  it('finds security groups by Name tag or by group name', async () => {
    const { aws, mocks } = mockedAws();
    mocks.ec2
      .on(DescribeSecurityGroupsCommand, { Filters: [{ Name: 'tag:Name', Values: ['web'] }] })
      .resolves({ SecurityGroups: [] })
      .on(DescribeSecurityGroupsCommand, { Filters: [{ Name: 'group-name', Values: ['web'] }] })
      .resolves({ SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'web', VpcId: 'vpc-1' }] });

    const groups = await aws.ec2.describeSecurityGroups({ names: ['web'] });

    expect(groups).toEqual([{ id: 'sg-1', groupName: 'web', vpcId: 'vpc-1', name: undefined }]);
  });

  it('answers absent for a missing key pair and launch template', async () => {
    const { aws, mocks } = mockedAws();
    mocks.ec2.on(DescribeKeyPairsCommand).rejects(awsError('InvalidKeyPair.NotFound'));
    mocks.ec2
      .on(DescribeLaunchTemplatesCommand)
      .rejects(awsError('InvalidLaunchTemplateName.NotFoundException'));

    expect(await aws.ec2.keyPairExists('deploy')).toBe(false);
    expect(await aws.ec2.findLaunchTemplate('checkout')).toBeUndefined();
  });

  it('creates a launch template with instance tags, a root volume and one client token across retries', async () => {
    const { aws, mocks } = mockedAws();
    mocks.ec2
      .on(CreateLaunchTemplateCommand)
      .rejectsOnce(awsError('RequestLimitExceeded'))
      .resolves({ LaunchTemplate: { LaunchTemplateId: 'lt-1', LatestVersionNumber: 1 } });

    const created = await aws.ec2.createLaunchTemplate(
      'checkout',
      {
        imageId: 'ami-1',
        instanceType: 'm7g.large',
        instanceProfileName: 'odin-demo',
        securityGroupIds: ['sg-1'],
        rootVolume: { deviceName: '/dev/xvda', sizeGiB: 20, type: 'gp3', encrypted: true },
        instanceTags: { 'odin:service': 'checkout' },
      },
      { 'odin:service': 'checkout' },
    );

    expect(created).toEqual({ id: 'lt-1', version: 1 });
    const inputs = mocks.ec2.commandCalls(CreateLaunchTemplateCommand).map((c) => c.args[0].input);
    expect(inputs).toHaveLength(2);
    expect(inputs[0]?.ClientToken).toBeTruthy();
    expect(inputs[1]?.ClientToken).toBe(inputs[0]?.ClientToken);
    expect(inputs[0]?.LaunchTemplateData).toMatchObject({
      IamInstanceProfile: { Name: 'odin-demo' },
      BlockDeviceMappings: [
        { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20, VolumeType: 'gp3', Encrypted: true } },
      ],
      TagSpecifications: [
        { ResourceType: 'instance', Tags: [{ Key: 'odin:service', Value: 'checkout' }] },
        { ResourceType: 'volume', Tags: [{ Key: 'odin:service', Value: 'checkout' }] },
      ],
    });
    expect(inputs[0]?.TagSpecifications).toEqual([
      { ResourceType: 'launch-template', Tags: [{ Key: 'odin:service', Value: 'checkout' }] },
    ]);
  });

  it('treats already-deleted template versions as deleted but reports other failures', async () => {
    const { aws, mocks } = mockedAws();
    mocks.ec2
      .on(DeleteLaunchTemplateVersionsCommand)
      .resolvesOnce({
        UnsuccessfullyDeletedLaunchTemplateVersions: [
          { VersionNumber: 2, ResponseError: { Code: 'launchTemplateVersionDoesNotExist' } },
        ],
      })
      .resolvesOnce({
        UnsuccessfullyDeletedLaunchTemplateVersions: [
          { VersionNumber: 1, ResponseError: { Code: 'unexpectedError', Message: 'is the default version' } },
        ],
      });

    await aws.ec2.deleteLaunchTemplateVersions('lt-1', [2]);
    const failure = await aws.ec2.deleteLaunchTemplateVersions('lt-1', [1]).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(AwsCallError);
    expect((failure as AwsCallError).message).toContain('is the default version');
  });
});
