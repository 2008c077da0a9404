import { describe, expect, it } from 'vitest';

import { RunTranscript } from '../../src/cli/run-transcript.js';
import { RefusedError } from '../../src/lib/errors/index.js';
import type { OdinEvent } from '../../src/lib/events/event.js';

const refused = new RefusedError('Nothing is live to scale', { hint: 'Deploy first.' });

function failedStep(message: string): OdinEvent {
  return {
    type: 'step.fail',
    step: 'check',
    title: 'Checking the new capacity',
    error: { code: 'REFUSED', message },
    durationMs: 1,
    at: 1,
  };
}

const end: OdinEvent = {
  type: 'run.end',
  outcome: 'failed',
  summary: 'odin scale failed',
  durationMs: 1,
  exitCode: 2,
  at: 2,
};

describe('RunTranscript', () => {
  it('passes every event on to the sink it wraps', () => {
    const seen: OdinEvent[] = [];
    const sink = new RunTranscript().wrap((event) => seen.push(event));

    sink(failedStep('x'));
    sink(end);

    expect(seen.map((event) => event.type)).toEqual(['step.fail', 'run.end']);
  });

  it('says the error was shown once a failed step showed its message and the run ended with its exit code', () => {
    const transcript = new RunTranscript();
    const sink = transcript.wrap(() => {});

    sink(failedStep(refused.message));
    expect(transcript.showed(refused)).toBe(false);
    sink(end);
    expect(transcript.showed(refused)).toBe(true);
  });

  it('does not count an error no step failed with, or one that ended the run with another code', () => {
    const transcript = new RunTranscript();
    const sink = transcript.wrap(() => {});
    sink(failedStep('a different cause'));
    sink(end);

    expect(transcript.showed(refused)).toBe(false);
    sink(failedStep(refused.message));
    sink({ ...end, exitCode: 4 });
    expect(transcript.showed(refused)).toBe(false);
  });
});
