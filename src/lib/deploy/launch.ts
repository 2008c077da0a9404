import type { Group, LaunchTemplateData } from '../aws/types.js';
import { secrets } from '../events/redactor.js';
import { AwsCallError } from '../errors/errors.js';
import { fleetName, launchTemplateName } from '../fleet/naming.js';
import { fleetTags, ownerTags, TAG } from '../fleet/tags.js';
import type { CapacityValues, JournalPlan } from '../journal/journal-record.js';
import { renderUserData } from '../manifest/user-data.js';
import type { Manifest } from '../manifest/types.js';
import type { ResolvedService } from '../resolve/resolved-service.js';
import type { DeployRun } from './deploy-run.js';

/**
 * The new fleet's capacity once the deploy ends: desired carried over from the live fleet (the
 * manifest's on a first deploy), raised to the manifest's min. A live fleet's desired or max above
 * the manifest's max was set deliberately (`odin scale`, or by hand) and carries over too, rather
 * than the next deploy silently cutting the service back.
 */
export function newFleetCapacity(manifest: Manifest, live?: Group): CapacityValues {
  const { min } = manifest.capacity;
  const max = Math.max(manifest.capacity.max, live?.max ?? 0);
  const carried = live ? live.desired : manifest.capacity.desired;
  return { min, max, desired: Math.min(max, Math.max(min, carried)) };
}

/** What of `capacity` goes beyond the manifest's max because it was carried over, for plan and deploy output. */
export function capacityCarriedOver(manifest: Manifest, capacity: CapacityValues): string | undefined {
  const limit = manifest.capacity.max;
  const beyond = [
    ...(capacity.desired > limit ? [`desired ${capacity.desired}`] : []),
    ...(capacity.max > limit ? [`max ${capacity.max}`] : []),
  ];
  if (beyond.length === 0) return undefined;
  return `capacity carried over from live fleet: ${beyond.join(', ')} (manifest max ${limit})`;
}

/** The launch template version's content for a release; user data is rendered, encoded, and never reported. */
export async function templateData(
  resolved: ResolvedService,
  release: { releaseId: string; imageId: string },
): Promise<LaunchTemplateData> {
  const m = resolved.manifest;
  const userData = m.instances.userData
    ? await renderUserData(m, {
        release: release.releaseId,
        image: release.imageId,
        variables: resolved.variables,
      })
    : undefined;
  const root = m.instances.rootVolume;
  return {
    imageId: release.imageId,
    instanceType: m.instances.types[0],
    instanceProfileName: resolved.instanceProfileName,
    securityGroupIds: resolved.securityGroupIds,
    keyName: resolved.keyPair,
    userData: userData === undefined ? undefined : Buffer.from(userData, 'utf8').toString('base64'),
    rootVolume: root
      ? { deviceName: root.device, sizeGiB: root.size, type: root.type, encrypted: root.encrypted }
      : undefined,
    instanceTags: {
      ...m.instances.tags,
      ...ownerTags(m.service, m.environment),
      [TAG.release]: release.releaseId,
      Name: `${m.service}-${m.environment}`,
    },
  };
}

/** Adds this release's version to the service's launch template (creating the template on a first deploy). */
export async function createTemplateVersion(
  run: DeployRun,
  imageId: string,
): Promise<{ id: string; name: string; version: number; created: boolean }> {
  const { aws } = run.ctx;
  const m = run.manifest;
  const name = launchTemplateName(m.service, m.environment);
  const releaseId = run.journal.record.releaseId;
  const data = await templateData(run.prepared.resolved, { releaseId, imageId });
  const existing = await aws.ec2.findLaunchTemplate(name);
  // The only calls that carry user data, so the only AWS errors that could echo a secret:
  // redacted here, before the journal, the release record or any event sees them.
  if (existing) {
    const { version } = await aws.ec2
      .createLaunchTemplateVersion(existing.id, data, `odin release ${releaseId}`)
      .catch(rethrowRedacted);
    return { id: existing.id, name, version, created: false };
  }
  const created = await aws.ec2
    .createLaunchTemplate(name, data, ownerTags(m.service, m.environment))
    .catch(rethrowRedacted);
  return { id: created.id, name, version: created.version, created: true };
}

function rethrowRedacted(error: unknown): never {
  throw secrets.redactError(error);
}

/**
 * Creates the release's Auto Scaling group, min pinned to desired; true when it existed already
 * (a resumed run whose interrupted predecessor had made it).
 */
export async function ensureFleet(run: DeployRun): Promise<boolean> {
  const plan = run.journal.plan;
  if (!plan?.launchTemplate) throw new Error('the journal has no launch template for the new fleet');
  // Only a resumed run can find its group made already: a new run's group is named for a
  // release id no earlier run had, so it goes straight to creating it.
  if (run.request.resume === true) {
    const [existing] = await run.ctx.aws.autoScaling.describeGroups([plan.newGroup]);
    if (existing) return true;
  }
  try {
    await createFleet(run, plan.launchTemplate);
    return false;
  } catch (error) {
    // A run killed right after creating the group may be resumed before AWS lists it: the name
    // is this release's own, so AlreadyExists means the predecessor's create went through.
    if (run.request.resume === true && error instanceof AwsCallError && error.awsCode === 'AlreadyExists')
      return true;
    throw error;
  }
}

async function createFleet(
  run: DeployRun,
  launchTemplate: NonNullable<JournalPlan['launchTemplate']>,
): Promise<void> {
  const plan = run.journal.plan;
  if (!plan) throw new Error('the journal has no plan');
  const m = run.manifest;
  await run.ctx.aws.autoScaling.createGroup({
    name: plan.newGroup,
    launchTemplate: { id: launchTemplate.id, version: String(launchTemplate.version) },
    ...(m.instances.types.length > 1 ? { instanceTypes: m.instances.types } : {}),
    // Pinned: min = desired, so that nothing scales the new fleet in while it is being proven.
    min: plan.newCapacity.desired,
    max: Math.max(plan.newCapacity.max, plan.newCapacity.desired),
    desired: plan.newCapacity.desired,
    subnetIds: run.prepared.resolved.subnetIds,
    targetGroupArns: plan.targetGroupArns,
    healthCheckType: 'ELB',
    healthCheckGracePeriodSec: Math.round(m.health.gracePeriodMs / 1000),
    tags: fleetTags({
      service: m.service,
      environment: m.environment,
      releaseId: run.journal.record.releaseId,
      role: 'deploying',
      slot: plan.slot,
    }),
  });
}

/**
 * Pins the live fleet's min to its desired so autoscaling cannot shrink it while the deploy runs
 * (the new fleet was created pinned); says which fleets are pinned.
 */
export async function pinLiveFleet(run: DeployRun): Promise<string> {
  const plan = run.journal.plan;
  if (!plan) throw new Error('the journal has no plan');
  const pinnedNew = `${plan.newGroup} (min ${plan.newCapacity.desired})`;
  if (!plan.oldGroup || !plan.oldOriginal) return `Pinned min to desired on ${pinnedNew}`;
  const pinned = plan.oldOriginal.desired;
  if (pinned > plan.oldOriginal.min)
    await run.ctx.aws.autoScaling.updateCapacity(plan.oldGroup, { min: pinned });
  return `Pinned min to desired on ${pinnedNew} and ${plan.oldGroup} (min ${pinned})`;
}

/** The new fleet's name for a release. */
export function newGroupName(manifest: Manifest, releaseId: string): string {
  return fleetName(manifest.service, manifest.environment, releaseId);
}
