import type { OdinRun } from '../helpers/run-odin.js';
import { expectOk, tempWorkspace, type TempWorkspaceOptions } from '../helpers/temp-workspace.js';

/** A temp directory with the example manifest and a seeded local cloud, where `odin` runs with `--simulate`. */
export interface Workspace {
  cwd: string;
  odin(args: string[], timeoutMs?: number): Promise<OdinRun>;
  /** Runs with `--json` and parses stdout. */
  json<T>(args: string[]): Promise<{ run: OdinRun; body: T }>;
}

/** Seeds the local cloud and deploys demo-app-v1 then demo-app-v2 as releases v1 and v2. */
export async function workspaceWithTwoReleases(options: TempWorkspaceOptions = {}): Promise<Workspace> {
  const { cwd, run } = await tempWorkspace(options);
  const odin = (args: string[], timeoutMs?: number) => run([...args, '--simulate'], timeoutMs);
  const json = async <T>(args: string[]) => {
    const result = await odin([...args, '--json']);
    return { run: result, body: JSON.parse(result.stdout || '{}') as T };
  };
  await expectOk(odin(['deploy', '--image', 'name:demo-app-v1', '--release', 'v1', '--message', 'first']));
  await expectOk(odin(['deploy', '--image', 'name:demo-app-v2', '--release', 'v2']));
  return { cwd, odin, json };
}
