import type { World } from '../world.js';
import type { ActivityState, GroupState } from '../types.js';

/** How many activities a group keeps; AWS keeps six weeks, which a long simulation need not. */
const KEPT_ACTIVITIES = 300;

/** Records a scaling activity on the group, most recent first, and returns it. */
export function addActivity(
  world: World,
  group: GroupState,
  activity: Omit<ActivityState, 'id' | 'startTime' | 'details'> & { subnetId?: string; endTime?: number },
): ActivityState {
  const subnet = activity.subnetId ? world.state.subnets[activity.subnetId] : undefined;
  const details: Record<string, string> = {};
  if (subnet)
    Object.assign(details, { 'Subnet ID': subnet.id, 'Availability Zone': subnet.availabilityZone });
  const entry: ActivityState = {
    id: world.uuid(),
    description: activity.description,
    cause: activity.cause,
    status: activity.status,
    statusMessage: activity.statusMessage,
    startTime: world.now,
    endTime: activity.endTime,
    details: JSON.stringify(details),
  };
  group.activities.unshift(entry);
  if (group.activities.length > KEPT_ACTIVITIES) group.activities.length = KEPT_ACTIVITIES;
  return entry;
}

/** Marks an activity finished (Successful, Failed, Cancelled) now. */
export function finishActivity(
  world: World,
  group: GroupState,
  id: string,
  status: string,
  message?: string,
): void {
  const activity = group.activities.find((a) => a.id === id);
  if (!activity) return;
  activity.status = status;
  activity.endTime = world.now;
  if (message) activity.statusMessage = message;
}

/** The time as AWS writes it in activity causes: `2026-01-01T00:00:00Z`. */
export function causeTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
