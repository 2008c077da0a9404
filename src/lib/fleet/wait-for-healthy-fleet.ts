import type { Aws, Group } from '../aws/types.js';
import type { Clock } from '../clock/clock.js';
import { throwIfAborted } from '../clock/clock.js';
import { ExitCode } from '../errors/exit-codes.js';
import { OdinError } from '../errors/odin-error.js';
import type { Reporter } from '../events/reporter.js';
import { healthOf, requiredHealthy, type FleetHealth } from './fleet-health.js';

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
  signal?: AbortSignal;
}

/**
 * Waits until `percent`% of the group's desired instances are healthy in every target group.
 * Each poll costs one DescribeAutoScalingGroups and one DescribeTargetHealth per target group;
 * scaling activities are read only when the group shows signs of trouble (missing or replaced
 * instances), so a healthy poll never pays for them. A group odin has not seen yet is only not
 * visible yet (DescribeAutoScalingGroups is eventually consistent right after CreateAutoScalingGroup):
 * only one seen and then missing is gone.
 */
export async function waitForHealthyFleet(
  ctx: WaitContext,
  groupName: string,
  targetGroupArns: string[],
  options: WaitOptions,
): Promise<FleetHealth> {
  const deadline = ctx.clock.now() + options.timeoutMs;
  const seen = new Set<string>();
  let visible = false;
  for (;;) {
    throwIfAborted(options.signal);
    await ctx.checkpoint?.();
    const [group] = await ctx.aws.autoScaling.describeGroups([groupName]);
    if (!group && visible) throw gone(groupName);
    if (group) {
      visible = true;
      for (const i of group.instances) seen.add(i.id);
      const health = await healthOf(ctx.aws, group, targetGroupArns);
      report(ctx, health, options);
      if (health.isHealthyEnough(options.percent, options.minHealthy)) return health;
      await failFast(ctx, group, seen, health);
      if (ctx.clock.now() + options.pollMs > deadline) throw timeout(groupName, options, health);
    } else {
      ctx.reporter.progress(ctx.step, `${groupName} is not visible in AWS yet`, { visible: false });
      if (ctx.clock.now() + options.pollMs > deadline) throw neverVisible(groupName, options);
    }
    await ctx.clock.sleep(options.pollMs, options.signal);
  }
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
  const need = needed(health.desired, options);
  ctx.reporter.progress(ctx.step, `${health.healthyInAll}/${health.desired} targets healthy`, {
    healthy: health.healthyInAll,
    desired: health.desired,
    required: need,
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
      `${needed(health.desired, options)} needed`,
    'Raise health.timeout in the manifest if the service needs longer to start, or check why its targets stay unhealthy.',
    health,
  );
}

function needed(desired: number, options: WaitOptions): number {
  return Math.max(options.minHealthy ?? 0, requiredHealthy(desired, options.percent));
}
