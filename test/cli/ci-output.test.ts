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
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, ODIN_SIMULATOR_SPEED: '100' };
    expect((await runOdin(['simulator', 'seed'], { cwd: dir, env })).exitCode).toBe(0);
    const run = await runOdin(['deploy', '-f', 'examples/target-group.odin.yml', '--simulate'], {
      cwd: dir,
      env,
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(0);
    const text = readFileSync(summary, 'utf8');
    const release = /Deployed demo-web (r\d{8}-\d{6}-[0-9a-f]+) to default/.exec(text)?.[1];
    expect(release).toBeDefined();
    expect(text).toContain('### ✅ odin deploy: demo-web / default');
    expect(text).toContain(`| Release | \`${release}\` |`);
    expect(text).toContain('| Strategy | target-group |');
    expect(text).toContain('| Outcome | ✅ succeeded |');
    // Simulated time: how long depends on how busy the machine is, not on odin.
    expect(text).toMatch(/^\| Duration \| \d+[hms]( \d+[ms])? \|$/m);
    expect(text).toMatch(/^\| AWS calls \| [1-9]\d* \(\d+ throttled, \d+ retried\) \|$/m);
  }, 90_000);

  it('summarises a rolled-back deploy with its release, error and next step, annotated once per cause', async () => {
    const dir = workspace();
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, ODIN_SIMULATOR_SPEED: '100' };
    expect((await runOdin(['simulator', 'seed'], { cwd: dir, env })).exitCode).toBe(0);
    const run = await runOdin(
      ['deploy', '-f', 'examples/target-group.odin.yml', '--simulate', '--image', 'name:demo-app-broken'],
      { cwd: dir, env, timeoutMs: 60_000 },
    );
    expect(run.exitCode, run.stderr).toBe(4);
    const text = readFileSync(summary, 'utf8');
    expect(text).toContain('### ↩️ odin deploy: demo-web / default');
    expect(text).toMatch(/^\| Release \| `r\d{8}-\d{6}-[0-9a-f]+` \|$/m);
    expect(text).toContain('| Outcome | ↩️ rolled-back |');
    expect(text).toMatch(/^\*\*DEPLOY_ROLLED_BACK\*\*: Deploy of release r\S+ failed and was undone/m);
    expect(text).toMatch(/^Next: .+/m);
    // The failed step (its typed cause, not an internal error) and the run's outcome: no repeats.
    const annotations = run.stderr.split('\n').filter((line) => line.startsWith('::error'));
    expect(annotations).toHaveLength(2);
    expect(annotations[0]).toContain('(FLEET_NOT_HEALTHY)');
    expect(annotations[1]).toContain('odin deploy failed and was rolled back (exit 4)');
    expect(run.stderr).not.toContain('INTERNAL');
  }, 90_000);

  it('summarises a command whose manifest is invalid, though no run started', async () => {
    const dir = workspace();
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    writeFileSync(join(dir, 'odin.yml'), 'service: demo\nregion: us-east-1\ncapacty: {}\n');
    const run = await runOdin(['validate'], {
      cwd: dir,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });

    expect(run.exitCode).toBe(2);
    const text = readFileSync(summary, 'utf8');
    expect(text).toMatch(/^### ⛔ odin validate\n/);
    expect(text).toContain('| Outcome | ⛔ invalid |');
    expect(text).toMatch(/^\*\*MANIFEST_INVALID\*\*: \S*odin\.yml has \d+ problems?$/m);
    expect(text).toContain('Next: Fix the listed keys, then run `odin validate`.');
  });

  it('annotates a refusal once for its cause and once for the outcome, with the message only in the first', async () => {
    const dir = workspace();
    const env = { GITHUB_ACTIONS: 'true', ODIN_SIMULATOR_SPEED: '100' };
    expect((await runOdin(['simulator', 'seed'], { cwd: dir, env })).exitCode).toBe(0);
    const run = await runOdin(
      ['scale', '-f', 'examples/target-group.odin.yml', '--simulate', '--desired', '3'],
      {
        cwd: dir,
        env,
      },
    );

    expect(run.exitCode).toBe(2);
    const annotations = run.stderr.split('\n').filter((line) => line.startsWith('::error'));
    expect(annotations).toHaveLength(2);
    expect(annotations[0]).toMatch(/\(REFUSED\)::Nothing of demo-web \(default\) is live to scale%0AHint: /);
    expect(annotations[1]).toBe('::error title=odin scale failed (exit 2)::odin scale failed');
  }, 60_000);

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
