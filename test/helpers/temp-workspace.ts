import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOdin, type OdinRun } from './run-odin.js';

const EXAMPLES = fileURLToPath(new URL('../../examples', import.meta.url));

// Fast enough that a deploy takes a few real seconds, slow enough that loading the SDK does not
// eat minutes of simulated time.
const DEFAULT_ENV = { ODIN_SIMULATOR_SPEED: '100', CI: '1' };

/** A temp directory with example files and (unless told otherwise) a seeded local cloud in ./.odin. */
export interface TempWorkspace {
  cwd: string;
  /** The environment every run gets: a simulator speed, CI, and the test's own additions. */
  env: Record<string, string>;
  /** Runs the built `odin` here with the workspace environment. */
  run(args: string[], timeoutMs?: number): Promise<OdinRun>;
}

/** What goes into the workspace and how odin runs there. */
export interface TempWorkspaceOptions {
  /**
   * Which example becomes ./odin.yml, next to its user-data.sh (default target-group); `all`
   * copies the examples folder as it is, each manifest under its own name.
   */
  example?: 'target-group' | 'weighted' | 'dns' | 'all';
  /** Added to (or overriding) the default environment. */
  env?: Record<string, string>;
  /** Changes the copied files before the local cloud is seeded. */
  prepare?(cwd: string): void;
  /** Runs `odin simulator seed` (default true). */
  seed?: boolean;
}

/** Creates a temp workspace for runs of the odin binary against the local cloud. */
export async function tempWorkspace(options: TempWorkspaceOptions = {}): Promise<TempWorkspace> {
  const example = options.example ?? 'target-group';
  const cwd = mkdtempSync(join(tmpdir(), `odin-${example}-`));
  if (example === 'all') {
    cpSync(EXAMPLES, cwd, { recursive: true });
  } else {
    cpSync(join(EXAMPLES, `${example}.odin.yml`), join(cwd, 'odin.yml'));
    cpSync(join(EXAMPLES, 'user-data.sh'), join(cwd, 'user-data.sh'));
  }
  options.prepare?.(cwd);
  const env = { ...DEFAULT_ENV, ...options.env };
  const run = (args: string[], timeoutMs = 60_000) => runOdin(args, { cwd, env, timeoutMs });
  if (options.seed ?? true) await expectOk(run(['simulator', 'seed']));
  return { cwd, env, run };
}

/** Awaits a run and throws with its stderr unless it exited 0. */
export async function expectOk(pending: Promise<OdinRun>): Promise<OdinRun> {
  const run = await pending;
  if (run.exitCode !== 0) throw new Error(`odin exited ${run.exitCode}: ${run.stderr}`);
  return run;
}
