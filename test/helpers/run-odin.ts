import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a run of the real `odin` binary produced. */
export interface OdinRun {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  /** The signal that ended it, if one did. */
  signal?: NodeJS.Signals | null;
}

/** Where and how to run it; stdin is a pipe (never a terminal), so odin behaves as in CI. */
export interface RunOdinOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  stdin?: string;
  timeoutMs?: number;
}

/** Called once, as soon as stderr matches `pattern`, with the running child (e.g. to kill it). */
export interface StderrWatch {
  pattern: RegExp;
  onMatch(child: ChildProcess): Promise<void> | void;
}

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url));

/** Runs `node bin/run.js <args>` (the compiled build) as a child process and collects its output. */
export function runOdin(args: string[], options: RunOdinOptions = {}): Promise<OdinRun> {
  return spawnOdin(args, options);
}

/**
 * Runs odin with plain progress lines and acts once stderr matches `watch.pattern`: for a
 * second command while the first one waits, or a kill at a chosen step.
 */
export function runOdinUntil(
  args: string[],
  watch: StderrWatch,
  options: RunOdinOptions = {},
): Promise<OdinRun> {
  return spawnOdin([...args, '--log-format', 'plain'], { timeoutMs: 90_000, ...options }, watch);
}

function spawnOdin(args: string[], options: RunOdinOptions, watch?: StderrWatch): Promise<OdinRun> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    let matched = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (!watch || matched || !watch.pattern.test(stderr)) return;
      matched = true;
      Promise.resolve(watch.onMatch(child)).catch(reject);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, exitCode, signal });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
