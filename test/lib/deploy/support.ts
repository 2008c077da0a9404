import { resolve } from 'node:path';
import type { Aws } from '../../../src/lib/aws/types.js';
import { createAws } from '../../../src/lib/aws/create-aws.js';
import { VirtualClock } from '../../../src/lib/clock/virtual-clock.js';
import type { DeployContext, DeployRequest } from '../../../src/lib/deploy/deploy-types.js';
import type { OdinEvent } from '../../../src/lib/events/event.js';
import { loadManifest } from '../../../src/lib/manifest/load-manifest.js';
import type { Manifest } from '../../../src/lib/manifest/types.js';
import { createLocalCloud, type Faults, type LocalCloud } from '../../../src/lib/simulator/index.js';

/** A seeded local cloud on a virtual clock, the example target-group manifest, and a recording sink. */
export interface DeployFixture {
  clock: VirtualClock;
  cloud: LocalCloud;
  aws: Aws;
  manifest: Manifest;
  events: OdinEvent[];
  ctx(signal?: AbortSignal): DeployContext;
  request(extra?: Partial<DeployRequest>): DeployRequest;
  /** A second client of the same cloud, as another odin process would have. */
  otherProcess(): Promise<{ aws: Aws; ctx(signal?: AbortSignal): DeployContext; events: OdinEvent[] }>;
}

export const EXAMPLE = resolve(import.meta.dirname, '../../../examples/target-group.odin.yml');

/** Builds the fixture; `env` picks a manifest overlay (e.g. production). */
export async function deployFixture(
  options: { seed?: number; faults?: Partial<Faults>; env?: string } = {},
): Promise<DeployFixture> {
  const clock = new VirtualClock();
  const cloud = createLocalCloud({ clock, seed: options.seed ?? 7, faults: options.faults });
  cloud.seedExamples();
  const newAws = (): Aws =>
    createAws({
      region: 'us-east-1',
      clock,
      customizeClient: cloud.customizeClient as never,
      retry: { random: () => 0.5 } as never,
    });
  const aws = newAws();
  await warmUp(aws);
  const manifest = await loadManifest(EXAMPLE, options.env ? { env: options.env } : {});
  const events: OdinEvent[] = [];
  const contextFor =
    (client: Aws, sink: OdinEvent[]) =>
    (signal?: AbortSignal): DeployContext => ({
      aws: client,
      clock,
      sink: (e) => sink.push(e),
      signal,
    });
  return {
    clock,
    cloud,
    aws,
    manifest,
    events,
    ctx: contextFor(aws, events),
    request: (extra = {}) => ({ manifest, imageOverride: 'name:demo-app-v2', ...extra }),
    otherProcess: async () => {
      const other: OdinEvent[] = [];
      const client = newAws();
      await warmUp(client);
      return { aws: client, ctx: contextFor(client, other), events: other };
    },
  };
}

/** The odin fleets of the demo service in the local cloud now, by role. */
export function fleetsByRole(cloud: LocalCloud): Record<string, string[]> {
  const byRole: Record<string, string[]> = {};
  for (const fleet of cloud.snapshot().fleets) {
    if (fleet.tags['odin:service'] !== 'demo-web' || fleet.status) continue;
    const role = fleet.tags['odin:role'] ?? 'none';
    (byRole[role] ??= []).push(fleet.name);
  }
  return byRole;
}

/**
 * Loads every SDK client once. Loading a client module is real I/O, during which the virtual
 * clock sees no runnable work and jumps to the next timer (a lease renewal): warming up keeps
 * simulated time from leaking into the first deploy's step durations.
 */
export async function warmUp(aws: Aws): Promise<void> {
  await Promise.all([
    aws.sts.getCallerIdentity(),
    aws.autoScaling.describeGroups(['warm-up']),
    aws.elbv2.findTargetGroups(['warm-up']),
    aws.ec2.findLaunchTemplate('warm-up'),
    aws.s3.getObject('odin-state-123456789012', 'warm-up'),
    aws.iam.getInstanceProfile('warm-up'),
    aws.cloudWatch.describeAlarms(['warm-up']),
    aws.ssm.getParameter('/warm-up'),
  ]);
}
