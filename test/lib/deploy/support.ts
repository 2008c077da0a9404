import { resolve } from 'node:path';
import type { Aws } from '../../../src/lib/aws/types.js';
import type { VirtualClock } from '../../../src/lib/clock/virtual-clock.js';
import type { DeployContext, DeployRequest } from '../../../src/lib/deploy/deploy-types.js';
import type { OdinEvent } from '../../../src/lib/events/event.js';
import { loadManifest } from '../../../src/lib/manifest/load-manifest.js';
import type { Manifest } from '../../../src/lib/manifest/types.js';
import type { Faults, LocalCloud } from '../../../src/lib/simulator/index.js';
import { localCloudFixture } from '../../helpers/local-cloud.js';

/** A seeded local cloud on a virtual clock, an example manifest, and a recording sink. */
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

/** The example manifests, one per traffic strategy. */
export type ExampleName = 'target-group' | 'weighted' | 'dns';

/** The path of `examples/<name>.odin.yml`. */
export function examplePath(name: ExampleName): string {
  return resolve(import.meta.dirname, `../../../examples/${name}.odin.yml`);
}

/** Builds the fixture for an example manifest (target-group by default); `env` picks an overlay (e.g. production). */
export async function deployFixture(
  options: { seed?: number; faults?: Partial<Faults>; env?: string; example?: ExampleName } = {},
): Promise<DeployFixture> {
  const { clock, cloud, aws, connect } = await localCloudFixture({
    seed: options.seed ?? 7,
    faults: options.faults,
  });
  const manifest = await loadManifest(
    examplePath(options.example ?? 'target-group'),
    options.env ? { env: options.env } : {},
  );
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
      const client = await connect();
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
