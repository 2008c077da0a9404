import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a run of the real `odin` binary produced. */
export interface OdinRun {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** Where and how to run it; stdin is a pipe (never a terminal), so odin behaves as in CI. */
export interface RunOdinOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  stdin?: string;
  timeoutMs?: number;
}

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url));

/** Runs `node bin/run.js <args>` (the compiled build) as a child process and collects its output. */
export function runOdin(args: string[], options: RunOdinOptions = {}): Promise<OdinRun> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, exitCode });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
