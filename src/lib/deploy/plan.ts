import type { ScalingPolicySpec } from '../aws/types.js';
import { findFleets, type Fleet } from '../fleet/find-fleets.js';
import { launchTemplateName } from '../fleet/naming.js';
import { readJournal, isUnfinished } from '../journal/journal.js';
import { describeVariables, literalSecretWarnings } from '../manifest/summarize-manifest.js';
import type { Manifest } from '../manifest/types.js';
import { readLease } from '../state/lease.js';
import { newReleaseId, validateReleaseId } from '../state/release-id.js';
import { formatSpan } from '../state/lease-holder.js';
import type { PlannedChange } from '../traffic/strategy.js';
import type { DeployContext, DeployRequest } from './deploy-types.js';
import { capacityCarriedOver, newFleetCapacity, newGroupName } from './launch.js';
import { endsTooSoonToSchedule } from './retire.js';
import { prepare, resolvedTargetGroups, type Prepared } from './prepare.js';
import { scalingPolicySpecs } from './scaling-policies.js';

/** Every AWS change a deploy would make, in order; computing it changes nothing. */
export interface Plan {
  service: string;
  environment: string;
  region: string;
  account: string;
  production: boolean;
  strategy: string;
  /** The release id the deploy would use (a generated one is only an example: the deploy makes its own). */
  releaseId: string;
  image: { id: string; name: string; source: string };
  launchTemplate: { name: string; exists: boolean };
  newFleet: {
    name: string;
    min: number;
    max: number;
    desired: number;
    /** Set when the live fleet's desired or max, above the manifest's max, carries over. */
    carriedOver?: string;
    instanceTypes: string[];
    subnetIds: string[];
    targetGroupArns: string[];
    slot?: string;
    healthCheck: { type: 'ELB'; gracePeriodSec: number; healthyPercent: number; timeoutSec: number };
  };
  live?: { name: string; min: number; max: number; desired: number };
  scalingPolicies: ScalingPolicySpec[];
  /** Every change, in the order the deploy makes them. */
  changes: PlannedChange[];
  /** What would stop the deploy right now (an unfinished deploy, a held lease). */
  blockers: string[];
  warnings: string[];
}

/** Computes the plan of a deploy from the manifest and what is in AWS now, without changing anything. */
export async function plan(ctx: DeployContext, request: DeployRequest): Promise<Plan> {
  const prepared = await prepare(ctx.aws, request.manifest, request.imageOverride);
  const m = prepared.manifest;
  const fleets = await findFleets(ctx.aws, m.service, m.environment);
  const live = fleets.live;
  const releaseId = request.releaseId ? validateReleaseId(request.releaseId) : newReleaseId(ctx.clock);
  const templateName = launchTemplateName(m.service, m.environment);
  const templateExists = (await ctx.aws.ec2.findLaunchTemplate(templateName)) !== undefined;
  const capacity = newFleetCapacity(m, live?.group);
  const liveRef = live
    ? { name: live.group.name, slot: live.slot, targetGroupArns: live.group.targetGroupArns }
    : undefined;
  const placement = prepared.strategy.placementFor(liveRef);
  const name = newGroupName(m, releaseId);
  const policies = scalingPolicySpecs(m.scaling, '(read from the target group at deploy time)');
  const carriedOver = capacityCarriedOver(m, capacity);

  const changes: PlannedChange[] = [
    templateExists
      ? {
          action: 'add-template-version',
          resource: templateName,
          detail: `image ${prepared.resolved.imageId}, user data rendered for the release${withVariables(m)}`,
        }
      : {
          action: 'create-template',
          resource: templateName,
          detail: `version 1: image ${prepared.resolved.imageId}${withVariables(m)}`,
        },
    {
      action: 'create-group',
      resource: name,
      detail:
        `desired ${capacity.desired} (min pinned to ${capacity.desired}, max ${Math.max(capacity.max, capacity.desired)})` +
        `${carriedOver ? ` (${carriedOver})` : ''}, subnets ${subnetList(prepared)}, ` +
        `attached to ${targetGroupList(prepared, placement.targetGroupArns)}, ELB health checks`,
    },
    ...(live && live.group.desired > live.group.min
      ? [
          {
            action: 'pin-min',
            resource: live.group.name,
            detail: `min ${live.group.min} → ${live.group.desired} while the deploy runs`,
          },
        ]
      : []),
    {
      action: 'wait-healthy',
      resource: name,
      detail: `${m.health.healthyPercent}% healthy in every gating target group within ${formatSpan(m.health.timeoutMs)}`,
    },
    ...prepared.strategy.plannedChanges({
      live: liveRef,
      next: { name, slot: placement.slot, targetGroupArns: placement.targetGroupArns },
    }),
    ...retirementChanges(prepared, live, fleets.standbys),
    {
      action: 'unpin-min',
      resource: name,
      detail:
        capacity.desired > capacity.min
          ? `min ${capacity.desired} → ${capacity.min}, max ${capacity.max}`
          : `min ${capacity.min} (the pin equals the manifest's min), max ${capacity.max}`,
    },
    ...policies.map((p) => ({
      action: 'put-scaling-policy',
      resource: name,
      detail: `${p.name}: target ${p.targetValue}`,
    })),
  ];
  return {
    service: m.service,
    environment: m.environment,
    region: m.region,
    account: m.account,
    production: m.production,
    strategy: m.traffic.strategy,
    releaseId,
    image: {
      id: prepared.resolved.imageId,
      name: prepared.resolved.imageName,
      source: prepared.resolved.image.source,
    },
    launchTemplate: { name: templateName, exists: templateExists },
    newFleet: {
      name,
      ...capacity,
      ...(carriedOver ? { carriedOver } : {}),
      instanceTypes: m.instances.types,
      subnetIds: prepared.resolved.subnetIds,
      targetGroupArns: placement.targetGroupArns,
      ...(placement.slot ? { slot: placement.slot } : {}),
      healthCheck: {
        type: 'ELB',
        gracePeriodSec: Math.round(m.health.gracePeriodMs / 1000),
        healthyPercent: m.health.healthyPercent,
        timeoutSec: Math.round(m.health.timeoutMs / 1000),
      },
    },
    ...(live
      ? {
          live: {
            name: live.group.name,
            min: live.group.min,
            max: live.group.max,
            desired: live.group.desired,
          },
        }
      : {}),
    scalingPolicies: policies,
    changes,
    blockers: await blockers(ctx, prepared),
    warnings: [...fleets.warnings, ...literalSecretWarnings(m)],
  };
}

function retirementChanges(prepared: Prepared, live: Fleet | undefined, standbys: Fleet[]): PlannedChange[] {
  const { retain } = prepared.manifest;
  const changes: PlannedChange[] = [];
  if (live) {
    changes.push(
      retain.standbys > 0
        ? {
            action: 'keep-standby',
            resource: live.group.name,
            detail: endsTooSoonToSchedule(retain.warmForMs, 0)
              ? `cold: a warm window of ${formatSpan(retain.warmForMs)} is under a minute, so it is scaled to zero at once`
              : `warm for ${formatSpan(retain.warmForMs)} (min 0, scheduled scale to zero at expiry)`,
          }
        : {
            action: 'delete-group',
            resource: live.group.name,
            detail: 'scale to zero, wait for instances to terminate, delete',
          },
    );
  }
  const cold = Math.max(0, retain.standbys - (live && retain.standbys > 0 ? 1 : 0));
  standbys.forEach((fleet, index) => {
    changes.push(
      index < cold
        ? { action: 'scale-to-zero', resource: fleet.group.name, detail: 'older standby kept cold' }
        : {
            action: 'delete-group',
            resource: fleet.group.name,
            detail: `beyond retain.standbys (${retain.standbys})`,
          },
    );
  });
  return changes;
}

/** The subnets as the manifest names them, with their ids. */
function subnetList(prepared: Prepared): string {
  const ids = prepared.resolved.subnetIds;
  const named = prepared.manifest.instances.subnets;
  if (named.length !== ids.length) return ids.join(', ');
  return ids.map((id, i) => (named[i] === id ? id : `${named[i]} (${id})`)).join(', ');
}

/** Target groups by name (ARNs are in the JSON plan). */
function targetGroupList(prepared: Prepared, arns: string[]): string {
  const known = resolvedTargetGroups(prepared.resolved);
  const names = arns.map((arn) => known.find((g) => g.arn === arn)?.name ?? arn);
  if (names.length === 0) return 'no target group';
  return `target group${names.length > 1 ? 's' : ''} ${names.join(', ')}`;
}

async function blockers(ctx: DeployContext, prepared: Prepared): Promise<string[]> {
  const m = prepared.manifest;
  const state = {
    aws: ctx.aws,
    clock: ctx.clock,
    store: m.state,
    service: m.service,
    environment: m.environment,
  };
  const found: string[] = [];
  const journal = await readJournal(state);
  if (journal && isUnfinished(journal.record.status)) {
    found.push(
      `deploy ${journal.record.deployId} (release ${journal.record.releaseId}) is unfinished: run \`odin deploy --resume\` or \`odin recover\``,
    );
  }
  const lease = await readLease(state);
  if (lease && !lease.expired)
    found.push(`the lease is held by ${lease.holder.arn} on ${lease.holder.host} (${lease.holder.command})`);
  return found;
}

/** `, variables LOG_LEVEL=info, DB_PASSWORD (secret, from ssm:/path)`: names, never secret values. */
function withVariables(m: Manifest): string {
  const variables = describeVariables(m);
  return variables ? `, variables ${variables}` : '';
}
