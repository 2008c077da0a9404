import type { Aws, Group } from '../aws/types.js';
import { TAG, ownerTags, roleOf, type FleetRole } from './tags.js';

/** One odin-managed Auto Scaling group and what its tags say about it. */
export interface Fleet {
  group: Group;
  releaseId: string;
  /** Undefined when the role tag is missing or unknown (someone edited it by hand). */
  role?: FleetRole;
  slot?: string;
  /** When a warm standby's warm window ends (epoch ms), from `odin:standby-expires`. */
  standbyExpiresAt?: number;
  /** When the fleet was last live (epoch ms), from `odin:last-live`; absent on a fleet never retired. */
  lastLiveAt?: number;
}

/** A service/environment's fleets, classified. */
export interface Fleets {
  live?: Fleet;
  /** Most recently live first (by `odin:last-live`, else by creation time). */
  standbys: Fleet[];
  /** Fleets of deploys in progress (or orphaned by a crash). */
  deploying: Fleet[];
  /** Every odin fleet of the service/environment, newest first, including the above. */
  all: Fleet[];
  /** Disagreements found in the tags, for a warning event. */
  warnings: string[];
}

/** Finds the fleets of one service/environment by odin's tags; the live one is the one tagged live. */
export async function findFleets(aws: Aws, service: string, environment: string): Promise<Fleets> {
  const groups = await aws.autoScaling.findGroupsByTags(ownerTags(service, environment));
  // A group being deleted still answers Describe calls for a while; it is nobody's fleet.
  const fleets = groups
    .filter((g) => !g.status?.toLowerCase().includes('delete'))
    .map(toFleet)
    .sort((a, b) => b.group.createdAt - a.group.createdAt);
  return classify(fleets);
}

/** The fleet a group describes, from its tags. */
export function toFleet(group: Group): Fleet {
  const expires = epochTag(group, TAG.standbyExpires);
  const lastLive = epochTag(group, TAG.lastLive);
  return {
    group,
    releaseId: group.tags[TAG.release] ?? group.name,
    role: roleOf(group.tags),
    slot: group.tags[TAG.slot],
    standbyExpiresAt: expires,
    ...(lastLive ? { lastLiveAt: lastLive } : {}),
  };
}

function epochTag(group: Group, key: string): number | undefined {
  const value = Number(group.tags[key]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * Orders standbys by when they last took traffic: after rollbacks that is not the order they were
 * created in, and trimming must keep the most recently live. A fleet without the tag was never
 * retired by this odin, so its creation time stands in (it was live no earlier than that).
 */
function mostRecentlyLiveFirst(a: Fleet, b: Fleet): number {
  return (b.lastLiveAt ?? b.group.createdAt) - (a.lastLiveAt ?? a.group.createdAt);
}

function classify(fleets: Fleet[]): Fleets {
  const warnings: string[] = [];
  const lives = fleets.filter((f) => f.role === 'live');
  // Two groups tagged live means a crash between retagging steps: the one still attached to
  // load balancers with running instances is the one serving, so prefer it, then the newest.
  const live = [...lives].sort(servingFirst)[0];
  if (lives.length > 1) {
    warnings.push(
      `${lives.length} groups are tagged live (${lives.map((f) => f.group.name).join(', ')}); treating ${live?.group.name} as live`,
    );
  }
  const demoted = lives.filter((f) => f !== live);
  for (const f of fleets.filter((x) => x.role === undefined)) {
    warnings.push(`group ${f.group.name} has no valid ${TAG.role} tag; ignoring it`);
  }
  return {
    live,
    standbys: [...demoted, ...fleets.filter((f) => f.role === 'standby')].sort(mostRecentlyLiveFirst),
    deploying: fleets.filter((f) => f.role === 'deploying'),
    all: fleets,
    warnings,
  };
}

function servingFirst(a: Fleet, b: Fleet): number {
  const score = (f: Fleet): number =>
    f.group.targetGroupArns.length > 0 && f.group.instances.length > 0 ? 1 : 0;
  return score(b) - score(a) || b.group.createdAt - a.group.createdAt;
}
