import type { StateStore } from '../manifest/types.js';

/** Where one service environment's state lives: a bucket and the keys odin keeps in it. */
export interface StateLocation {
  bucket: string;
  /** `<prefix><service>/<environment>/`; every key below starts with it. */
  root: string;
  /** The deploy lease (lock). */
  lease: string;
  /** The journal of the deploy in progress. */
  journal: string;
  /** The marker `odin halt` writes to stop a running deploy. */
  halt: string;
  /** The marker `odin promote` writes to let a deploy go past a pause step. */
  promote: string;
  /** The folder holding one record per release. */
  releases: string;
  /** The key of one release record. */
  release(releaseId: string): string;
}

/** The state keys of one service environment in the manifest's state bucket. */
export function stateLocation(store: StateStore, service: string, environment: string): StateLocation {
  const root = `${normalisePrefix(store.prefix)}${service}/${environment}/`;
  const releases = `${root}releases/`;
  return {
    bucket: store.bucket,
    root,
    lease: `${root}lease.json`,
    journal: `${root}journal.json`,
    halt: `${root}halt.json`,
    promote: `${root}promote.json`,
    releases,
    release: (releaseId) => `${releases}${releaseId}.json`,
  };
}

// The manifest normalises the prefix already; a hand-built StateStore (tests, tools) may not,
// and `odinservice/...` instead of `odin/service/...` would silently split the state in two.
function normalisePrefix(prefix: string): string {
  if (prefix === '' || prefix.endsWith('/')) return prefix;
  return `${prefix}/`;
}
