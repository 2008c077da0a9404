import type { World } from '../world.js';
import type { GroupState, InstanceState, LaunchTemplateVersionState } from '../types.js';
import { addActivity, causeTime } from './activities.js';

interface ResolvedTemplate {
  id: string;
  name: string;
  version: LaunchTemplateVersionState;
  /** Overrides of a mixed instances policy, if any. */
  overrides: string[];
}

/** Resolves `$Latest`, `$Default` or a number against the template as it is now. */
export function resolveVersion(
  world: World,
  templateId: string,
  version: string,
): LaunchTemplateVersionState | undefined {
  const template = world.state.launchTemplates[templateId];
  if (!template) return undefined;
  const number =
    version === '$Latest'
      ? template.latestVersion
      : version === '$Default'
        ? template.defaultVersion
        : Number(version);
  return template.versions[String(number)];
}

function resolveTemplate(world: World, group: GroupState): ResolvedTemplate | string {
  const spec = group.launchTemplate;
  if (!spec) return 'The group has no launch template.';
  const template = world.state.launchTemplates[spec.id];
  if (!template) return `The specified launch template, with template ID ${spec.id}, does not exist.`;
  const version = resolveVersion(world, spec.id, spec.version);
  if (!version)
    return `The specified launch template, with template ID ${spec.id}, version ${spec.version}, does not exist.`;
  return { id: template.id, name: template.name, version, overrides: group.instanceTypes };
}

function launchFailure(world: World, group: GroupState, live: number, message: string): void {
  addActivity(world, group, {
    description: 'Launching a new EC2 instance.  Status Reason: ' + message,
    cause: `At ${causeTime(world.now)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${live} to ${group.desired}.`,
    status: 'Failed',
    statusMessage: message,
    endTime: world.now,
  });
  if (group.launchRetryAt === undefined || group.launchRetryAt < world.now) {
    group.launchRetryAt = world.now + world.state.timings.launchRetryMs;
    world.schedule(group.launchRetryAt, { kind: 'launch-retry', group: group.name });
  }
}

/** Launches one instance into the group, or records a Failed activity (and a retry) and returns undefined. */
export function launchInstance(world: World, group: GroupState, live: number): InstanceState | undefined {
  const resolved = resolveTemplate(world, group);
  const imageId = typeof resolved === 'string' ? '' : String(resolved.version.data.ImageId ?? '');
  const image = world.state.images[imageId];
  if (typeof resolved === 'string' || !image || image.state !== 'available') {
    const message =
      typeof resolved === 'string'
        ? resolved
        : `The image id '[${imageId}]' does not exist. Launching EC2 instance failed.`;
    launchFailure(world, group, live, message);
    return undefined;
  }
  const instance = newInstance(world, group, resolved, imageId, live);
  world.state.instances[instance.id] = instance;
  group.instances.push(instance.id);
  world.schedule(instance.bootAt, { kind: 'boot', instanceId: instance.id });
  scheduleDeath(world, instance);
  return instance;
}

function newInstance(
  world: World,
  group: GroupState,
  resolved: ResolvedTemplate,
  imageId: string,
  live: number,
): InstanceState {
  const n = group.launchCount++;
  const subnetId = group.subnetIds[n % Math.max(1, group.subnetIds.length)] ?? '';
  const overrides = resolved.overrides;
  const instanceType =
    overrides.length > 0
      ? overrides[n % overrides.length]!
      : String(resolved.version.data.InstanceType ?? 't3.micro');
  const id = `i-${world.hex(17)}`;
  const activity = addActivity(world, group, {
    description: `Launching a new EC2 instance: ${id}`,
    cause: `At ${causeTime(world.now)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${live} to ${group.desired}.`,
    status: 'InProgress',
    subnetId,
  });
  return {
    id,
    group: group.name,
    imageId,
    instanceType,
    subnetId,
    availabilityZone: world.state.subnets[subnetId]?.availabilityZone ?? `${world.state.region}a`,
    launchTemplate: { id: resolved.id, name: resolved.name, version: String(resolved.version.number) },
    lifecycleState: 'Pending',
    healthStatus: 'Healthy',
    launchedAt: world.now,
    bootAt: world.now + world.state.timings.bootMs,
    activityId: activity.id,
  };
}

function scheduleDeath(world: World, instance: InstanceState): void {
  const { dieAfterMs, dieRate } = world.state.faults;
  if (dieAfterMs === undefined || dieAfterMs <= 0) return;
  if (world.random() >= dieRate) return;
  // Spread deaths over [0.5, 1.5) × dieAfterMs so a fleet does not die all at once.
  const at = instance.bootAt + Math.round(dieAfterMs * (0.5 + world.random()));
  world.schedule(at, { kind: 'die', instanceId: instance.id });
}
