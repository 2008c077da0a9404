import type { Aws, TargetGroup } from '../aws/types.js';
import type { ImageSource, Manifest } from '../manifest/types.js';
import { ProblemList, resolveError } from './problems.js';
import { parseImageOverride, resolveImage } from './resolve-image.js';
import { resolveNetwork } from './resolve-network.js';
import { checkAlarms, resolveTraffic, type TrafficResolution } from './resolve-traffic.js';
import type { ResolvedService } from './resolved-service.js';
import { resolveVariables } from './resolve-variables.js';

export interface ResolveOptions {
  /** `--image`: an AMI id, `ssm:/path`, `name:pattern`, or an image source; replaces the manifest's image. */
  imageOverride?: string | ImageSource;
  /** Running on the local cloud: hints then mention `odin simulator seed`. */
  simulated?: boolean;
}

/**
 * Turns every reference in the manifest into AWS ids before anything changes (safety invariant
 * 6). Looks everything up, then throws one ResourceNotFoundError (exit 2) listing every problem.
 * The returned manifest carries the image actually chosen, so it can be recorded as deployed.
 */
export async function resolveService(
  aws: Aws,
  manifest: Manifest,
  options: ResolveOptions = {},
): Promise<ResolvedService> {
  const override = options.imageOverride;
  const imageSource = typeof override === 'string' ? parseImageOverride(override, manifest.image) : override;
  const problems = new ProblemList();

  const [image, network, traffic, variables] = await Promise.all([
    resolveImage(aws, imageSource ?? manifest.image, problems, imageSource ? '--image' : undefined),
    resolveNetwork(aws, manifest.instances, problems),
    resolveTraffic(aws, manifest, problems),
    resolveVariables(aws, manifest, problems),
    checkAlarms(aws, alarmsOf(manifest), problems),
    checkStateBucket(aws, manifest, problems),
  ]);
  checkTargetGroupVpcs(manifest, traffic.targetGroups, network.vpcId, problems);

  if (!problems.empty || !image || !traffic.traffic) {
    throw resolveError(problems.items, {
      file: manifest.file,
      region: aws.region,
      simulated: options.simulated,
    });
  }
  const zoneId = traffic.traffic.strategy === 'dns' ? traffic.traffic.zoneId : undefined;
  return {
    manifest: imageSource ? { ...manifest, image: imageSource } : manifest,
    region: aws.region,
    image,
    imageId: image.id,
    imageName: image.name,
    ...network,
    variables,
    targetGroupArns: traffic.healthTargetGroups.map((tg) => tg.arn),
    traffic: traffic.traffic,
    ...(zoneId ? { zoneId } : {}),
    alarms: alarmsOf(manifest),
    stateBucket: manifest.state.bucket,
    refs: refsOf(traffic, zoneId),
  };
}

function refsOf(traffic: TrafficResolution, zoneId: string | undefined): ResolvedService['refs'] {
  return {
    targetGroups: Object.fromEntries([...traffic.targetGroups].map(([ref, tg]) => [ref, tg.arn])),
    loadBalancers: Object.fromEntries([...traffic.loadBalancers].map(([ref, lb]) => [ref, lb.arn])),
    ...(zoneId ? { zoneId } : {}),
  };
}

function alarmsOf(manifest: Manifest): string[] {
  return manifest.traffic.strategy === 'target-group' ? [] : manifest.traffic.alarms;
}

async function checkStateBucket(aws: Aws, manifest: Manifest, problems: ProblemList): Promise<void> {
  if (await aws.s3.bucketExists(manifest.state.bucket)) return;
  problems.add({
    what: 'state bucket',
    where: 'state.bucket',
    message: `no S3 bucket \`${manifest.state.bucket}\``,
    hint: 'Create the bucket (versioning on), grant the caller access to it, or fix state.bucket.',
  });
}

// Instances can only register with a target group of their own VPC; AWS would accept the ASG
// and then fail every registration, which would surface only as a health timeout mid-deploy.
function checkTargetGroupVpcs(
  manifest: Manifest,
  targetGroups: Map<string, TargetGroup>,
  vpcId: string,
  problems: ProblemList,
): void {
  if (!vpcId) return;
  for (const [where, ref] of targetGroupKeys(manifest)) {
    const tg = targetGroups.get(ref);
    if (!tg?.vpcId || tg.vpcId === vpcId) continue;
    problems.add({
      what: 'target group',
      where,
      message: `target group \`${tg.name}\` is in ${tg.vpcId}, but the subnets are in ${vpcId}`,
      hint: 'Use target groups of the subnets\u2019 VPC, or subnets of the target group\u2019s VPC.',
    });
  }
}

/** Each target group reference with its key path in the manifest. */
function targetGroupKeys(manifest: Manifest): Array<[string, string]> {
  const keys = manifest.health.targetGroups.map((ref, i): [string, string] => [
    `health.targetGroups[${i}]`,
    ref,
  ]);
  const { traffic } = manifest;
  if (traffic.strategy === 'weighted') {
    keys.push(
      ['traffic.targetGroups.blue', traffic.targetGroups.blue],
      ['traffic.targetGroups.green', traffic.targetGroups.green],
    );
  } else if (traffic.strategy === 'dns') {
    keys.push(['traffic.slots.blue.targetGroup', traffic.slots.blue.targetGroup]);
    keys.push(['traffic.slots.green.targetGroup', traffic.slots.green.targetGroup]);
  }
  return keys;
}
