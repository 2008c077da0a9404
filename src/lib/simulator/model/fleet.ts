import type { World } from '../world.js';
import type { GroupState, InstanceState } from '../types.js';
import { addActivity, causeTime, finishActivity } from './activities.js';
import { launchInstance } from './launch.js';
import {
  deregisterTarget,
  drainedAt,
  forgetTarget,
  noticeDeath,
  registerTarget,
  targetGroupInUse,
} from './targets.js';

/** Instances that count towards the group's capacity (not on their way out). */
export function liveInstances(world: World, group: GroupState): InstanceState[] {
  const out: InstanceState[] = [];
  for (const id of group.instances) {
    const instance = world.state.instances[id];
    if (instance && instance.lifecycleState !== 'Terminating') out.push(instance);
  }
  return out;
}

/** Whether the group has suspended this process (Launch, Terminate, HealthCheck, ...). */
export function suspended(group: GroupState, process: string): boolean {
  return group.suspended.includes(process);
}

/** Launches or terminates instances until the group's live count matches its desired capacity. */
export function reconcile(world: World, group: GroupState): void {
  if (group.deleting) return;
  const live = liveInstances(world, group);
  if (live.length < group.desired && !suspended(group, 'Launch')) {
    const start = live.length;
    for (let n = start; n < group.desired; n++) if (!launchInstance(world, group, start)) break;
  } else if (live.length > group.desired && !suspended(group, 'Terminate')) {
    const cause = `At ${causeTime(world.now)} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from ${live.length} to ${group.desired}.`;
    for (const victim of pickVictims(group, live, live.length - group.desired))
      beginTermination(world, victim, cause);
  }
}

// Default termination policy, simplified: unhealthy first, then instances from an older
// launch template version, then ones still booting (least disruptive), then the oldest. AWS
// also balances zones first; the model does not.
function pickVictims(group: GroupState, live: InstanceState[], count: number): InstanceState[] {
  const current = group.launchTemplate?.version;
  const rank = (i: InstanceState): number[] => [
    i.healthStatus === 'Unhealthy' ? 0 : 1,
    current !== undefined && i.launchTemplate.version === current ? 1 : 0,
    i.lifecycleState === 'Pending' ? 0 : 1,
    i.launchedAt,
  ];
  const sorted = [...live].sort((a, b) => compareRanks(rank(a), rank(b)));
  return sorted.slice(0, count);
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * Starts terminating an instance: it is deregistered from the group's target groups and waits
 * out their deregistration delay (as ASGs do) before it is gone.
 */
export function beginTermination(world: World, instance: InstanceState, cause: string): void {
  const group = world.state.groups[instance.group];
  if (!group || instance.lifecycleState === 'Terminating') return;
  if (instance.lifecycleState === 'Pending') finishActivity(world, group, instance.activityId, 'Cancelled');
  instance.lifecycleState = 'Terminating';
  let goneAt = world.now + world.state.timings.shutdownMs;
  for (const arn of group.targetGroupArns) {
    const tg = world.state.targetGroups[arn];
    if (!tg || !tg.targets[instance.id]) continue;
    deregisterTarget(world, tg, instance.id);
    goneAt = Math.max(goneAt, drainedAt(tg, instance.id) ?? goneAt);
  }
  const activity = addActivity(world, group, {
    description: `Terminating EC2 instance: ${instance.id}`,
    cause,
    status: 'InProgress',
    subnetId: instance.subnetId,
  });
  instance.terminationActivityId = activity.id;
  world.schedule(goneAt, { kind: 'terminated', instanceId: instance.id });
}

/** A booted instance goes InService and joins the group's target groups. */
export function onBoot(world: World, instanceId: string): void {
  const instance = world.state.instances[instanceId];
  const group = instance ? world.state.groups[instance.group] : undefined;
  if (!instance || !group || instance.lifecycleState !== 'Pending') return;
  instance.lifecycleState = 'InService';
  finishActivity(world, group, instance.activityId, 'Successful');
  if (suspended(group, 'AddToLoadBalancer')) return;
  for (const arn of group.targetGroupArns) {
    const tg = world.state.targetGroups[arn];
    if (tg) registerTarget(world, tg, instanceId);
  }
}

/** A terminating instance is gone; a group being deleted disappears with its last instance. */
export function onTerminated(world: World, instanceId: string): void {
  const instance = world.state.instances[instanceId];
  if (!instance) return;
  delete world.state.instances[instanceId];
  forgetTarget(world, instanceId);
  const group = world.state.groups[instance.group];
  if (!group) return;
  group.instances = group.instances.filter((id) => id !== instanceId);
  if (instance.terminationActivityId)
    finishActivity(world, group, instance.terminationActivityId, 'Successful');
  if (group.deleting && group.instances.length === 0) delete world.state.groups[group.name];
}

/** The instance stops answering: its targets fail, and its group's health check notices. */
export function killInstance(world: World, instanceId: string): boolean {
  const instance = world.state.instances[instanceId];
  if (!instance || instance.diedAt !== undefined) return false;
  instance.diedAt = world.now;
  noticeDeath(world, instanceId);
  scheduleHealthCheck(world, instance);
  return true;
}

/** Schedules the group's health check of an instance for when its grace period allows it. */
export function scheduleHealthCheck(world: World, instance: InstanceState): void {
  const group = world.state.groups[instance.group];
  if (!group) return;
  const graceEnds = instance.launchedAt + group.healthCheckGracePeriodSec * 1000;
  world.schedule(Math.max(world.now, graceEnds), { kind: 'health-check', instanceId: instance.id });
}

/**
 * The group's health check: a dead instance (EC2 check), or one unhealthy in an attached
 * target group when the group uses ELB checks, is marked Unhealthy; an Unhealthy instance is
 * replaced. While HealthCheck is suspended nothing is marked, and while ReplaceUnhealthy (or
 * Terminate, which it needs) is suspended nothing is replaced; resuming any of them checks the
 * group again (see `recheckHealth`).
 */
export function onHealthCheck(world: World, instanceId: string): void {
  const instance = world.state.instances[instanceId];
  const group = instance ? world.state.groups[instance.group] : undefined;
  if (!instance || !group || instance.lifecycleState === 'Terminating') return;
  if (!suspended(group, 'HealthCheck') && failsHealthCheck(world, group, instance))
    instance.healthStatus = 'Unhealthy';
  if (instance.healthStatus !== 'Unhealthy') return;
  if (suspended(group, 'ReplaceUnhealthy') || suspended(group, 'Terminate')) return;
  const why =
    instance.diedAt !== undefined
      ? 'an EC2 health check indicating it has been terminated or stopped'
      : 'an ELB system health check failure';
  const reason = `At ${causeTime(world.now)} an instance was taken out of service in response to ${why}.`;
  beginTermination(world, instance, reason);
  reconcile(world, group);
}

function failsHealthCheck(world: World, group: GroupState, instance: InstanceState): boolean {
  if (instance.diedAt !== undefined) return true;
  // Targets of a target group no listener uses are not health checked (`unused`), so they never fail.
  return (
    group.healthCheckType === 'ELB' &&
    group.targetGroupArns.some(
      (arn) =>
        world.state.targetGroups[arn]?.targets[instance.id]?.state === 'unhealthy' &&
        targetGroupInUse(world, arn),
    )
  );
}

/**
 * AWS's health checks never stop, so after HealthCheck, ReplaceUnhealthy or Terminate is resumed the
 * group's instances are checked again (each once its grace period allows): what failed, or was
 * marked Unhealthy, while the process was suspended is now replaced.
 */
export function recheckHealth(world: World, group: GroupState): void {
  for (const instance of liveInstances(world, group)) scheduleHealthCheck(world, instance);
}

/** Runs a one-time scheduled action: new min/max/desired, then the action is gone. */
export function onScheduledAction(
  world: World,
  groupName: string,
  actionName: string,
  startTime: number,
): void {
  const group = world.state.groups[groupName];
  const action = group?.scheduledActions[actionName];
  if (!group || !action || action.startTime !== startTime || action.recurrence) return;
  delete group.scheduledActions[actionName];
  if (suspended(group, 'ScheduledActions') || group.deleting) return;
  const before = group.desired;
  group.min = action.min ?? group.min;
  group.max = action.max ?? group.max;
  group.desired = Math.min(group.max, Math.max(group.min, action.desired ?? group.desired));
  addActivity(world, group, {
    description: `Scheduled action ${actionName} updated the group.`,
    cause: `At ${causeTime(world.now)} a scheduled action update of AutoScalingGroup constraints to min: ${group.min}, max: ${group.max}, desired: ${group.desired} changing the desired capacity from ${before} to ${group.desired}.`,
    status: 'Successful',
    endTime: world.now,
  });
  reconcile(world, group);
}
