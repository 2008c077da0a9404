import { deploy, type DeployResult } from '../../../src/lib/deploy/index.js';
import type { Manifest } from '../../../src/lib/manifest/types.js';
import { rollback, type RollbackRequest } from '../../../src/lib/rollback/index.js';
import { listReleases, type ReleaseRecord } from '../../../src/lib/state/history.js';
import type { StateContext } from '../../../src/lib/state/state-context.js';
import { deployFixture, type DeployFixture } from '../deploy/support.js';

/** The deploy fixture with two releases deployed: `first` (demo-app-v1), then `second` (demo-app-v2) live. */
export interface RollbackFixture extends DeployFixture {
  first: DeployResult;
  second: DeployResult;
  rollback(extra?: Partial<RollbackRequest>, signal?: AbortSignal): ReturnType<typeof rollback>;
  history(): Promise<ReleaseRecord[]>;
}

/** Deploys v1 then v2; `change` adjusts the manifest (e.g. `retain`) for every run. */
export async function twoReleases(change: (m: Manifest) => Manifest = (m) => m): Promise<RollbackFixture> {
  const f = await deployFixture();
  const manifest = change(f.manifest);
  const first = await deploy(f.ctx(), f.request({ manifest, imageOverride: 'name:demo-app-v1' }));
  const second = await deploy(f.ctx(), f.request({ manifest, imageOverride: 'name:demo-app-v2' }));
  return {
    ...f,
    manifest,
    first,
    second,
    rollback: (extra = {}, signal) => rollback(f.ctx(signal), { manifest, ...extra }),
    history: () => releasesOf(f, manifest),
  };
}

/** The release history of `manifest`'s service environment in the fixture's cloud, newest first. */
export function releasesOf(f: DeployFixture, manifest: Manifest): Promise<ReleaseRecord[]> {
  return listReleases(stateOf(f, manifest));
}

/** The state context (lease, history) of `manifest`'s service environment in the fixture's cloud. */
export function stateOf(f: DeployFixture, manifest: Manifest): StateContext {
  const { service, environment, state: store } = manifest;
  return { aws: f.aws, clock: f.clock, store, service, environment };
}

/** Names of the demo service's fleets that exist now (not being deleted). */
export function fleetNames(f: DeployFixture): string[] {
  return f.cloud
    .snapshot()
    .fleets.filter((g) => g.tags['odin:service'] === 'demo-web' && !g.status)
    .map((g) => g.name)
    .sort();
}

/** One fleet of the local cloud, by name. */
export function fleet(f: DeployFixture, name: string) {
  return f.cloud.snapshot().fleets.find((g) => g.name === name);
}
