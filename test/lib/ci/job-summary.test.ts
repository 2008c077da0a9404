import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatElapsed,
  formatJobSummary,
  writeJobSummary,
  type JobSummary,
} from '../../../src/lib/ci/job-summary.js';

const deployed: JobSummary = {
  command: 'deploy',
  service: 'checkout',
  environment: 'production',
  outcome: 'succeeded',
  durationMs: 252_000,
  summary: 'Deployed checkout r-20261203-1 to production',
  release: 'r-20261203-1',
  strategy: 'weighted',
  awsCalls: { calls: 182, throttled: 3, retried: 3 },
};

describe('formatElapsed', () => {
  it('shows the two largest units that matter', () => {
    expect(formatElapsed(850)).toBe('850ms');
    expect(formatElapsed(42_000)).toBe('42s');
    expect(formatElapsed(252_000)).toBe('4m 12s');
    expect(formatElapsed(120_000)).toBe('2m');
    expect(formatElapsed(3_780_000)).toBe('1h 3m');
    expect(formatElapsed(7_200_000)).toBe('2h');
  });
});

describe('formatJobSummary', () => {
  it('renders release, service, environment, strategy, outcome, duration and AWS calls as a table', () => {
    expect(formatJobSummary(deployed)).toBe(
      [
        '### ✅ odin deploy: checkout / production',
        '',
        'Deployed checkout r-20261203-1 to production',
        '',
        '| | |',
        '| --- | --- |',
        '| Service | `checkout` |',
        '| Environment | `production` |',
        '| Release | `r-20261203-1` |',
        '| Strategy | weighted |',
        '| Outcome | ✅ succeeded |',
        '| Duration | 4m 12s |',
        '| AWS calls | 182 (3 throttled, 3 retried) |',
        '',
        '',
      ].join('\n'),
    );
  });

  it('adds the error and the next step when the run failed, keeping table cells intact', () => {
    const text = formatJobSummary({
      command: 'deploy',
      service: 'checkout',
      environment: 'staging',
      outcome: 'rolled-back',
      durationMs: 61_000,
      error: {
        code: 'DEPLOY_ROLLED_BACK',
        message: 'health | timeout\nafter 10m',
        hint: 'Run `odin status`.',
      },
    });
    expect(text).toContain('### ↩️ odin deploy: checkout / staging\n');
    expect(text).toContain('| Outcome | ↩️ rolled-back |\n| Duration | 1m 1s |\n');
    expect(text).toContain('**DEPLOY_ROLLED_BACK**: health \\| timeout after 10m\n');
    expect(text).toContain('Next: Run `odin status`.\n');
    expect(text).not.toContain('| Release');
  });

  it('summarises a command that failed before any run by its command, outcome and error alone', () => {
    const text = formatJobSummary({
      command: 'validate',
      outcome: 'invalid',
      durationMs: 300,
      error: { code: 'MANIFEST_INVALID', message: 'odin.yml:3:1 capacty: unknown key', hint: 'Fix it.' },
    });

    expect(text).toBe(
      [
        '### ⛔ odin validate',
        '',
        '| | |',
        '| --- | --- |',
        '| Outcome | ⛔ invalid |',
        '| Duration | 300ms |',
        '',
        '**MANIFEST_INVALID**: odin.yml:3:1 capacty: unknown key',
        '',
        'Next: Fix it.',
        '',
        '',
      ].join('\n'),
    );
  });
});

describe('writeJobSummary', () => {
  it('appends to the file named by GITHUB_STEP_SUMMARY, keeping what earlier steps wrote', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'odin-summary-')), 'step_summary');
    await writeFile(file, '# Build\n');
    expect(await writeJobSummary({ GITHUB_STEP_SUMMARY: file }, deployed)).toBe(file);
    expect(await readFile(file, 'utf8')).toBe('# Build\n' + formatJobSummary(deployed));
  });

  it('does nothing outside GitHub Actions', async () => {
    expect(await writeJobSummary({}, deployed)).toBeUndefined();
  });
});
