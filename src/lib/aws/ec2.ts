import { randomUUID } from 'node:crypto';
import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  DeleteLaunchTemplateCommand,
  DeleteLaunchTemplateVersionsCommand,
  DescribeImagesCommand,
  DescribeKeyPairsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  EC2Client,
  type Filter,
} from '@aws-sdk/client-ec2';
import { AwsCallError } from '../errors/index.js';
import { codeOf, orAbsent, type ServiceCaller } from './caller.js';
import type { ClientConfig } from './client-config.js';
import { toImage, toLaunchTemplate, toLaunchTemplateData, toSecurityGroup, toSubnet } from './ec2-shapes.js';
import { chunk, collectPages } from './pages.js';
import { recordToTags } from './shapes.js';
import type {
  Ec2,
  Image,
  ImageQuery,
  LaunchTemplate,
  LaunchTemplateData,
  SecurityGroup,
  Subnet,
  Tags,
} from './types.js';

// DeleteLaunchTemplateVersions takes at most 200 versions per call.
const VERSIONS_PER_CALL = 200;

/** An EC2 client configured the way odin needs it. */
export function createEc2Client(config: ClientConfig): EC2Client {
  return new EC2Client(config);
}

/** odin's Ec2 interface over the SDK client. */
export class Ec2Adapter implements Ec2 {
  constructor(private readonly caller: ServiceCaller) {}

  async describeImages(query: ImageQuery): Promise<Image[]> {
    const filters: Filter[] = [
      ...(query.namePattern ? [{ Name: 'name', Values: [query.namePattern] }] : []),
      ...tagFilters(query.tags ?? {}),
    ];
    const describe = (ids?: string[]): Promise<Image[]> =>
      collectPages(async (token) => {
        const page = await this.caller.send(DescribeImagesCommand, {
          ImageIds: ids,
          Owners: query.owners,
          Filters: filters.length > 0 ? filters : undefined,
          NextToken: token,
        });
        return { items: (page.Images ?? []).map(toImage), next: page.NextToken };
      });
    if (!query.ids) return describe();
    return byIds(query.ids, ['InvalidAMIID.NotFound', 'InvalidAMIID.Malformed'], describe);
  }

  async describeSubnets(query: { ids?: string[]; names?: string[] }): Promise<Subnet[]> {
    const describe = (input: { SubnetIds?: string[]; Filters?: Filter[] }): Promise<Subnet[]> =>
      collectPages(async (token) => {
        const page = await this.caller.send(DescribeSubnetsCommand, { ...input, NextToken: token });
        return { items: (page.Subnets ?? []).map(toSubnet), next: page.NextToken };
      });
    const byId = await byIds(
      query.ids ?? [],
      ['InvalidSubnetID.NotFound', 'InvalidSubnetID.Malformed'],
      (ids) => describe({ SubnetIds: ids }),
    );
    const byName = query.names?.length
      ? await describe({ Filters: [{ Name: 'tag:Name', Values: query.names }] })
      : [];
    return unique([...byId, ...byName]);
  }

  async describeSecurityGroups(query: { ids?: string[]; names?: string[] }): Promise<SecurityGroup[]> {
    const describe = (input: { GroupIds?: string[]; Filters?: Filter[] }): Promise<SecurityGroup[]> =>
      collectPages(async (token) => {
        const page = await this.caller.send(DescribeSecurityGroupsCommand, { ...input, NextToken: token });
        return { items: (page.SecurityGroups ?? []).map(toSecurityGroup), next: page.NextToken };
      });
    const byId = await byIds(query.ids ?? [], ['InvalidGroup.NotFound', 'InvalidGroupId.Malformed'], (ids) =>
      describe({ GroupIds: ids }),
    );
    const names = query.names ?? [];
    // EC2 ANDs filters, so "Name tag or group name" takes one call per filter, sent together.
    const [byTag, byGroupName] = names.length
      ? await Promise.all([
          describe({ Filters: [{ Name: 'tag:Name', Values: names }] }),
          describe({ Filters: [{ Name: 'group-name', Values: names }] }),
        ])
      : [[], []];
    return unique([...byId, ...byTag, ...byGroupName]);
  }

  async keyPairExists(name: string): Promise<boolean> {
    const output = await orAbsent(this.caller.send(DescribeKeyPairsCommand, { KeyNames: [name] }), [
      'InvalidKeyPair.NotFound',
    ]);
    return (output?.KeyPairs ?? []).some((pair) => pair.KeyName === name);
  }

  async findLaunchTemplate(name: string): Promise<LaunchTemplate | undefined> {
    const output = await orAbsent(
      this.caller.send(DescribeLaunchTemplatesCommand, { LaunchTemplateNames: [name] }),
      ['InvalidLaunchTemplateName.NotFound', 'InvalidLaunchTemplateName.NotFoundException'],
    );
    const template = output?.LaunchTemplates?.[0];
    return template ? toLaunchTemplate(template) : undefined;
  }

  async createLaunchTemplate(
    name: string,
    data: LaunchTemplateData,
    tags: Tags,
  ): Promise<{ id: string; version: number }> {
    const output = await this.caller.send(CreateLaunchTemplateCommand, {
      LaunchTemplateName: name,
      LaunchTemplateData: toLaunchTemplateData(data),
      TagSpecifications: Object.keys(tags).length
        ? [{ ResourceType: 'launch-template', Tags: recordToTags(tags) }]
        : undefined,
      // The same token on every retry: a create that timed out but succeeded is not repeated.
      ClientToken: randomUUID(),
    });
    return {
      id: output.LaunchTemplate?.LaunchTemplateId ?? '',
      version: output.LaunchTemplate?.LatestVersionNumber ?? 1,
    };
  }

  async createLaunchTemplateVersion(
    templateId: string,
    data: LaunchTemplateData,
    description?: string,
  ): Promise<{ version: number }> {
    const output = await this.caller.send(CreateLaunchTemplateVersionCommand, {
      LaunchTemplateId: templateId,
      LaunchTemplateData: toLaunchTemplateData(data),
      VersionDescription: description,
      ClientToken: randomUUID(),
    });
    return { version: output.LaunchTemplateVersion?.VersionNumber ?? 0 };
  }

  async deleteLaunchTemplateVersions(templateId: string, versions: number[]): Promise<void> {
    for (const batch of chunk(versions, VERSIONS_PER_CALL)) {
      const output = await this.caller.send(DeleteLaunchTemplateVersionsCommand, {
        LaunchTemplateId: templateId,
        Versions: batch.map(String),
      });
      // EC2 reports per-version failures in the answer, not as an error; a version that is
      // already gone is what the caller wanted anyway.
      const failed = (output.UnsuccessfullyDeletedLaunchTemplateVersions ?? []).filter(
        (item) => item.ResponseError?.Code !== 'launchTemplateVersionDoesNotExist',
      );
      const first = failed[0];
      if (first) {
        const code = first.ResponseError?.Code ?? 'unexpectedError';
        const message = `version ${first.VersionNumber}: ${first.ResponseError?.Message ?? code}`;
        throw new AwsCallError('ec2', 'DeleteLaunchTemplateVersions', code, message, {
          hint: `AWS said: ${message}`,
          details: { templateId, versions: failed.map((item) => item.VersionNumber) },
        });
      }
    }
  }

  async deleteLaunchTemplate(templateId: string): Promise<void> {
    await this.caller.send(DeleteLaunchTemplateCommand, { LaunchTemplateId: templateId });
  }
}

function tagFilters(tags: Tags): Filter[] {
  return Object.entries(tags).map(([key, value]) => ({ Name: `tag:${key}`, Values: [value] }));
}

/**
 * Describes resources by id. EC2 fails the whole call when one id is missing, so on a
 * not-found answer the ids are described one by one and the missing ones left out.
 */
async function byIds<T>(
  ids: string[],
  notFound: string[],
  describe: (ids: string[]) => Promise<T[]>,
): Promise<T[]> {
  if (ids.length === 0) return [];
  try {
    return await describe(ids);
  } catch (error) {
    if (!notFound.includes(codeOf(error))) throw error;
    if (ids.length === 1) return [];
  }
  const found: T[] = [];
  for (const id of ids) found.push(...((await orAbsent(describe([id]), notFound)) ?? []));
  return found;
}

function unique<T extends { id: string }>(items: T[]): T[] {
  return [...new Map(items.map((item) => [item.id, item])).values()];
}
