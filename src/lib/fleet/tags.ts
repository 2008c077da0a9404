import type { Tags } from '../aws/types.js';

/** The tag keys odin writes on what it manages; IAM policies scope on them, so they never change. */
export const TAG = {
  managedBy: 'odin:managed-by',
  service: 'odin:service',
  environment: 'odin:environment',
  release: 'odin:release',
  role: 'odin:role',
  slot: 'odin:slot',
  standbyExpires: 'odin:standby-expires',
  /** When the fleet stopped being live (epoch ms), set as it is retired; standbys are ranked by it. */
  lastLive: 'odin:last-live',
  failed: 'odin:failed',
} as const;

/** What a fleet is for: taking traffic, kept for rollback, being deployed, or kept after failing (--keep-failed). */
export type FleetRole = 'live' | 'standby' | 'deploying' | 'failed';

const ROLES: readonly FleetRole[] = ['live', 'standby', 'deploying', 'failed'];

/** The tags identifying a service/environment's fleets (what findFleets filters on). */
export function ownerTags(service: string, environment: string): Tags {
  return { [TAG.managedBy]: 'odin', [TAG.service]: service, [TAG.environment]: environment };
}

/** Every tag a new fleet is created with. */
export function fleetTags(input: {
  service: string;
  environment: string;
  releaseId: string;
  role: FleetRole;
  slot?: string;
}): Tags {
  return {
    ...ownerTags(input.service, input.environment),
    [TAG.release]: input.releaseId,
    [TAG.role]: input.role,
    ...(input.slot ? { [TAG.slot]: input.slot } : {}),
  };
}

/** The role a group's tags claim, or undefined when the tag is missing or not one odin writes. */
export function roleOf(tags: Tags): FleetRole | undefined {
  const role = tags[TAG.role];
  return ROLES.find((r) => r === role);
}
