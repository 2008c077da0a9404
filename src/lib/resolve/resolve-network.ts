import type { Aws, SecurityGroup, Subnet } from '../aws/types.js';
import type { Instances } from '../manifest/types.js';
import { isNotFoundError, type ProblemList } from './problems.js';

/** The instances section's network and identity references, as AWS ids. */
export interface ResolvedNetwork {
  vpcId: string;
  subnetIds: string[];
  availabilityZones: string[];
  securityGroupIds: string[];
  instanceProfileName?: string;
  instanceProfileArn?: string;
  keyPair?: string;
}

/** Resolves subnets, security groups, instance profile and key pair, adding a problem for each miss. */
export async function resolveNetwork(
  aws: Aws,
  instances: Instances,
  problems: ProblemList,
): Promise<ResolvedNetwork> {
  const [subnets, groups, profile, keyPair] = await Promise.all([
    resolveSubnets(aws, instances.subnets, problems),
    describeByIdOrName(aws, instances.securityGroups, 'sg-', (query) =>
      aws.ec2.describeSecurityGroups(query),
    ),
    resolveProfile(aws, instances.profile, problems),
    resolveKeyPair(aws, instances.keyPair, problems),
  ]);
  const vpcId = subnets[0]?.vpcId ?? '';
  const securityGroupIds = pickSecurityGroups(aws, instances.securityGroups, groups, vpcId, problems);
  return {
    vpcId,
    subnetIds: subnets.map((s) => s.id),
    availabilityZones: [...new Set(subnets.map((s) => s.availabilityZone))],
    securityGroupIds,
    ...(profile ? { instanceProfileName: profile.name, instanceProfileArn: profile.arn } : {}),
    ...(keyPair ? { keyPair } : {}),
  };
}

async function resolveSubnets(aws: Aws, entries: string[], problems: ProblemList): Promise<Subnet[]> {
  const found = await describeByIdOrName(aws, entries, 'subnet-', (query) => aws.ec2.describeSubnets(query));
  const resolved: Subnet[] = [];
  entries.forEach((entry, i) => {
    const where = `instances.subnets[${i}]`;
    const matches = found.filter((s) => s.id === entry || s.name === entry);
    const [only] = matches;
    if (matches.length === 1 && only) {
      if (!resolved.some((s) => s.id === only.id)) resolved.push(only);
    } else if (matches.length === 0) {
      problems.add({
        what: 'subnet',
        where,
        message: `no subnet with id or Name tag \`${entry}\` in ${aws.region}`,
        hint: `Fix ${where}: use a subnet id (subnet-...) or the subnet's Name tag.`,
      });
    } else {
      problems.add({
        what: 'subnet',
        where,
        message: `Name tag \`${entry}\` matches ${matches.length} subnets (${matches.map((s) => `${s.id} in ${s.vpcId}`).join(', ')})`,
        hint: `Use the subnet id in ${where}.`,
      });
    }
  });
  const vpcs = [...new Set(resolved.map((s) => s.vpcId))];
  if (vpcs.length > 1) {
    problems.add({
      what: 'subnet',
      where: 'instances.subnets',
      message: `the subnets are in ${vpcs.length} VPCs (${resolved.map((s) => `${s.name ?? s.id} in ${s.vpcId}`).join(', ')}); an Auto Scaling group needs one`,
      hint: 'List subnets of a single VPC.',
    });
  }
  return resolved;
}

// Names may match groups in several VPCs; only the subnets' VPC can hold the fleet's instances.
function pickSecurityGroups(
  aws: Aws,
  entries: string[],
  found: SecurityGroup[],
  vpcId: string,
  problems: ProblemList,
): string[] {
  const ids: string[] = [];
  entries.forEach((entry, i) => {
    const where = `instances.securityGroups[${i}]`;
    const matches = found.filter((g) => g.id === entry || g.name === entry || g.groupName === entry);
    const inVpc = vpcId ? matches.filter((g) => g.vpcId === vpcId) : matches;
    const [only] = inVpc;
    if (inVpc.length === 1 && only) {
      if (!ids.includes(only.id)) ids.push(only.id);
      return;
    }
    problems.add({
      what: 'security group',
      where,
      ...securityGroupProblem(aws, entry, matches, inVpc, vpcId, where),
    });
  });
  return ids;
}

function securityGroupProblem(
  aws: Aws,
  entry: string,
  matches: SecurityGroup[],
  inVpc: SecurityGroup[],
  vpcId: string,
  where: string,
): { message: string; hint: string } {
  if (matches.length === 0) {
    return {
      message: `no security group with id, Name tag or group name \`${entry}\` in ${aws.region}`,
      hint: `Fix ${where}: use a group id (sg-...), its Name tag or its group name.`,
    };
  }
  if (inVpc.length === 0) {
    const elsewhere = matches.map((g) => `${g.id} in ${g.vpcId}`).join(', ');
    return {
      message: `security group \`${entry}\` is not in the subnets' VPC ${vpcId} (found ${elsewhere})`,
      hint: `Use a security group of ${vpcId} in ${where}.`,
    };
  }
  return {
    message: `\`${entry}\` matches ${inVpc.length} security groups in ${vpcId} (${inVpc.map((g) => g.id).join(', ')})`,
    hint: `Use the group id in ${where}.`,
  };
}

async function resolveProfile(
  aws: Aws,
  name: string | undefined,
  problems: ProblemList,
): Promise<{ name: string; arn: string } | undefined> {
  if (!name) return undefined;
  const profile = await aws.iam.getInstanceProfile(name);
  if (!profile) {
    problems.add({
      what: 'instance profile',
      where: 'instances.profile',
      message: `no IAM instance profile \`${name}\``,
      hint: 'Create the instance profile (an instance profile is not the same as its role), or fix instances.profile.',
    });
  }
  return profile;
}

async function resolveKeyPair(
  aws: Aws,
  name: string | undefined,
  problems: ProblemList,
): Promise<string | undefined> {
  if (!name) return undefined;
  if (await aws.ec2.keyPairExists(name)) return name;
  problems.add({
    what: 'key pair',
    where: 'instances.keyPair',
    message: `no EC2 key pair \`${name}\` in ${aws.region}`,
    hint: 'Import the key pair into this region, or remove instances.keyPair.',
  });
  return undefined;
}

/**
 * Describes entries given as ids (by prefix) or names. EC2 fails a whole DescribeSubnets call
 * when one id does not exist, so a failed batch is retried id by id to find the missing ones.
 */
async function describeByIdOrName<T>(
  aws: Aws,
  entries: string[],
  idPrefix: string,
  describe: (query: { ids?: string[]; names?: string[] }) => Promise<T[]>,
): Promise<T[]> {
  const ids = entries.filter((e) => e.startsWith(idPrefix));
  const names = entries.filter((e) => !e.startsWith(idPrefix));
  const [byId, byName] = await Promise.all([
    ids.length > 0 ? describeIds(ids, describe) : [],
    names.length > 0 ? describeOrNone(() => describe({ names })) : [],
  ]);
  return [...byId, ...byName];
}

async function describeIds<T>(
  ids: string[],
  describe: (query: { ids: string[] }) => Promise<T[]>,
): Promise<T[]> {
  try {
    return await describe({ ids });
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
  }
  if (ids.length === 1) return [];
  const each = await Promise.all(ids.map((id) => describeOrNone(() => describe({ ids: [id] }))));
  return each.flat();
}

async function describeOrNone<T>(call: () => Promise<T[]>): Promise<T[]> {
  try {
    return await call();
  } catch (error) {
    if (isNotFoundError(error)) return [];
    throw error;
  }
}
