import type { Aws, Image, ImageQuery } from '../aws/types.js';
import { InvalidFlagError } from '../errors/errors.js';
import type { ImageSource } from '../manifest/types.js';
import { isNotFoundError, type ProblemList } from './problems.js';
import type { ResolvedImage } from './resolved-service.js';

/** Turns `--image` (`ami-...`, `ssm:/path`, `name:pattern`) into an image source; throws InvalidFlagError otherwise. */
export function parseImageOverride(value: string, manifestSource?: ImageSource): ImageSource {
  if (/^ami-[0-9a-f]+$/.test(value)) return { id: value };
  if (value.startsWith('ssm:') && value.length > 4) return { ssm: value.slice(4) };
  if (value.startsWith('name:') && value.length > 5) {
    // Keep the manifest's owner: `--image name:app-*` should not widen the search to public images.
    const owner = manifestSource && 'lookup' in manifestSource ? manifestSource.lookup.owner : undefined;
    return { lookup: { name: value.slice(5), ...(owner ? { owner } : {}) } };
  }
  throw new InvalidFlagError(`--image \`${value}\` is not an image reference`, {
    hint: 'Use an AMI id (ami-0123456789abcdef0), an SSM parameter (ssm:/path/to/ami) or a name pattern (name:app-*).',
  });
}

/**
 * Finds the AMI `source` names; adds a problem and returns undefined when it cannot. Problems are
 * placed at `where` when given (`--image`), else at the manifest key (`image.lookup.name`).
 */
export async function resolveImage(
  aws: Aws,
  source: ImageSource,
  problems: ProblemList,
  where?: string,
): Promise<ResolvedImage | undefined> {
  if ('id' in source) return imageById(aws, source.id, problems, where ?? 'image.id', 'id');
  if ('ssm' in source) return imageFromSsm(aws, source.ssm, problems, where ?? 'image.ssm');
  const key = 'name' in source.lookup ? 'image.lookup.name' : 'image.lookup.tags';
  return imageByLookup(aws, source.lookup, problems, where ?? key);
}

async function imageById(
  aws: Aws,
  id: string,
  problems: ProblemList,
  where: string,
  kind: ResolvedImage['source'],
): Promise<ResolvedImage | undefined> {
  const [image] = await describeImagesOrNone(aws, { ids: [id] });
  if (!image) {
    problems.add({
      what: 'image',
      where,
      message: `no image \`${id}\` in ${aws.region}`,
      hint: `Check the AMI id, and that it was built or copied into ${aws.region}.`,
    });
    return undefined;
  }
  if (image.state !== 'available') {
    problems.add({
      what: 'image',
      where,
      message: `image \`${id}\` (${image.name}) is ${image.state}, not available`,
      hint: 'Wait until the image is available, or deploy another one with `--image`.',
    });
    return undefined;
  }
  return toResolved(image, kind);
}

async function imageFromSsm(
  aws: Aws,
  name: string,
  problems: ProblemList,
  where: string,
): Promise<ResolvedImage | undefined> {
  const value = await aws.ssm.getParameter(name);
  if (value === undefined) {
    problems.add({
      what: 'SSM parameter',
      where,
      message: `no SSM parameter \`${name}\` in ${aws.region}`,
      hint: 'Check the parameter name (it starts with `/`) and that the image pipeline published it.',
    });
    return undefined;
  }
  const id = value.trim();
  if (!/^ami-[0-9a-f]+$/.test(id)) {
    problems.add({
      what: 'SSM parameter',
      where,
      message: `SSM parameter \`${name}\` holds \`${id.slice(0, 40)}\`, not an AMI id`,
      hint: 'Point image.ssm at a parameter whose value is an AMI id (ami-...).',
    });
    return undefined;
  }
  return imageById(aws, id, problems, where, 'ssm');
}

async function imageByLookup(
  aws: Aws,
  lookup: { name: string; owner?: string } | { tags: Record<string, string>; owner?: string },
  problems: ProblemList,
  where: string,
): Promise<ResolvedImage | undefined> {
  // Without an owner, DescribeImages also searches every public AMI: anyone could publish one
  // matching the pattern. Only the caller's own images are considered unless the manifest says otherwise.
  const owner = lookup.owner ?? 'self';
  const byName = 'name' in lookup;
  const query: ImageQuery = byName
    ? { owners: [owner], namePattern: lookup.name }
    : { owners: [owner], tags: lookup.tags };
  const images = await describeImagesOrNone(aws, query);
  const newest = images
    .filter((image) => image.state === 'available')
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))[0];
  if (newest) return toResolved(newest, 'lookup');

  const described = byName ? `named \`${lookup.name}\`` : `tagged ${formatTags(lookup.tags)}`;
  const unavailable = images.length > 0 ? ` (${images.length} found, none available)` : '';
  problems.add({
    what: 'image',
    where,
    message: `no available image ${described} owned by ${owner} in ${aws.region}${unavailable}`,
    hint: lookup.owner
      ? 'Check the pattern and owner, or deploy a specific AMI with `--image ami-...`.'
      : 'Check the pattern; images shared from another account need image.lookup.owner set to that account.',
  });
  return undefined;
}

async function describeImagesOrNone(aws: Aws, query: ImageQuery): Promise<Image[]> {
  try {
    return await aws.ec2.describeImages(query);
  } catch (error) {
    if (isNotFoundError(error)) return [];
    throw error;
  }
}

function toResolved(image: Image, source: ResolvedImage['source']): ResolvedImage {
  return { id: image.id, name: image.name, ownerId: image.ownerId, createdAt: image.createdAt, source };
}

function formatTags(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}
