import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runOdin } from '../helpers/run-odin.js';

const examples = fileURLToPath(new URL('../../examples', import.meta.url));

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'odin-ci-'));
  cpSync(examples, join(dir, 'examples'), { recursive: true });
  return dir;
}

describe('odin on GitHub Actions', () => {
  it('annotates a manifest error at its file, line and column', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'odin.yml'), 'service: demo\nregion: us-east-1\ncapacty: {}\n');
    const run = await runOdin(['validate'], {
      cwd: dir,
      env: { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir },
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      /^::error title=odin%3A capacty,file=odin\.yml,line=3,col=1::unknown key `capacty`%0AHint: did you mean `capacity`\?$/m,
    );
  });

  it('appends a job summary of a deploy to GITHUB_STEP_SUMMARY', async () => {
    const dir = workspace();
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, ODIN_SIMULATOR_SPEED: '2000' };
    expect((await runOdin(['simulator', 'seed'], { cwd: dir, env })).exitCode).toBe(0);
    const run = await runOdin(['deploy', '-f', 'examples/target-group.odin.yml', '--simulate'], {
      cwd: dir,
      env,
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(0);
    const text = readFileSync(summary, 'utf8');
    expect(text).toContain('deploy');
    expect(text).toMatch(/Deployed demo-web r\d{8}-\d{6}-[0-9a-f]+ to default/);
  }, 90_000);

  it('writes no annotations when the event stream is JSON', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'odin.yml'), 'service: demo\n');
    const run = await runOdin(['validate', '--log-format', 'json'], {
      cwd: dir,
      env: { GITHUB_ACTIONS: 'true' },
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).not.toContain('::error');
  });
});
