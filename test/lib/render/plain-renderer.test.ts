import { describe, expect, it } from 'vitest';

import { createPlainRenderer } from '../../../src/lib/render/plain-renderer.js';
import { fixedEvents, memoryStream, T0 } from './fixed-events.js';

function draw(options: { ascii?: boolean; debug?: boolean } = {}): string {
  const stream = memoryStream();
  const renderer = createPlainRenderer({ stream, utc: true, ...options });
  for (const event of fixedEvents) renderer.sink(event);
  return stream.text();
}

describe('plain renderer', () => {
  it('draws one timestamped line per event, throttling progress to one line per 10 s of a step', () => {
    expect(draw()).toBe(
      [
        '10:00:00  ▶ odin deploy checkout production',
        '10:00:01  › Creating fleet',
        '10:00:05  ✓ Created fleet checkout-r7 (4.2s)',
        '10:00:06  › Waiting for healthy targets',
        '10:00:17  · Waiting for healthy targets — 3/4 targets healthy (11s)',
        '10:00:18  ⚠ ELBv2 throttled 2 calls',
        '10:01:12  ✓ Targets healthy (4/4) (1m 6s)',
        '10:01:12  ↷ Baking (skipped: no bake time set)',
        '10:01:14  ✗ Shifting traffic failed: ModifyListener failed',
        '10:04:12  ✗ Deploy of checkout rolled back to r6 in 4m 12s (exit 4)',
        '',
      ].join('\n'),
    );
  });

  it('uses only ASCII marks when asked, for NO_COLOR and dumb terminals', () => {
    const text = draw({ ascii: true });

    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
    expect(text).toContain('10:00:05  + Created fleet checkout-r7 (4.2s)');
    expect(text).toContain('10:00:17  . Waiting for healthy targets - 3/4 targets healthy (11s)');
    expect(text).toContain('10:04:12  x Deploy of checkout rolled back to r6 in 4m 12s (exit 4)');
  });

  it('shows debug log lines only when debugging', () => {
    expect(draw()).not.toContain('DescribeTargetHealth');
    expect(draw({ debug: true })).toContain('10:00:17  · DescribeTargetHealth demo-web');
  });

  it('keeps printing a heartbeat line every 10 s while a step keeps reporting progress', () => {
    const stream = memoryStream();
    const renderer = createPlainRenderer({ stream, utc: true });
    renderer.sink({ type: 'step.start', step: 'drain', title: 'Draining old fleet', at: T0 });
    for (let second = 1; second <= 35; second++) {
      renderer.sink({
        type: 'step.progress',
        step: 'drain',
        detail: `${300 - second}s left`,
        at: T0 + second * 1000,
      });
    }

    const progressLines = stream
      .text()
      .split('\n')
      .filter((line) => line.includes('left'));
    expect(progressLines).toEqual([
      '10:00:10  · Draining old fleet — 290s left (10s)',
      '10:00:20  · Draining old fleet — 280s left (20s)',
      '10:00:30  · Draining old fleet — 270s left (30s)',
    ]);
  });

  it('ends a successful run with its summary and total time, without an exit code', () => {
    const stream = memoryStream();
    const renderer = createPlainRenderer({ stream, utc: true });
    renderer.sink({
      type: 'run.end',
      outcome: 'succeeded',
      summary: 'Deployed checkout r7 to production',
      durationMs: 252_400,
      exitCode: 0,
      at: T0,
    });

    expect(stream.text()).toBe('10:00:00  ✓ Deployed checkout r7 to production in 4m 12s\n');
  });

  it('holds events back while paused and draws them in order on resume', async () => {
    const stream = memoryStream();
    const renderer = createPlainRenderer({ stream, utc: true });
    renderer.pause();
    renderer.sink({ type: 'step.start', step: 'a', title: 'Creating fleet', at: T0 });
    renderer.sink({ type: 'step.done', step: 'a', title: 'Created fleet', durationMs: 1000, at: T0 + 1000 });

    expect(stream.text()).toBe('');
    renderer.resume();
    expect(stream.text()).toBe('10:00:00  › Creating fleet\n10:00:01  ✓ Created fleet (1.0s)\n');
    await renderer.finish();
  });

  it('colours marks and timestamps only when asked', () => {
    const stream = memoryStream();
    const renderer = createPlainRenderer({ stream, utc: true, color: true });
    renderer.sink({ type: 'step.start', step: 'a', title: 'Creating fleet', at: T0 });

    expect(stream.text()).toBe('\u001b[2m10:00:00\u001b[0m  \u001b[36m›\u001b[0m Creating fleet\n');
  });
});
