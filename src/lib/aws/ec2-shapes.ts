import type {
  Image as SdkImage,
  LaunchTemplate as SdkLaunchTemplate,
  RequestLaunchTemplateData,
  SecurityGroup as SdkSecurityGroup,
  Subnet as SdkSubnet,
  VolumeType,
} from '@aws-sdk/client-ec2';
import { recordToTags, tagsToRecord, toEpochMs } from './shapes.js';
import type { Image, LaunchTemplate, LaunchTemplateData, SecurityGroup, Subnet } from './types.js';

/** An SDK image as odin's Image. */
export function toImage(image: SdkImage): Image {
  return {
    id: image.ImageId ?? '',
    name: image.Name ?? '',
    state: image.State ?? 'unknown',
    ownerId: image.OwnerId ?? '',
    createdAt: toEpochMs(image.CreationDate),
    tags: tagsToRecord(image.Tags),
  };
}

/** An SDK subnet as odin's Subnet. */
export function toSubnet(subnet: SdkSubnet): Subnet {
  return {
    id: subnet.SubnetId ?? '',
    vpcId: subnet.VpcId ?? '',
    availabilityZone: subnet.AvailabilityZone ?? '',
    name: tagsToRecord(subnet.Tags)['Name'],
  };
}

/** An SDK security group as odin's SecurityGroup. */
export function toSecurityGroup(group: SdkSecurityGroup): SecurityGroup {
  return {
    id: group.GroupId ?? '',
    vpcId: group.VpcId ?? '',
    groupName: group.GroupName ?? '',
    name: tagsToRecord(group.Tags)['Name'],
  };
}

/** An SDK launch template as odin's LaunchTemplate. */
export function toLaunchTemplate(template: SdkLaunchTemplate): LaunchTemplate {
  return {
    id: template.LaunchTemplateId ?? '',
    name: template.LaunchTemplateName ?? '',
    latestVersion: template.LatestVersionNumber ?? 0,
    defaultVersion: template.DefaultVersionNumber ?? 0,
    tags: tagsToRecord(template.Tags),
  };
}

/** odin's launch template data as the SDK's request shape. */
export function toLaunchTemplateData(data: LaunchTemplateData): RequestLaunchTemplateData {
  const instanceTags = recordToTags(data.instanceTags);
  const volume = data.rootVolume;
  return {
    ImageId: data.imageId,
    InstanceType: data.instanceType as RequestLaunchTemplateData['InstanceType'],
    IamInstanceProfile: data.instanceProfileName ? { Name: data.instanceProfileName } : undefined,
    SecurityGroupIds: data.securityGroupIds,
    KeyName: data.keyName,
    UserData: data.userData,
    BlockDeviceMappings: volume
      ? [
          {
            DeviceName: volume.deviceName,
            Ebs: {
              VolumeSize: volume.sizeGiB,
              VolumeType: volume.type as VolumeType,
              Encrypted: volume.encrypted,
              DeleteOnTermination: true,
            },
          },
        ]
      : undefined,
    TagSpecifications:
      instanceTags.length > 0
        ? [
            { ResourceType: 'instance', Tags: instanceTags },
            { ResourceType: 'volume', Tags: instanceTags },
          ]
        : undefined,
  };
}
