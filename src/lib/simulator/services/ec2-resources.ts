import type {
  DescribeImagesCommandInput,
  DescribeImagesCommandOutput,
  DescribeKeyPairsCommandInput,
  DescribeKeyPairsCommandOutput,
  DescribeSecurityGroupsCommandInput,
  DescribeSecurityGroupsCommandOutput,
  DescribeSubnetsCommandInput,
  DescribeSubnetsCommandOutput,
} from '@aws-sdk/client-ec2';

import { AwsFault } from '../aws-fault.js';
import type { ImageState } from '../types.js';
import type { World } from '../world.js';
import { passesFilters, readTagFilter, tagList } from './shapes.js';

type Out<T> = Omit<T, '$metadata'>;

function checkIds(
  ids: string[] | undefined,
  prefix: string,
  code: string,
  exists: (id: string) => boolean,
  what: string,
): void {
  for (const id of ids ?? []) {
    if (!new RegExp(`^${prefix}-[0-9a-f]{8,17}$`).test(id)) {
      throw new AwsFault(
        code.replace('NotFound', 'Malformed'),
        `Invalid id: "${id}" (expecting "${prefix}-...")`,
      );
    }
  }
  const missing = (ids ?? []).filter((id) => !exists(id));
  if (missing.length > 0) throw new AwsFault(code, `The ${what} '${missing.join(', ')}' does not exist`);
}

function imageOwnerMatches(world: World, image: ImageState, owners: string[] | undefined): boolean {
  if (!owners || owners.length === 0) return true;
  return owners.some((o) => (o === 'self' ? image.ownerId === world.state.account : o === image.ownerId));
}

function imageShape(image: ImageState) {
  return {
    ImageId: image.id,
    Name: image.name,
    State: image.state,
    OwnerId: image.ownerId,
    CreationDate: new Date(image.createdAt).toISOString(),
    Architecture: 'x86_64' as const,
    ImageType: 'machine' as const,
    Public: false,
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs' as const,
    VirtualizationType: 'hvm' as const,
    Tags: tagList(image.tags),
  };
}

function describeImages(world: World, input: DescribeImagesCommandInput): Out<DescribeImagesCommandOutput> {
  const images = world.state.images;
  const ids = input.ImageIds;
  if (ids) {
    for (const id of ids)
      if (!/^ami-[0-9a-f]{8,17}$/.test(id))
        throw new AwsFault('InvalidAMIID.Malformed', `Invalid id: "${id}" (expecting "ami-...")`);
    const missing = ids.filter((id) => images[id]?.state !== 'available');
    if (missing.length > 0)
      throw new AwsFault('InvalidAMIID.NotFound', `The image id '[${missing.join(', ')}]' does not exist`);
  }
  const candidates = ids ? ids.map((id) => images[id]!) : Object.values(images);
  const found = candidates.filter(
    (image) =>
      image.state === 'available' &&
      imageOwnerMatches(world, image, input.Owners) &&
      passesFilters(input.Filters, (name) => {
        if (name === 'name') return image.name;
        if (name === 'image-id') return image.id;
        if (name === 'state') return image.state;
        if (name === 'owner-id') return image.ownerId;
        return readTagFilter(name, image.tags);
      }),
  );
  return { Images: found.map(imageShape) };
}

function describeSubnets(
  world: World,
  input: DescribeSubnetsCommandInput,
): Out<DescribeSubnetsCommandOutput> {
  const subnets = world.state.subnets;
  checkIds(input.SubnetIds, 'subnet', 'InvalidSubnetID.NotFound', (id) => id in subnets, 'subnet ID');
  const candidates = input.SubnetIds ? input.SubnetIds.map((id) => subnets[id]!) : Object.values(subnets);
  const found = candidates.filter((s) =>
    passesFilters(input.Filters, (name) => {
      if (name === 'subnet-id') return s.id;
      if (name === 'vpc-id') return s.vpcId;
      if (name === 'availability-zone') return s.availabilityZone;
      return readTagFilter(name, s.tags);
    }),
  );
  return {
    Subnets: found.map((s) => ({
      SubnetId: s.id,
      VpcId: s.vpcId,
      AvailabilityZone: s.availabilityZone,
      CidrBlock: s.cidrBlock,
      State: 'available',
      AvailableIpAddressCount: 4000,
      OwnerId: world.state.account,
      SubnetArn: `arn:aws:ec2:${world.state.region}:${world.state.account}:subnet/${s.id}`,
      Tags: tagList(s.tags),
    })),
  };
}

function describeSecurityGroups(
  world: World,
  input: DescribeSecurityGroupsCommandInput,
): Out<DescribeSecurityGroupsCommandOutput> {
  const groups = world.state.securityGroups;
  checkIds(input.GroupIds, 'sg', 'InvalidGroup.NotFound', (id) => id in groups, 'security group');
  const all = Object.values(groups);
  for (const name of input.GroupNames ?? []) {
    if (!all.some((g) => g.groupName === name)) {
      throw new AwsFault(
        'InvalidGroup.NotFound',
        `The security group '${name}' does not exist in default VPC 'vpc-default'`,
      );
    }
  }
  const found = all.filter(
    (g) =>
      (!input.GroupIds || input.GroupIds.includes(g.id)) &&
      (!input.GroupNames || input.GroupNames.includes(g.groupName)) &&
      passesFilters(input.Filters, (name) => {
        if (name === 'group-id') return g.id;
        if (name === 'group-name') return g.groupName;
        if (name === 'vpc-id') return g.vpcId;
        return readTagFilter(name, g.tags);
      }),
  );
  return {
    SecurityGroups: found.map((g) => ({
      GroupId: g.id,
      GroupName: g.groupName,
      VpcId: g.vpcId,
      Description: g.description,
      OwnerId: world.state.account,
      Tags: tagList(g.tags),
    })),
  };
}

function describeKeyPairs(
  world: World,
  input: DescribeKeyPairsCommandInput,
): Out<DescribeKeyPairsCommandOutput> {
  const pairs = world.state.keyPairs;
  const missing = (input.KeyNames ?? []).filter((name) => !(name in pairs));
  if (missing.length > 0)
    throw new AwsFault('InvalidKeyPair.NotFound', `The key pair '${missing[0]}' does not exist`);
  const names = input.KeyNames ?? Object.keys(pairs);
  return {
    KeyPairs: names.map((name) => ({
      KeyName: name,
      KeyPairId: pairs[name]!.id,
      KeyFingerprint: pairs[name]!.fingerprint,
      KeyType: 'ed25519',
    })),
  };
}

/** EC2 lookups: images, subnets, security groups, key pairs. */
export const ec2ResourceHandlers = {
  DescribeImages: describeImages,
  DescribeSubnets: describeSubnets,
  DescribeSecurityGroups: describeSecurityGroups,
  DescribeKeyPairs: describeKeyPairs,
};
