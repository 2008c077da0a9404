import { describe, expect, it } from 'vitest';
import {
  errorAnnotations,
  escapeData,
  escapeProperty,
  formatAnnotation,
  githubAnnotationSink,
} from '../../../src/lib/ci/github-annotations.js';
import { DeployFailedError, ManifestError } from '../../../src/lib/errors/index.js';
import type { OdinEvent } from '../../../src/lib/events/event.js';

function collect(): { lines: string[]; stream: { write(text: string): void } } {
  const lines: string[] = [];
  return { lines, stream: { write: (text: string) => void lines.push(text) } };
}

describe('workflow command escaping', () => {
  it('escapes percent first, then carriage returns and newlines, in messages', () => {
    expect(escapeData('100%\r\ndone %0A')).toBe('100%25%0D%0Adone %250A');
  });

  it('also escapes colons and commas in property values', () => {
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('leaves colons and commas in the message alone', () => {
    expect(formatAnnotation('notice', 'a: b, c')).toBe('::notice::a: b, c\n');
  });
});

describe('formatAnnotation', () => {
  it('writes title, file, line and col in that order, comma-separated', () => {
    const line = formatAnnotation('error', 'bad\nvalue', {
      title: 'odin: capacity.min',
      file: 'deploy/odin.yml',
      line: 12,
      col: 8,
    });
    expect(line).toBe('::error title=odin%3A capacity.min,file=deploy/odin.yml,line=12,col=8::bad%0Avalue\n');
  });

  it('omits absent properties and the separating space', () => {
    expect(formatAnnotation('warning', 'slow')).toBe('::warning::slow\n');
  });
});

describe('errorAnnotations', () => {
  it('annotates each manifest issue at its file, line and column, relative to the workspace', () => {
    const error = new ManifestError([
      {
        file: '/repo/deploy/odin.yml',
        line: 3,
        column: 5,
        path: 'capacity.min',
        message: 'must be at most max (2)',
      },
      {
        file: '/repo/deploy/odin.yml',
        line: 9,
        column: 1,
        path: 'helth',
        message: 'unknown key',
        hint: 'did you mean `health`?',
      },
    ]);
    expect(errorAnnotations(error, { workspace: '/repo' })).toEqual([
      '::error title=odin%3A capacity.min,file=deploy/odin.yml,line=3,col=5::must be at most max (2)%0AHint: Fix the listed keys, then run `odin validate`.\n',
      '::error title=odin%3A helth,file=deploy/odin.yml,line=9,col=1::unknown key%0AHint: did you mean `health`?\n',
    ]);
  });

  it('keeps a manifest path outside the workspace as it is', () => {
    const error = new ManifestError([
      { file: '/elsewhere/odin.yml', line: 1, column: 1, path: '', message: 'empty file' },
    ]);
    expect(errorAnnotations(error, { workspace: '/repo' })[0]).toContain(
      'title=odin%3A manifest,file=/elsewhere/odin.yml,',
    );
  });

  it('annotates any other error once, titled with its code, hint on a second line', () => {
    const error = new DeployFailedError('Targets never became healthy', {
      hint: 'Run `odin status`, then fix and redeploy.',
    });
    expect(errorAnnotations(error)).toEqual([
      '::error title=odin%3A DEPLOY_ROLLED_BACK::Targets never became healthy%0AHint: Run `odin status`, then fix and redeploy.\n',
    ]);
  });
});

describe('githubAnnotationSink', () => {
  const fail: OdinEvent = {
    type: 'step.fail',
    step: 'wait-healthy',
    title: 'Waiting for healthy targets',
    error: {
      code: 'DEPLOY_ROLLED_BACK',
      message: '1/4 healthy after 10m',
      hint: 'Check the instances, then redeploy.',
    },
    at: 0,
    durationMs: 600_000,
  };

  it('annotates failed steps, warnings, error logs and an unsuccessful run end, byte for byte', () => {
    const { lines, stream } = collect();
    const sink = githubAnnotationSink(stream);
    const events: OdinEvent[] = [
      { type: 'run.start', command: 'deploy', service: 'checkout', environment: 'production', at: 0 },
      { type: 'step.start', step: 'wait-healthy', title: 'Waiting for healthy targets', at: 0 },
      { type: 'log', level: 'info', message: 'not annotated', at: 1 },
      { type: 'log', level: 'debug', message: 'not annotated either', at: 1 },
      { type: 'log', level: 'warn', message: 'AWS throttled DescribeTargetHealth, 3 retries', at: 2 },
      fail,
      { type: 'log', level: 'error', message: 'could not delete fleet checkout-production-r8', at: 3 },
      {
        type: 'run.end',
        outcome: 'rolled-back',
        summary: 'Rolled back checkout r8: traffic is on r7',
        durationMs: 1,
        exitCode: 4,
        at: 4,
      },
    ];
    events.forEach(sink);
    expect(lines.join('')).toBe(
      '::warning title=odin::AWS throttled DescribeTargetHealth, 3 retries\n' +
        '::error title=odin%3A Waiting for healthy targets failed (DEPLOY_ROLLED_BACK)::1/4 healthy after 10m%0AHint: Check the instances, then redeploy.\n' +
        '::error title=odin::could not delete fleet checkout-production-r8\n' +
        '::error title=odin deploy failed and was rolled back (exit 4)::Rolled back checkout r8: traffic is on r7\n',
    );
  });

  it("annotates a run's error with its hint at the end, unless a failed step annotated it already", () => {
    const end: OdinEvent = {
      type: 'run.end',
      outcome: 'failed',
      summary: 'odin scale failed',
      durationMs: 1,
      exitCode: 2,
      error: { code: 'REFUSED', message: 'Nothing is live to scale', hint: 'Deploy first.' },
      at: 1,
    };
    const alone = collect();
    githubAnnotationSink(alone.stream)(end);
    const afterStep = collect();
    const sink = githubAnnotationSink(afterStep.stream, { command: 'scale' });
    sink({ ...fail, error: { code: 'REFUSED', message: 'Nothing is live to scale', hint: 'Deploy first.' } });
    sink(end);

    expect(alone.lines).toEqual([
      '::error title=odin run failed (exit 2)::Nothing is live to scale%0AHint: Deploy first.\n',
    ]);
    expect(afterStep.lines).toHaveLength(2);
    expect(afterStep.lines[1]).toBe('::error title=odin scale failed (exit 2)::odin scale failed\n');
  });

  it('writes a failure reported again by an enclosing step only once', () => {
    const { lines, stream } = collect();
    const sink = githubAnnotationSink(stream);
    sink(fail);
    sink({ ...fail, at: 5 });
    expect(lines).toHaveLength(1);
  });

  it('stays silent for a successful run', () => {
    const { lines, stream } = collect();
    const sink = githubAnnotationSink(stream, { command: 'scale' });
    sink({ type: 'step.done', step: 'x', title: 'Scaled', durationMs: 1, at: 1 });
    sink({
      type: 'run.end',
      outcome: 'succeeded',
      summary: 'Scaled checkout to 4',
      durationMs: 1,
      exitCode: 0,
      at: 1,
    });
    expect(lines).toEqual([]);
  });

  it('never throws when the stream does', () => {
    const sink = githubAnnotationSink({
      write: () => {
        throw new Error('EPIPE');
      },
    });
    expect(() => sink(fail)).not.toThrow();
  });
});
