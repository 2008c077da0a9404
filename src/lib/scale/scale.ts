import { assertAccount } from '../account/assert-account.js';
import type { Group } from '../aws/types.js';
import type { DeployContext } from '../deploy/deploy-types.js';
import { InvalidFlagError, RefusedError } from '../errors/errors.js';
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
import { assertAboveFloor, scaleSteps, targetCapacity, type CapacityRequest } from './capacity-change.js';
import { applyScalingPolicies, type PolicyChange } from './policies.js';
import { waitForSize } from './wait-for-size.js';

/** One `odin scale`. */
export interface ScaleRequest extends CapacityRequest {
  manifest: Manifest;
  /** Wait until the fleet has the new size with healthy targets (default true; a stepwise scale-in always waits between steps). */
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
  /** The desired values gone through (scale-in goes stepwise to keep the floor serving). */
  steps: number[];
  waited: boolean;
  policies?: PolicyChange;
  durationMs: number;
}

/**
 * Changes the live fleet's capacity within the lease. Flags are checked against the current
 * values before any AWS call; a scale-in never takes out more instances at once than are healthy
 * beyond the floor, and waits for each step to drain before the next; `--policies` re-applies the
 * manifest's target-tracking policies.
 */
export async function scale(ctx: DeployContext, request: ScaleRequest): Promise<ScaleResult> {
  const reporter = new Reporter(ctx.sink, ctx.clock);
  const started = ctx.clock.now();
  const m = request.manifest;
  const { group, target, steps } = await reporter.step(
    'check',
    {
      running: 'Checking the new capacity',
      done: (c) => `Live fleet ${c.group.name}: ${describe(c.group)} → ${describe(c.target)}`,
    },
    () => check(ctx, request),
  );
  return withLease(ctx, request, reporter, async (waitCtx) => {
    const waited = await resize(ctx, request, { group, target, steps, reporter, waitCtx });
    const policies = request.policies
      ? await reporter.step(
          'policies',
          { running: 'Applying the scaling policies', done: (p) => describePolicies(p) },
          () => applyScalingPolicies(ctx.aws, m, group),
        )
      : undefined;
    const before = { min: group.min, max: group.max, desired: group.desired };
    const durationMs = ctx.clock.now() - started;
    const base = { service: m.service, environment: m.environment, fleet: group.name };
    return { ...base, before, after: target, steps, waited, ...(policies ? { policies } : {}), durationMs };
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

/** Everything that can refuse, before the lease and before any change (invariant 6). */
async function check(ctx: DeployContext, request: ScaleRequest): Promise<Checked> {
  const m = request.manifest;
  const { desired, min, max } = request;
  if (desired === undefined && min === undefined && max === undefined && !request.policies)
    throw new InvalidFlagError('Nothing to change', {
      hint: 'Pass --desired, --min, --max and/or --policies.',
    });
  await assertAccount(ctx.aws, m);
  const journal = await readJournal(stateOf(ctx, m));
  if (journal && isUnfinished(journal.record.status))
    throw unfinishedDeployError(journal.record, ctx.clock.now());
  const group = (await findFleets(ctx.aws, m.service, m.environment)).live?.group;
  if (!group) {
    throw new RefusedError(`Nothing of ${m.service} (${m.environment}) is live to scale`, {
      hint: 'Deploy first with `odin deploy`.',
    });
  }
  const target = targetCapacity(group, { desired, min, max });
  const floor = Math.max(1, m.health.floor ?? m.capacity.min);
  if (target.desired < group.desired || target.min < group.min) assertAboveFloor(target, floor);
  const healthy = (await healthOf(ctx.aws, group, group.targetGroupArns)).healthyInAll;
  return { group, target, steps: scaleSteps(group.desired, target.desired, healthy - floor) };
}

interface ResizeParts extends Checked {
  reporter: Reporter;
  waitCtx: (step: string) => WaitContext;
}

/** Applies each step; waits after every step but the last, and after the last unless --no-wait. */
async function resize(ctx: DeployContext, request: ScaleRequest, parts: ResizeParts): Promise<boolean> {
  const { group, target, steps, reporter } = parts;
  const unchanged = target.min === group.min && target.max === group.max && target.desired === group.desired;
  if (unchanged) return false;
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
