import { assertAccount } from '../account/assert-account.js';
import type { Aws } from '../aws/types.js';
import { deploy } from '../deploy/deploy.js';
import type { DeployContext, DeployResult } from '../deploy/deploy-types.js';
import { ResourceNotFoundError } from '../errors/errors.js';
import { Reporter } from '../events/reporter.js';
import { findFleets, type Fleet } from '../fleet/find-fleets.js';
import type { Manifest } from '../manifest/types.js';
import type { ReleaseRecord } from '../state/history.js';
import type { StateContext } from '../state/state-context.js';
import { chooseRollbackTarget } from './choose-target.js';

/** One `odin rollback`. */
export interface RollbackRequest {
  /** The current manifest: which service, environment, account and state bucket. */
  manifest: Manifest;
  /** The release to put back; default: the one live before the current one. */
  to?: string;
  /** Id of the rollback's own release record; generated from the time when omitted. */
  releaseId?: string;
  message?: string;
  lockWaitMs?: number;
  pollMs?: number;
  haltPollMs?: number;
  /** A redeployed release goes past the pause steps of weighted or dns traffic without `odin promote`. */
  autoPromote?: boolean;
}

/** How a rollback brings its release back. */
export type RollbackPath = 'warm-standby' | 'cold-standby' | 'redeploy';

/** What a rollback would do, worked out before anything changes (for the confirmation and the result). */
export interface RollbackPlan {
  service: string;
  environment: string;
  target: { id: string; image: { id: string; name?: string }; groupName: string; startedAt: number };
  /** The release live now, if the history has one. */
  from?: { id: string; groupName: string };
  path: RollbackPath;
  /** The standby fleet that is reused (warm or cold paths). */
  standby?: string;
}

/** The typed result of a rollback: the deploy result of the rollback release, plus what it put back and how. */
export interface RollbackResult extends DeployResult {
  rolledBackTo: string;
  path: RollbackPath;
}

/**
 * Works out a rollback without changing anything: which release goes back, whether its fleet is
 * still there to reuse, and that its image still exists (a cold standby or a redeploy launches
 * instances from it). Refusals are thrown here, before any lease is taken.
 */
export async function planRollback(ctx: DeployContext, request: RollbackRequest): Promise<RollbackPlan> {
  return (await choose(ctx, request)).plan;
}

async function choose(
  ctx: DeployContext,
  request: RollbackRequest,
): Promise<{ plan: RollbackPlan; target: ReleaseRecord }> {
  const m = request.manifest;
  await assertAccount(ctx.aws, m);
  const { target, live } = await chooseRollbackTarget(stateOf(ctx, m), request.to);
  await assertImageExists(ctx.aws, target);
  const fleets = await findFleets(ctx.aws, m.service, m.environment);
  const standby = reusableStandby(fleets.standbys, target, fleets.live);
  const plan: RollbackPlan = {
    service: m.service,
    environment: m.environment,
    target: { id: target.id, image: target.image, groupName: target.groupName, startedAt: target.startedAt },
    ...(live ? { from: { id: live.id, groupName: live.groupName } } : {}),
    path: standby ? (isWarm(standby) ? 'warm-standby' : 'cold-standby') : 'redeploy',
    ...(standby ? { standby: standby.group.name } : {}),
  };
  return { plan, target };
}

/**
 * Returns the service to an earlier release. With its fleet still retained as a standby, that
 * fleet is brought back (scaled up if it was scaled in), gated on health and given all traffic
 * in one verified step; otherwise the release is redeployed from its record. Either way it runs
 * through the deploy lifecycle: same lease, journal, halt, interrupt and undo, and the release
 * history records a `rollback` release naming the one it put back.
 */
export async function rollback(ctx: DeployContext, request: RollbackRequest): Promise<RollbackResult> {
  const reporter = new Reporter(ctx.sink, ctx.clock);
  const startedAt = ctx.clock.now();
  const { plan, target } = await reporter.step(
    'choose-release',
    { running: 'Choosing the release to roll back to', done: (c) => describeChoice(c.plan, 'chosen') },
    () => choose(ctx, request),
  );
  const result = await deploy(ctx, {
    manifest: releaseManifest(target, request.manifest),
    imageOverride: target.image.id,
    releaseId: request.releaseId,
    message: request.message,
    lockWaitMs: request.lockWaitMs,
    pollMs: request.pollMs,
    haltPollMs: request.haltPollMs,
    autoPromote: request.autoPromote,
    command: 'odin rollback',
    rollback: { releaseId: target.id, ...(plan.standby ? { reuseGroup: plan.standby } : {}) },
    startedAt,
  });
  return { ...result, rolledBackTo: target.id, path: plan.path };
}

/**
 * One line for people: which release goes back, and how; `chosen` words it as done (the step's
 * title once chosen), `planned` as what is about to happen (the confirmation).
 */
export function describeChoice(plan: RollbackPlan, tense: 'planned' | 'chosen' = 'planned'): string {
  const how =
    plan.path === 'redeploy'
      ? 'its fleet is gone: redeploying it'
      : `reusing ${plan.path === 'warm-standby' ? 'warm' : 'cold'} standby ${plan.standby}`;
  const from = plan.from ? ` from ${plan.from.id}` : '';
  const lead = tense === 'chosen' ? 'Chose to roll back' : 'Rolling back';
  return `${lead}${from} to ${plan.target.id} (${plan.target.image.name ?? plan.target.image.id}): ${how}`;
}

/**
 * The manifest the release was deployed with, as the release content (image, instances,
 * capacity, health, traffic, scaling); where state lives and which file it came from stay those
 * of the current manifest, so the lease is the one every other odin uses and user data resolves
 * on this machine.
 */
export function releaseManifest(target: ReleaseRecord, current: Manifest): Manifest {
  const released = {
    ...target.manifest,
    file: current.file,
    state: current.state,
    environment: current.environment,
  };
  // The record holds a secret written in the manifest as `[secret]`, and the user data is the
  // file on this machine: its variables are the current manifest's too.
  return { ...released, instances: { ...released.instances, variables: current.instances.variables } };
}

async function assertImageExists(aws: Aws, target: ReleaseRecord): Promise<void> {
  const [image] = await aws.ec2.describeImages({ ids: [target.image.id] });
  if (image?.state === 'available') return;
  const name = target.image.name ? ` (${target.image.name})` : '';
  throw new ResourceNotFoundError(
    `The image ${target.image.id}${name} of release ${target.id} no longer exists${image ? ` (it is ${image.state})` : ''}, so the release cannot be brought back`,
    {
      hint: 'Roll back to another release with `--to` (see `odin history`), or deploy a rebuilt image with `odin deploy --image`.',
      details: { releaseId: target.id, imageId: target.image.id },
    },
  );
}

/**
 * The target's fleet when it is a standby that can take traffic back: strategies with two slots
 * (weighted, dns) need it in the slot the live fleet is not in.
 */
function reusableStandby(standbys: Fleet[], target: ReleaseRecord, live?: Fleet): Fleet | undefined {
  const fleet = standbys.find((f) => f.group.name === target.groupName && f.role === 'standby');
  if (!fleet) return undefined;
  if (fleet.slot && live?.slot && fleet.slot === live.slot) return undefined;
  return fleet;
}

function isWarm(fleet: Fleet): boolean {
  return fleet.group.desired > 0 && fleet.group.instances.some((i) => i.lifecycleState === 'InService');
}

function stateOf(ctx: DeployContext, m: Manifest): StateContext {
  return {
    aws: ctx.aws,
    clock: ctx.clock,
    store: m.state,
    service: m.service,
    environment: m.environment,
    sink: ctx.sink,
  };
}
