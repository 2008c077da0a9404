import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseJournal } from '../../src/lib/journal/journal-record.js';
import { takeSnapshot } from '../../src/lib/simulator/snapshot.js';
import type { WorldState } from '../../src/lib/simulator/types.js';
import { World } from '../../src/lib/simulator/world.js';
import { expectOk, type TempWorkspace } from '../helpers/temp-workspace.js';

/** What AWS and the state bucket hold once a command settled, read from the local cloud's file. */
export interface EndState {
  /** The service's fleets (not being deleted) by their odin:role tag. */
  roles: Record<string, string[]>;
  leaseHeld: boolean;
  journalStatus?: string;
  /** The release records, newest first. */
  history: Array<{ id: string; outcome: string; groupName?: string }>;
  /** Weights of the first listener's forward action, by target group name. */
  weights: Record<string, number>;
  /** Every object in the state buckets with its ETag: any write changes this. */
  etags: Record<string, string>;
  /** Every launch template with its latest version. */
  templates: Record<string, number>;
}

/**
 * Reads the end state straight from `.odin/simulator.json` (no odin process to start): the
 * fleets as `odin simulator show` lists them, and the lease, journal and release records of
 * `service`'s default environment as they are stored in the state bucket.
 */
export function endState(ws: TempWorkspace, service: string): EndState {
  const state = JSON.parse(readFileSync(join(ws.cwd, '.odin', 'simulator.json'), 'utf8')) as WorldState;
  const snapshot = takeSnapshot(new World(state));
  const roles: Record<string, string[]> = {};
  for (const fleet of snapshot.fleets.filter((f) => f.tags['odin:service'] === service && !f.status))
    (roles[fleet.tags['odin:role'] ?? 'none'] ??= []).push(fleet.name);
  const prefix = `odin/${service}/default/`;
  const objects = Object.values(state.buckets).flatMap((b) => Object.entries(b.objects));
  const body = (key: string) => objects.find(([k]) => k === prefix + key)?.[1].body;
  const journal = body('journal.json');
  const records = objects
    .filter(([key]) => key.startsWith(`${prefix}releases/`))
    .map(([, object]) => JSON.parse(object.body) as EndState['history'][number] & { startedAt: number })
    .sort((a, b) => b.startedAt - a.startedAt);
  return {
    roles,
    leaseHeld: body('lease.json') !== undefined,
    journalStatus: journal ? parseJournal(journal)?.status : undefined,
    history: records.map(({ id, outcome, groupName }) => ({ id, outcome, groupName })),
    weights: Object.fromEntries((snapshot.listeners[0]?.forward ?? []).map((f) => [f.targetGroup, f.weight])),
    etags: Object.fromEntries(objects.map(([key, object]) => [key, object.etag])),
    templates: Object.fromEntries(snapshot.launchTemplates.map((t) => [t.name, t.latestVersion])),
  };
}

/** The release live now and its fleet, from the history. */
export function liveOf(state: EndState): { id: string; group: string } {
  const record = state.history.find((r) => r.outcome === 'live');
  if (!record?.groupName) throw new Error('no release is live');
  return { id: record.id, group: record.groupName };
}

/**
 * The deploy started while `before` was live was undone: `before` is live again (its fleet the
 * only one tagged live), no fleet is left deploying, the lease is free, the journal marked undone,
 * and the history records the attempt as `rolled-back`.
 */
export function expectUndoneTo(after: EndState, before: { id: string; group: string }): void {
  expect(after.roles.live).toEqual([before.group]);
  expect(after.roles.deploying).toBeUndefined();
  expect(after.leaseHeld).toBe(false);
  expect(after.journalStatus).toBe('undone');
  expect(after.history[0]?.outcome).toBe('rolled-back');
  expect(after.history.filter((r) => r.outcome === 'live').map((r) => r.id)).toEqual([before.id]);
}

/** What `odin status --json` says is live, and whether it reports an unfinished deploy or a lease holder. */
export async function statusOf(
  ws: TempWorkspace,
): Promise<{ live?: string; unfinished: boolean; leaseHeld: boolean }> {
  const run = await expectOk(ws.run(['status', '--simulate', '--json']));
  const [env] = (
    JSON.parse(run.stdout) as {
      environments: Array<{ live?: { releaseId: string }; deploy?: object; lease?: object }>;
    }
  ).environments;
  return {
    live: env?.live?.releaseId,
    unfinished: env?.deploy !== undefined,
    leaseHeld: env?.lease !== undefined,
  };
}
