import type { Aws, Group } from '../aws/types.js';
import type { Clock } from '../clock/clock.js';
import { throwIfAborted } from '../clock/clock.js';
import { ExitCode } from '../errors/exit-codes.js';
import { OdinError } from '../errors/odin-error.js';
import type { Reporter } from '../events/reporter.js';
import { readFleetHealth, requiredHealthy, type FleetHealth } from './fleet-health.js';
import { HealthPollSchedule } from './health-poll-schedule.js';

/** Why a fleet did not become healthy. */
export type UnhealthyReason = 'timeout' | 'launch-failed' | 'replaced' | 'gone';

/**
 * The new fleet did not become healthy; the deploy must be undone. Its own exit code is that of
 * a failure: the deploy reports the undo's outcome (rolled back, or needs attention) on top.
 */
export class FleetNotHealthyError extends OdinError {
  constructor(
    readonly reason: UnhealthyReason,
    message: string,
    hint: string,
    readonly health?: FleetHealth,
  ) {
    super('FLEET_NOT_HEALTHY', ExitCode.Failure, message, { hint, details: { reason } });
  }
}

/** What a wait needs besides AWS: time, a place to report, and a way to be stopped. */
export interface WaitContext {
  aws: Aws;
  clock: Clock;
  reporter: Reporter;
  /** Progress is reported under this step id. */
  step: string;
  /** Called at every poll; throws to stop the wait (halt requested, lease lost). */
  checkpoint?: () => Promise<void>;
}

/** How long and how often to wait, and what counts as healthy. */
export interface WaitOptions {
  percent: number;
  /** Healthy instances needed whatever the percent says (the serving floor). */
  minHealthy?: number;
  timeoutMs: number;
  pollMs: number;
  /**
   * How long after registering a target can first pass its health checks (interval × healthy
   * threshold of the slowest gating target group); the polls cluster around that moment. 0: poll
   * every `pollMs` only.
   */
  healthCheckMs?: number;
  signal?: AbortSignal;
}

/**
 * Waits until `percent`% of the group's desired instances are healthy in every target group.
 * Each poll costs one DescribeAutoScalingGroups and one DescribeTargetHealth per target group,
 * sent together (and the checkpoint's reads alongside); scaling activities are read only when
 * the group shows signs of trouble (missing or replaced instances), so a healthy poll never pays
 * for them. Polls follow `HealthPollSchedule`, so the fleet is found healthy soon after it is.
 * A group odin has not seen yet is only not visible yet (DescribeAutoScalingGroups is eventually
 * consistent right after CreateAutoScalingGroup): only one seen and then missing is gone.
 */
export async function waitForHealthyFleet(
  ctx: WaitContext,
  groupName: string,
  targetGroupArns: string[],
  options: WaitOptions,
): Promise<FleetHealth> {
  const deadline = ctx.clock.now() + options.timeoutMs;
  const schedule = new HealthPollSchedule(options.pollMs, options.healthCheckMs ?? 0);
  const seen = new Set<string>();
  let visible = false;
  for (;;) {
    throwIfAborted(options.signal);
    const startedAt = ctx.clock.now();
    const { group, health } = await pollWithCheckpoint(ctx, groupName, targetGroupArns);
    const endedAt = ctx.clock.now();
    let sleepMs = options.pollMs;
    if (!group && visible) throw gone(groupName);
    if (group && health) {
      visible = true;
      for (const i of group.instances) seen.add(i.id);
      report(ctx, health, options);
      if (health.isHealthyEnough(options.percent, options.minHealthy)) return health;
      await failFast(ctx, group, seen, health);
      const registered = health.registeredInAll;
      sleepMs = schedule.next({ startedAt, endedAt, registered, needed: need(health, options) });
      if (ctx.clock.now() + sleepMs > deadline) throw timeout(groupName, options, health);
    } else {
      ctx.reporter.progress(ctx.step, `${groupName} is not visible in AWS yet`, { visible: false });
      if (ctx.clock.now() + options.pollMs > deadline) throw neverVisible(groupName, options);
    }
    await ctx.clock.sleep(sleepMs, options.signal);
  }
}

/**
 * One poll's reads and the checkpoint, at the same time: the checkpoint only reads too. Both are
 * settled before a checkpoint error is thrown, so no call is left running behind the caller.
 */
async function pollWithCheckpoint(
  ctx: WaitContext,
  groupName: string,
  targetGroupArns: string[],
): ReturnType<typeof readFleetHealth> {
  const [checked, read] = await Promise.allSettled([
    ctx.checkpoint?.(),
    readFleetHealth(ctx.aws, groupName, targetGroupArns),
  ]);
  if (checked.status === 'rejected') throw checked.reason;
  if (read.status === 'rejected') throw read.reason;
  return read.value;
}

function gone(groupName: string): FleetNotHealthyError {
  return new FleetNotHealthyError(
    'gone',
    `Auto Scaling group ${groupName} disappeared while odin waited for it`,
    'Someone deleted it; run `odin status` and deploy again.',
  );
}

function neverVisible(groupName: string, options: WaitOptions): FleetNotHealthyError {
  return new FleetNotHealthyError(
    'timeout',
    `${groupName} was not visible in DescribeAutoScalingGroups within ${Math.round(options.timeoutMs / 1000)}s of being created`,
    'AWS is slow to list new groups; check `odin status` and the Auto Scaling console, then deploy again.',
  );
}

function report(ctx: WaitContext, health: FleetHealth, options: WaitOptions): void {
  const required = need(health, options);
  ctx.reporter.progress(ctx.step, `${health.healthyInAll}/${health.desired} targets healthy`, {
    healthy: health.healthyInAll,
    desired: health.desired,
    required,
    inService: health.inService,
    targetGroups: health.perTargetGroup,
  });
}

async function failFast(
  ctx: WaitContext,
  group: Group,
  seen: Set<string>,
  health: FleetHealth,
): Promise<void> {
  const replaced = seen.size - group.desired;
  const troubled = group.instances.length < group.desired || replaced > 0;
  if (!troubled) return;
  const failed = (await ctx.aws.autoScaling.describeActivities(group.name, { max: 20 })).filter(
    (a) => a.status === 'Failed' && a.startTime >= group.createdAt,
  );
  const firstFailure = failed[0];
  if (firstFailure) {
    const why = firstFailure.statusMessage ?? firstFailure.description;
    throw new FleetNotHealthyError(
      'launch-failed',
      `Instances of ${group.name} fail to launch: ${why}`,
      'Check the image, instance type, subnets and instance profile in the manifest; `odin plan` shows what would be launched.',
      health,
    );
  }
  // An ASG with ELB health checks replaces instances the load balancer calls unhealthy; when it
  // keeps doing so, the new release does not pass its health check and waiting is pointless.
  if (replaced >= Math.max(3, Math.ceil(group.desired / 2))) {
    throw new FleetNotHealthyError(
      'replaced',
      `Instances of ${group.name} keep failing health checks and being replaced (${replaced} replaced so far)`,
      'The new release does not pass the target group health check; check its logs and the health check path.',
      health,
    );
  }
}

function timeout(groupName: string, options: WaitOptions, health: FleetHealth): FleetNotHealthyError {
  const seconds = Math.round(options.timeoutMs / 1000);
  return new FleetNotHealthyError(
    'timeout',
    `${groupName} was not healthy within ${seconds}s: ${health.healthyInAll}/${health.desired} targets healthy, ` +
      `${need(health, options)} needed`,
    'Raise health.timeout in the manifest if the service needs longer to start, or check why its targets stay unhealthy.',
    health,
  );
}

function need(health: FleetHealth, options: WaitOptions): number {
  return Math.max(options.minHealthy ?? 0, requiredHealthy(health.desired, options.percent));
}
