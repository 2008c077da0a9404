import type { World } from '../world.js';
import {
  onBoot,
  onHealthCheck,
  onScheduledAction,
  onTerminated,
  killInstance,
  reconcile,
  scheduleHealthCheck,
} from './fleet.js';
import { onDrained, onTargetCheck } from './targets.js';

/**
 * Brings the model up to `until`, running every due timer in time order with the model's clock
 * set to that timer's time; so a world that was left alone for an hour catches up exactly as
 * if it had been running. Work is proportional to the timers due, not to the size of the world.
 */
export function advanceWorld(world: World, until: number): void {
  for (;;) {
    const timer = world.takeDue(until);
    if (!timer) break;
    if (timer.at > world.state.now) world.state.now = timer.at;
    runTimer(world, timer);
  }
  if (until > world.state.now) world.state.now = until;
}

function runTimer(world: World, timer: ReturnType<World['takeDue']> & object): void {
  switch (timer.kind) {
    case 'boot':
      return onBoot(world, timer.instanceId);
    case 'target-check':
      if (onTargetCheck(world, timer)) {
        const instance = world.state.instances[timer.instanceId];
        if (instance) scheduleHealthCheck(world, instance);
      }
      return;
    case 'drained':
      return onDrained(world, timer);
    case 'health-check':
      return onHealthCheck(world, timer.instanceId);
    case 'terminated':
      return onTerminated(world, timer.instanceId);
    case 'die':
      killInstance(world, timer.instanceId);
      return;
    case 'launch-retry': {
      const group = world.state.groups[timer.group];
      if (group) {
        group.launchRetryAt = undefined;
        reconcile(world, group);
      }
      return;
    }
    case 'scheduled-action':
      return onScheduledAction(world, timer.group, timer.action, timer.startTime);
  }
}
