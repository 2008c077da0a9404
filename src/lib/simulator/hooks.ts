import { ResourceNotFoundError } from '../errors/index.js';
import { killInstance } from './model/fleet.js';
import type { AlarmState, Faults, ImageState, InstanceState, TargetGroupState } from './types.js';
import type { World } from './world.js';

function unknown(what: string): ResourceNotFoundError {
  return new ResourceNotFoundError(`No ${what} in the local cloud.`, {
    hint: 'Run `odin simulator show` to list what it has.',
  });
}

/** The instance, or a ResourceNotFoundError naming it. */
export function requireInstance(world: World, instanceId: string): InstanceState {
  const instance = world.state.instances[instanceId];
  if (!instance) throw unknown(`instance ${instanceId}`);
  return instance;
}

/** Makes an instance die now: its targets fail and its group replaces it. */
export function killInstanceHook(world: World, instanceId: string): void {
  requireInstance(world, instanceId);
  killInstance(world, instanceId);
}

/** Sets a CloudWatch alarm's state (creating the alarm if needed). */
export function setAlarmHook(world: World, name: string, state: AlarmState['state'], reason?: string): void {
  world.state.alarms[name] = {
    name,
    state,
    reason: reason ?? `Set to ${state} in the local cloud`,
    updatedAt: world.now,
  };
}

/** Replaces some of the faults in force; the rest stay as they were. */
export function setFaultsHook(world: World, faults: Partial<Faults>): Faults {
  world.state.faults = { ...world.state.faults, ...faults };
  return world.state.faults;
}

/** Finds an image by id or name. */
export function findImage(world: World, idOrName: string): ImageState {
  const image =
    world.state.images[idOrName] ?? Object.values(world.state.images).find((i) => i.name === idOrName);
  if (!image) throw unknown(`image ${idOrName}`);
  return image;
}

/** Finds a target group by ARN or name. */
export function findTargetGroup(world: World, arnOrName: string): TargetGroupState {
  const tg =
    world.state.targetGroups[arnOrName] ??
    Object.values(world.state.targetGroups).find((t) => t.name === arnOrName);
  if (!tg) throw unknown(`target group ${arnOrName}`);
  return tg;
}
