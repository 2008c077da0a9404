import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ciReporting } from '../../../src/lib/ci/ci-reporting.js';
import { ManifestError } from '../../../src/lib/errors/index.js';
import type { OdinEvent } from '../../../src/lib/events/event.js';

const warn: OdinEvent = { type: 'log', level: 'warn', message: 'lease taken over', at: 0 };
const summary = {
  command: 'deploy',
  service: 'checkout',
  environment: 'staging',
  outcome: 'succeeded',
  durationMs: 1000,
} as const;

function setup(env: Record<string, string>, logFormat: 'auto' | 'plain' | 'json' = 'plain') {
  const written: string[] = [];
  const seen: OdinEvent[] = [];
  const reporting = ciReporting({ env, stream: { write: (t: string) => void written.push(t) }, logFormat });
  return { reporting, written, seen, sink: reporting.wrap((e) => void seen.push(e)) };
}

describe('ciReporting', () => {
  it('on GitHub Actions, passes every event on and annotates warnings and errors to the stream', () => {
    const { sink, written, seen, reporting } = setup({ GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: '/repo' });
    sink(warn);
    reporting.reportError(
      new ManifestError([
        { file: '/repo/odin.yml', line: 2, column: 3, path: 'service', message: 'required' },
      ]),
    );
    expect(seen).toEqual([warn]);
    expect(written).toEqual([
      '::warning title=odin::lease taken over\n',
      '::error title=odin%3A service,file=odin.yml,line=2,col=3::required%0AHint: Fix the listed keys, then run `odin validate`.\n',
    ]);
  });

  it('keeps a JSON event stream free of annotation lines', () => {
    const { sink, written, reporting } = setup({ GITHUB_ACTIONS: 'true' }, 'json');
    sink(warn);
    reporting.reportError(new Error('boom'));
    expect(reporting.annotating).toBe(false);
    expect(written).toEqual([]);
  });

  it('can be told not to annotate', () => {
    expect(setup({ GITHUB_ACTIONS: 'true', ODIN_GITHUB_ANNOTATIONS: '0' }).reporting.annotating).toBe(false);
  });

  it('adds nothing outside GitHub Actions, returning the same sink', () => {
    const base = () => {};
    const reporting = ciReporting({
      env: { GITLAB_CI: 'true' },
      stream: { write: () => {} },
      logFormat: 'plain',
    });
    expect(reporting.ci.name).toBe('gitlab');
    expect(reporting.wrap(base)).toBe(base);
  });

  it('writes the job summary on GitHub Actions, and swallows a failure to write it', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'odin-ci-')), 'summary.md');
    await setup({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: file }, 'json').reporting.writeSummary(
      summary,
    );
    expect(await readFile(file, 'utf8')).toContain('odin deploy: checkout / staging');
    const broken = setup({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '/nonexistent/dir/summary.md' });
    await expect(broken.reporting.writeSummary(summary)).resolves.toBeUndefined();
  });
});
