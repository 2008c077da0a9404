import { throwIfAborted } from '../clock/clock.js';
import { DeployFailedError } from '../errors/errors.js';
import type { OdinErrorOptions } from '../errors/odin-error.js';
import { healthOf, servingFloor } from '../fleet/fleet-health.js';
import type { Step } from '../manifest/types.js';
import { formatSpan } from '../state/lease-holder.js';
import { consumePromote } from './promote.js';
import type { FleetRef, TrafficContext } from './strategy.js';

/** The two halves of a weighted pair. */
export type Slot = 'blue' | 'green';

/** The slot that is not `slot`. */
export function otherSlot(slot: Slot): Slot {
  return slot === 'blue' ? 'green' : 'blue';
}

/** A fleet's slot: its `odin:slot` tag, else the target group of the pair it is attached to. */
export function slotOf(fleet: FleetRef | undefined, pair: Record<Slot, string>): Slot | undefined {
  if (!fleet) return undefined;
  if (fleet.slot === 'blue' || fleet.slot === 'green') return fleet.slot;
  return (['blue', 'green'] as const).find((slot) => fleet.targetGroupArns.includes(pair[slot]));
}

/** One side of a split: a fleet and the target group (or record) that carries its weight. */
export interface Side {
  fleet: string;
  slot: Slot;
  targetGroupArn: string;
  /** Short name of what carries the weight, for messages ("demo-green"). */
  label: string;
}

/** What the step runner checks at every poll: the new side, the live side, the alarms, the split itself. */
export interface SplitGuard {
  next: Side;
  live: Side;
  alarms: string[];
  /** Throws a TrafficGuardError when AWS no longer holds `weight`% on the new side. */
  recheck(ctx: TrafficContext, weight: number): Promise<void>;
}

/** A strategy's part in a stepped cutover: setting a split and returning once it is verified. */
export interface StepDriver extends SplitGuard {
  /** Puts `weight`% on the new side and the rest on the live side; returns once verified. */
  shift(ctx: TrafficContext, weight: number): Promise<void>;
}

/** A check during a stepped cutover failed (alarm, floor, weights); the deploy is undone. */
export class TrafficGuardError extends DeployFailedError {
  constructor(
    readonly check: 'alarm' | 'floor' | 'weights',
    message: string,
    options: OdinErrorOptions = {},
  ) {
    super(message, { ...options, details: { check, ...options.details } });
    this.name = 'TrafficGuardError';
  }
}

/** How often a pause repeats where it stands. */
const PAUSE_HEARTBEAT_MS = 60_000;
/** Read-backs per change before a mismatch counts (ELBv2 and Route 53 reads may lag a write). */
const READ_BACK_ATTEMPTS = 3;

/**
 * Runs the manifest's steps: each weight is set and verified by the driver, then baked while
 * alarms, healthy capacity on both sides and the split itself are checked at every poll; a
 * pause waits for `odin promote` (or `odin halt`, through the checkpoint). Ends at 100%.
 */
export async function runSteps(ctx: TrafficContext, steps: Step[], driver: StepDriver): Promise<void> {
  const plan = withFinalStep(steps);
  // Before the first change: an alarm already firing, or a live fleet below its floor, stops here.
  await checkSplit(ctx, { ...driver, recheck: async () => {} }, 0);
  let weight = 0;
  for (const [index, step] of plan.entries()) {
    const at = `step ${index + 1}/${plan.length}`;
    if ('pause' in step) {
      await pauseAt(ctx, driver, weight, at);
      continue;
    }
    await driver.shift(ctx, step.weight);
    weight = step.weight;
    const where = describeSplit(driver, weight);
    await holdFor(
      ctx,
      step.bakeMs,
      (left) => `${where}: baking, ${formatSpan(left)} left (${at})`,
      () => checkSplit(ctx, driver, weight),
    );
  }
  // A promote sent after the last pause would otherwise stay in the bucket.
  await consumePromote(ctx, ctx.releaseId);
}

/** The steps as run: the manifest's, with a final 100% step if they stop short of it. */
export function withFinalStep(steps: Step[]): Step[] {
  const weights = steps.filter((s): s is { weight: number; bakeMs: number } => 'weight' in s);
  return weights.at(-1)?.weight === 100 ? steps : [...steps, { weight: 100, bakeMs: 0 }];
}

/** "10% on checkout-r8 (demo-green), 90% on checkout-r7 (demo-blue)". */
export function describeSplit(guard: Pick<SplitGuard, 'next' | 'live'>, weight: number): string {
  const { next, live } = guard;
  return `${weight}% on ${next.fleet} (${next.label}), ${100 - weight}% on ${live.fleet} (${live.label})`;
}

/** Alarms, then healthy capacity of every side that carries weight, then the split itself. */
export async function checkSplit(ctx: TrafficContext, guard: SplitGuard, weight: number): Promise<void> {
  await checkAlarms(ctx, guard.alarms, describeSplit(guard, weight));
  const counts = await countHealthy(ctx, [guard.next, guard.live]);
  for (const [count, share] of [
    [counts[0], weight],
    [counts[1], 100 - weight],
  ] as const) {
    if (!count || share === 0 || count.healthy >= count.floor) continue;
    throw new TrafficGuardError(
      'floor',
      `${count.side.fleet} has ${count.healthy} healthy target(s) in ${count.side.label} while taking ${share}% of traffic, below the floor of ${count.floor}`,
      { hint: `Look at why ${count.side.fleet}'s targets failed their health checks, then deploy again.` },
    );
  }
  await guard.recheck(ctx, weight);
}

async function checkAlarms(ctx: TrafficContext, names: string[], where: string): Promise<void> {
  if (names.length === 0) return;
  const alarms = await ctx.aws.cloudWatch.describeAlarms(names);
  const firing = alarms.filter((a) => a.state === 'ALARM');
  if (firing.length === 0) return;
  const list = firing.map((a) => `${a.name}${a.reason ? ` (${a.reason})` : ''}`).join(', ');
  throw new TrafficGuardError('alarm', `alarm ${list} went to ALARM at ${where}`, {
    hint: 'Find out why the alarm fired; deploy again once the release is fixed and the alarm is OK.',
    details: { alarms: firing.map((a) => a.name) },
  });
}

/** A side's healthy targets (healthy in its target group and InService) and its floor. */
export interface SideCount {
  side: Side;
  healthy: number;
  floor: number;
}

/** Healthy capacity of each side, in one DescribeAutoScalingGroups and one DescribeTargetHealth per side. */
export async function countHealthy(ctx: TrafficContext, sides: Side[]): Promise<SideCount[]> {
  const groups = await ctx.aws.autoScaling.describeGroups(sides.map((s) => s.fleet));
  const counts: SideCount[] = [];
  for (const side of sides) {
    const group = groups.find((g) => g.name === side.fleet);
    const healthy = group ? (await healthOf(ctx.aws, group, [side.targetGroupArn])).healthyInAll : 0;
    // A fleet that is gone is held to the manifest's floor: nothing of it serves.
    const floor = servingFloor(ctx.manifest, group?.desired ?? Number.MAX_SAFE_INTEGER);
    counts.push({ side, healthy, floor });
  }
  return counts;
}

/**
 * Waits `ms` on the clock, running `check` at every poll (and once even when `ms` is 0) and
 * reporting `detail`. Stops within one poll on a halt, a lost lease or an interrupt.
 */
export async function holdFor(
  ctx: TrafficContext,
  ms: number,
  detail: (leftMs: number) => string,
  check?: () => Promise<void>,
): Promise<void> {
  const end = ctx.clock.now() + ms;
  for (;;) {
    await check?.();
    const left = end - ctx.clock.now();
    if (left <= 0) return;
    ctx.reporter.progress(ctx.step, detail(left), { secondsLeft: Math.ceil(left / 1000) });
    throwIfAborted(ctx.signal);
    await ctx.checkpoint();
    await ctx.clock.sleep(Math.min(ctx.pollMs, left), ctx.signal);
  }
}

async function pauseAt(ctx: TrafficContext, guard: SplitGuard, weight: number, at: string): Promise<void> {
  const where = describeSplit(guard, weight);
  if (ctx.autoPromote) {
    ctx.reporter.log('info', `Went past the pause at ${where} (--auto)`);
    return;
  }
  let shownAt = Number.NEGATIVE_INFINITY;
  for (;;) {
    await checkSplit(ctx, guard, weight);
    const marker = await consumePromote(ctx, ctx.releaseId);
    if (marker) {
      ctx.reporter.log('info', `Promoted by ${marker.by}; continuing from ${where}`);
      return;
    }
    if (ctx.clock.now() - shownAt >= PAUSE_HEARTBEAT_MS) {
      shownAt = ctx.clock.now();
      ctx.reporter.progress(
        ctx.step,
        `Paused at ${where} (${at}): run \`odin promote\` to continue or \`odin halt\` to undo`,
        { paused: true, weight },
      );
    }
    throwIfAborted(ctx.signal);
    await ctx.checkpoint();
    await ctx.clock.sleep(ctx.pollMs, ctx.signal);
  }
}

/**
 * Reads a change back until `mismatch` finds nothing wrong, a few polls at most; then throws
 * what it found. A write that was throttled away, or an edit by someone else, shows up here.
 */
export async function readBack(
  ctx: TrafficContext,
  mismatch: () => Promise<string | undefined>,
  hint: string,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const problem = await mismatch();
    if (!problem) return;
    if (attempt >= READ_BACK_ATTEMPTS) throw new TrafficGuardError('weights', problem, { hint });
    ctx.reporter.progress(ctx.step, `reading back: ${problem}`);
    await ctx.clock.sleep(ctx.pollMs, ctx.signal);
  }
}

/** Attaches the fleet to the side's target group if it is not (a retired standby being restored). */
export async function ensureAttached(ctx: TrafficContext, side: Side): Promise<void> {
  const [group] = await ctx.aws.autoScaling.describeGroups([side.fleet]);
  if (!group) throw new Error(`Auto Scaling group ${side.fleet} does not exist`);
  if (!group.targetGroupArns.includes(side.targetGroupArn))
    await ctx.aws.autoScaling.attachTargetGroups(side.fleet, [side.targetGroupArn]);
}

/** Polls until the side has healthy capacity at its floor, or throws after `verifyTimeoutMs`. */
export async function waitForServing(ctx: TrafficContext, side: Side): Promise<void> {
  const deadline = ctx.clock.now() + ctx.verifyTimeoutMs;
  for (;;) {
    const [count] = await countHealthy(ctx, [side]);
    if (count && count.healthy >= count.floor) return;
    const detail = `${count?.healthy ?? 0} healthy target(s) of ${side.fleet} in ${side.label}, ${count?.floor ?? 1} needed`;
    ctx.reporter.progress(ctx.step, detail);
    if (ctx.clock.now() + ctx.pollMs > deadline)
      throw new Error(`could not verify that ${side.fleet} can take traffic back: ${detail}`);
    throwIfAborted(ctx.signal);
    await ctx.checkpoint();
    await ctx.clock.sleep(ctx.pollMs, ctx.signal);
  }
}
