import { assertAccount } from '../account/assert-account.js';
import type { Group } from '../aws/types.js';
import type { DeployContext } from '../deploy/deploy-types.js';
import { RefusedError } from '../errors/errors.js';
import { toOdinError } from '../errors/odin-error.js';
import { Reporter } from '../events/reporter.js';
import { findFleets } from '../fleet/find-fleets.js';
import { healthOf } from '../fleet/fleet-health.js';
import type { WaitContext } from '../fleet/wait-for-healthy-fleet.js';
import type { CapacityValues } from '../journal/journal-record.js';
import { isUnfinished, readJournal, unfinishedDeployError } from '../journal/journal.js';
import type { Manifest } from '../manifest/types.js';
import { acquireLease, type Lease } from '../state/lease.js';
import type { LeaseLostError } from '../state/lease-errors.js';
import type { StateContext } from '../state/state-context.js';
import {
  assertAboveFloor,
  checkAskedCapacity,
  sameCapacity,
  scaleSteps,
  targetCapacity,
  type CapacityRequest,
} from './capacity-change.js';
import { applyScalingPolicies, type PolicyChange } from './policies.js';
import { waitForSize } from './wait-for-size.js';

/** One `odin scale`. */
export interface ScaleRequest extends CapacityRequest {
  manifest: Manifest;
  /**
   * Wait until the fleet has the new size with healthy targets (default true; a stepwise scale-in
   * always waits between steps).
   */
  wait?: boolean;
  /** Re-apply the manifest's scaling policies and remove odin policies it no longer lists. */
  policies?: boolean;
  lockWaitMs?: number;
  pollMs?: number;
}

/** What `odin scale` did. */
export interface ScaleResult {
  service: string;
  environment: string;
  fleet: string;
  before: CapacityValues;
  after: CapacityValues;
  /** False when the fleet already had the asked-for capacity: nothing changed and no lease was taken. */
  changed: boolean;
  /** The desired values gone through (scale-in goes stepwise to keep the floor serving). */
  steps: number[];
  waited: boolean;
  policies?: PolicyChange;
  durationMs: number;
  /** One line for people: what was done. */
  summary: string;
}

/**
 * Changes the live fleet's capacity within the lease. Flags are checked against each other before
 * any AWS call, and against the live fleet before the lease; a capacity the fleet already has
 * changes nothing and takes no lease. A scale-in never takes out more instances at once than are
 * healthy beyond the floor, and waits for each step to drain before the next; `--policies`
 * re-applies the manifest's target-tracking policies.
 */
export async function scale(ctx: DeployContext, request: ScaleRequest): Promise<ScaleResult> {
  const reporter = new Reporter(ctx.sink, ctx.clock);
  const started = ctx.clock.now();
  checkAskedCapacity(askedOf(request), { policies: request.policies });
  const checked = await reporter.step(
    'check',
    { running: 'Checking the new capacity', done: (c) => describeCheck(c) },
    () => check(ctx, request),
  );
  if (isNoOp(checked, request)) return resultOf(ctx, request, checked, { started });

  return withLease(ctx, request, reporter, async (waitCtx) => {
    const current = await recheck(ctx, request, reporter, checked);
    if (isNoOp(current, request)) return resultOf(ctx, request, current, { started });
    const waited = await resize(ctx, request, { ...current, reporter, waitCtx });
    const policies = request.policies
      ? await reporter.step(
          'policies',
          { running: 'Applying the scaling policies', done: (p) => describePolicies(p) },
          () => applyScalingPolicies(ctx.aws, request.manifest, current.group),
        )
      : undefined;
    return resultOf(ctx, request, current, { started, waited, policies });
  });
}

/**
 * Runs `work` holding the service lease, renewed meanwhile; every wait inside checks that it is
 * still held, so a scale whose lease was taken over stops instead of fighting another odin.
 */
async function withLease<T>(
  ctx: DeployContext,
  request: ScaleRequest,
  reporter: Reporter,
  work: (waitCtx: (step: string) => WaitContext) => Promise<T>,
): Promise<T> {
  const lease = await reporter.step(
    'lease',
    { running: 'Taking the deploy lease', done: 'Took the deploy lease' },
    () => takeLease(ctx, request.manifest, request),
  );
  let lost: LeaseLostError | undefined;
  const renewal = new AbortController();
  lease.startRenewing({ signal: renewal.signal, onLost: (error) => (lost = error) });
  const checkpoint = async (): Promise<void> => {
    if (lost) throw lost;
  };
  try {
    return await work((step) => ({ aws: ctx.aws, clock: ctx.clock, reporter, step, checkpoint }));
  } finally {
    renewal.abort();
    await lease.release().catch((error: unknown) => reporter.log('warn', toOdinError(error).message));
  }
}

interface Checked {
  group: Group;
  target: CapacityValues;
  steps: number[];
}

/** What needs the live fleet, checked before the lease and before any change (invariant 6). */
async function check(ctx: DeployContext, request: ScaleRequest): Promise<Checked> {
  await assertAccount(ctx.aws, request.manifest);
  return readTarget(ctx, request);
}

/** The live fleet, the capacity asked of it, and the steps there; refuses what the floor forbids. */
async function readTarget(ctx: DeployContext, request: ScaleRequest): Promise<Checked> {
  const m = request.manifest;
  const group = (await findFleets(ctx.aws, m.service, m.environment)).live?.group;
  if (!group) {
    throw new RefusedError(`Nothing of ${m.service} (${m.environment}) is live to scale`, {
      hint: 'Deploy first with `odin deploy`.',
    });
  }
  const target = targetCapacity(group, askedOf(request));
  if (sameCapacity(group, target)) return { group, target, steps: [] };
  const floor = Math.max(1, m.health.floor ?? m.capacity.min);
  if (target.desired < group.desired || target.min < group.min) assertAboveFloor(target, floor);
  const healthy = (await healthOf(ctx.aws, group, group.targetGroupArns)).healthyInAll;
  return { group, target, steps: scaleSteps(group.desired, target.desired, healthy - floor) };
}

/**
 * Once the lease is held, nothing else runs: an unfinished journal then belongs to a deploy that
 * died, which `--resume` or `recover` must settle first. While odin waited for the lease, a deploy
 * may also have replaced the live fleet, so it is read again.
 */
async function recheck(
  ctx: DeployContext,
  request: ScaleRequest,
  reporter: Reporter,
  before: Checked,
): Promise<Checked> {
  const journal = await readJournal(stateOf(ctx, request.manifest));
  if (journal && isUnfinished(journal.record.status))
    throw unfinishedDeployError(journal.record, ctx.clock.now());
  const current = await readTarget(ctx, request);
  if (current.group.name !== before.group.name || !sameCapacity(current.group, before.group))
    reporter.log('info', `The live fleet changed while odin waited for the lease: ${describeCheck(current)}`);
  return current;
}

function askedOf(request: ScaleRequest): CapacityRequest {
  return { desired: request.desired, min: request.min, max: request.max };
}

function isNoOp(checked: Checked, request: ScaleRequest): boolean {
  return !request.policies && sameCapacity(checked.group, checked.target);
}

interface Outcome {
  started: number;
  waited?: boolean;
  policies?: PolicyChange | undefined;
}

function resultOf(ctx: DeployContext, request: ScaleRequest, checked: Checked, o: Outcome): ScaleResult {
  const m = request.manifest;
  const { group, target, steps } = checked;
  const before = { min: group.min, max: group.max, desired: group.desired };
  const changed = !sameCapacity(before, target) || o.policies !== undefined;
  const waited = o.waited ?? false;
  return {
    service: m.service,
    environment: m.environment,
    fleet: group.name,
    before,
    after: target,
    changed,
    steps,
    waited,
    ...(o.policies ? { policies: o.policies } : {}),
    durationMs: ctx.clock.now() - o.started,
    summary: summaryOf(group.name, before, target, waited, o.policies),
  };
}

function summaryOf(
  fleet: string,
  before: CapacityValues,
  after: CapacityValues,
  waited: boolean,
  policies?: PolicyChange,
): string {
  const applied = policies ? `; policies: ${policies.installed.join(', ') || 'none'}` : '';
  if (sameCapacity(before, after)) {
    const still = `${fleet} ${policies ? 'stays' : 'is already'} at ${describe(after)}`;
    return policies ? `${still}${applied}` : `${still}; nothing changed`;
  }
  return `Scaled ${fleet} to ${describe(after)}${waited ? ', all healthy' : ''}${applied}`;
}

interface ResizeParts extends Checked {
  reporter: Reporter;
  waitCtx: (step: string) => WaitContext;
}

/** Applies each step; waits after every step but the last, and after the last unless --no-wait. */
async function resize(ctx: DeployContext, request: ScaleRequest, parts: ResizeParts): Promise<boolean> {
  const { group, target, steps, reporter } = parts;
  if (sameCapacity(group, target)) return false;
  const wait = request.wait !== false;
  const m = request.manifest;
  for (const [index, step] of steps.entries()) {
    const last = index === steps.length - 1;
    await reporter.step(
      'scale',
      {
        running: `Scaling ${group.name} to ${step}`,
        done: last && !wait ? `Asked for ${step} instances` : `${group.name} has ${step} healthy instances`,
      },
      async () => {
        await ctx.aws.autoScaling.updateCapacity(group.name, {
          min: Math.min(target.min, step),
          max: Math.max(target.max, step),
          desired: step,
        });
        if (last && !wait) return;
        await waitForSize(parts.waitCtx('scale'), group.name, step, {
          timeoutMs: m.health.timeoutMs,
          pollMs: request.pollMs ?? 5_000,
          signal: ctx.signal,
        });
      },
    );
  }
  return wait;
}

async function takeLease(ctx: DeployContext, m: Manifest, request: ScaleRequest): Promise<Lease> {
  return acquireLease(
    { ...stateOf(ctx, m), sink: ctx.sink },
    { command: 'odin scale' },
    { waitMs: request.lockWaitMs ?? 0, signal: ctx.signal },
  );
}

function describeCheck(c: Checked): string {
  if (sameCapacity(c.group, c.target)) return `Live fleet ${c.group.name} is at ${describe(c.group)}`;
  return `Live fleet ${c.group.name}: ${describe(c.group)} → ${describe(c.target)}`;
}

function describe(c: CapacityValues): string {
  return `min ${c.min}, desired ${c.desired}, max ${c.max}`;
}

function describePolicies(p: PolicyChange): string {
  const installed =
    p.installed.length > 0 ? `Applied ${p.installed.join(', ')}` : 'The manifest has no scaling policies';
  return p.removed.length > 0 ? `${installed}; removed ${p.removed.join(', ')}` : installed;
}

function stateOf(ctx: DeployContext, m: Manifest): StateContext {
  return { aws: ctx.aws, clock: ctx.clock, store: m.state, service: m.service, environment: m.environment };
}
