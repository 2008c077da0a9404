import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOdin, type OdinRun } from '../helpers/run-odin.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
// Fast enough that a deploy takes a few real seconds, slow enough that loading the SDK does not
// eat minutes of simulated time.
const ENV = { ODIN_SIMULATOR_SPEED: '100', CI: '1' };

/** A temp directory with the example manifest and a seeded local cloud, where `odin` runs with `--simulate`. */
export interface Workspace {
  cwd: string;
  odin(args: string[], timeoutMs?: number): Promise<OdinRun>;
  /** Runs with `--json` and parses stdout. */
  json<T>(args: string[]): Promise<{ run: OdinRun; body: T }>;
}

/** Seeds the local cloud and deploys demo-app-v1 then demo-app-v2 as releases v1 and v2. */
export async function workspaceWithTwoReleases(): Promise<Workspace> {
  const cwd = mkdtempSync(join(tmpdir(), 'odin-buttons-'));
  cpSync(join(ROOT, 'examples/target-group.odin.yml'), join(cwd, 'odin.yml'));
  cpSync(join(ROOT, 'examples/user-data.sh'), join(cwd, 'user-data.sh'));
  const odin = (args: string[], timeoutMs = 60_000) =>
    runOdin([...args, '--simulate'], { cwd, env: ENV, timeoutMs });
  const json = async <T>(args: string[]) => {
    const run = await odin([...args, '--json']);
    return { run, body: JSON.parse(run.stdout || '{}') as T };
  };
  await expectOk(odin(['simulator', 'seed']));
  await expectOk(odin(['deploy', '--image', 'name:demo-app-v1', '--release', 'v1', '--message', 'first']));
  await expectOk(odin(['deploy', '--image', 'name:demo-app-v2', '--release', 'v2']));
  return { cwd, odin, json };
}

async function expectOk(pending: Promise<OdinRun>): Promise<void> {
  const run = await pending;
  if (run.exitCode !== 0) throw new Error(`odin exited ${run.exitCode}: ${run.stderr}`);
}
