import type { World } from '../world.js';
import type { TargetGroupState, TargetState, TimerEvent } from '../types.js';

type TargetTimer<K extends string> = Extract<TimerEvent, { kind: K }>;

/** The deregistration delay AWS applies when the attribute was never set. */
export const DEFAULT_DEREGISTRATION_DELAY_SEC = 300;

/** The target group's deregistration delay in milliseconds. */
export function drainMs(tg: TargetGroupState): number {
  const value = Number(
    tg.attributes['deregistration_delay.timeout_seconds'] ?? DEFAULT_DEREGISTRATION_DELAY_SEC,
  );
  return (Number.isFinite(value) ? value : DEFAULT_DEREGISTRATION_DELAY_SEC) * 1000;
}

function setState(
  world: World,
  target: TargetState,
  state: TargetState['state'],
  reason?: string,
  description?: string,
): void {
  target.state = state;
  target.reason = reason;
  target.description = description;
  target.epoch += 1;
  target.since = world.now;
}

function willFail(world: World, instanceId: string): boolean {
  const instance = world.state.instances[instanceId];
  if (!instance || instance.diedAt !== undefined) return true;
  return world.state.images[instance.imageId]?.bad === true;
}

/**
 * Registers an instance: `initial` until the health checks have run `healthyThreshold` (or
 * `unhealthyThreshold`) times after the instance booted. Re-registering a draining target
 * starts it over, as AWS does.
 */
export function registerTarget(world: World, tg: TargetGroupState, instanceId: string, port = tg.port): void {
  const existing = tg.targets[instanceId];
  if (existing && existing.state !== 'draining') return;
  const target: TargetState = existing ?? {
    id: instanceId,
    port,
    state: 'initial',
    epoch: 0,
    since: world.now,
    visibleAt: world.now + world.state.faults.consistencyDelayMs,
  };
  target.port = port;
  setState(world, target, 'initial', 'Elb.RegistrationInProgress', 'Target registration is in progress');
  tg.targets[instanceId] = target;
  const bootAt = world.state.instances[instanceId]?.bootAt ?? world.now;
  const checks = willFail(world, instanceId) ? tg.unhealthyThreshold : tg.healthyThreshold;
  const at = Math.max(world.now, bootAt) + checks * tg.intervalSec * 1000;
  world.schedule(at, { kind: 'target-check', targetGroupArn: tg.arn, instanceId, epoch: target.epoch });
}

/** Deregisters a target: `draining` for the deregistration delay, then gone. */
export function deregisterTarget(world: World, tg: TargetGroupState, instanceId: string): void {
  const target = tg.targets[instanceId];
  if (!target || target.state === 'draining') return;
  setState(
    world,
    target,
    'draining',
    'Target.DeregistrationInProgress',
    'Target deregistration is in progress',
  );
  world.schedule(world.now + drainMs(tg), {
    kind: 'drained',
    targetGroupArn: tg.arn,
    instanceId,
    epoch: target.epoch,
  });
}

/** The time a deregistered target stops draining, if it is draining. */
export function drainedAt(tg: TargetGroupState, instanceId: string): number | undefined {
  const target = tg.targets[instanceId];
  return target?.state === 'draining' ? target.since + drainMs(tg) : undefined;
}

/** Runs a due health-check transition; returns true when the target just became unhealthy. */
export function onTargetCheck(world: World, event: TargetTimer<'target-check'>): boolean {
  const target = world.state.targetGroups[event.targetGroupArn]?.targets[event.instanceId];
  if (!target || target.epoch !== event.epoch || target.state === 'draining') return false;
  if (willFail(world, event.instanceId)) {
    if (target.state === 'unhealthy') return false;
    setState(world, target, 'unhealthy', 'Target.FailedHealthChecks', 'Health checks failed');
    return true;
  }
  if (target.state !== 'healthy') setState(world, target, 'healthy');
  return false;
}

/** Removes a target whose deregistration delay has passed. */
export function onDrained(world: World, event: TargetTimer<'drained'>): void {
  const tg = world.state.targetGroups[event.targetGroupArn];
  const target = tg?.targets[event.instanceId];
  if (tg && target && target.epoch === event.epoch) delete tg.targets[event.instanceId];
}

/** After an instance died: its targets fail their next `unhealthyThreshold` checks. */
export function noticeDeath(world: World, instanceId: string): void {
  for (const tg of Object.values(world.state.targetGroups)) {
    const target = tg.targets[instanceId];
    if (!target || target.state === 'draining' || target.state === 'unhealthy') continue;
    target.epoch += 1;
    const at = world.now + tg.unhealthyThreshold * tg.intervalSec * 1000;
    world.schedule(at, { kind: 'target-check', targetGroupArn: tg.arn, instanceId, epoch: target.epoch });
  }
}

/** Forgets a terminated instance in every target group (AWS drops targets that no longer exist). */
export function forgetTarget(world: World, instanceId: string): void {
  for (const tg of Object.values(world.state.targetGroups)) delete tg.targets[instanceId];
}

/** True when some listener or rule forwards to the target group; otherwise its targets are `unused`. */
export function targetGroupInUse(world: World, tgArn: string): boolean {
  const forwards = (actions: Array<Record<string, unknown>>): boolean =>
    actions.some((a) => actionTargets(a).includes(tgArn));
  return (
    Object.values(world.state.listeners).some((l) => forwards(l.defaultActions)) ||
    Object.values(world.state.rules).some((r) => forwards(r.actions))
  );
}

/** The target group ARNs an ELBv2 action forwards to. */
export function actionTargets(action: Record<string, unknown>): string[] {
  const out = new Set<string>();
  if (typeof action.TargetGroupArn === 'string') out.add(action.TargetGroupArn);
  const forward = action.ForwardConfig as { TargetGroups?: Array<{ TargetGroupArn?: string }> } | undefined;
  for (const tg of forward?.TargetGroups ?? []) if (tg.TargetGroupArn) out.add(tg.TargetGroupArn);
  return [...out];
}
