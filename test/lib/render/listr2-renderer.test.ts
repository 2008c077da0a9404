import { stripVTControlCharacters } from 'node:util';

import { describe, expect, it } from 'vitest';

import { createListr2Renderer } from '../../../src/lib/render/listr2-renderer.js';
import { fixedEvents, memoryStream, T0 } from './fixed-events.js';

const stripAnsi = (text: string): string => stripVTControlCharacters(text);
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('listr2 renderer', () => {
  it('opens a task per step and gives it its past-tense, skipped or failed title', async () => {
    const stream = memoryStream();
    const renderer = createListr2Renderer({ stream, mode: 'simple' });
    for (const event of fixedEvents) renderer.sink(event);
    await renderer.finish();

    const lines = stripAnsi(stream.text()).split('\n');
    expect(lines).toContain('❯ Creating fleet');
    expect(lines).toContain('✔ Created fleet checkout-r7 (4.2s)');
    expect(lines).toContain('✔ Targets healthy (4/4) (1m 6s)');
    expect(lines.some((line) => line.startsWith('↓ Baking (skipped: no bake time set)'))).toBe(true);
    expect(lines.some((line) => line.startsWith('✖ Shifting traffic failed: ModifyListener failed'))).toBe(
      true,
    );
    expect(lines.at(-2)).toBe('✗ Deploy of checkout rolled back to r6 in 4m 12s (exit 4)');
  });

  it('shows the latest progress of a running step under its title', async () => {
    const stream = memoryStream();
    const renderer = createListr2Renderer({ stream, mode: 'simple' });
    renderer.sink({ type: 'step.start', step: 'wait', title: 'Waiting for healthy targets', at: T0 });
    await tick();
    renderer.sink({ type: 'step.progress', step: 'wait', detail: '3/4 targets healthy', at: T0 + 1 });
    await tick();
    renderer.sink({
      type: 'step.done',
      step: 'wait',
      title: 'Targets healthy (4/4)',
      durationMs: 2000,
      at: T0 + 2,
    });
    await renderer.finish();

    const text = stripAnsi(stream.text());
    expect(text).toContain('3/4 targets healthy');
    expect(text.indexOf('3/4 targets healthy')).toBeLessThan(text.indexOf('✔ Targets healthy (4/4)'));
  });

  it('redraws the task list on a terminal stream and leaves the final list behind', async () => {
    const stream = memoryStream(true);
    const renderer = createListr2Renderer({ stream });
    for (const event of fixedEvents) renderer.sink(event);
    await renderer.finish();

    const text = stripAnsi(stream.text());
    const finalFrame = text.slice(text.lastIndexOf('✔ Created fleet checkout-r7'));
    expect(finalFrame.split('\n').slice(0, 4)).toEqual([
      '✔ Created fleet checkout-r7 (4.2s)',
      '✔ Targets healthy (4/4) (1m 6s)',
      '↓ Baking (skipped: no bake time set)',
      '✖ Shifting traffic failed: ModifyListener failed',
    ]);
    expect(finalFrame).toContain('⚠ ELBv2 throttled 2 calls');
    expect(finalFrame.trimEnd().endsWith('✗ Deploy of checkout rolled back to r6 in 4m 12s (exit 4)')).toBe(
      true,
    );
  });

  it('stops drawing while paused, so a prompt is not overwritten, and catches up on resume', async () => {
    const stream = memoryStream(true);
    const renderer = createListr2Renderer({ stream });
    renderer.sink({ type: 'step.start', step: 'plan', title: 'Planning', at: T0 });
    await tick();
    renderer.pause();
    const beforePause = stream.text().length;
    renderer.sink({
      type: 'step.done',
      step: 'plan',
      title: 'Planned 6 changes',
      durationMs: 10,
      at: T0 + 10,
    });
    await new Promise((resolve) => setTimeout(resolve, 250));

    const drawnWhilePaused = stripAnsi(stream.text().slice(beforePause));
    expect(drawnWhilePaused).not.toContain('Planning');
    expect(drawnWhilePaused).not.toContain('Planned 6 changes');

    renderer.resume();
    await renderer.finish();
    expect(stripAnsi(stream.text().slice(beforePause))).toContain('✔ Planned 6 changes');
  });

  it('finishes cleanly when steps were left open, marking them unfinished', async () => {
    const stream = memoryStream();
    const renderer = createListr2Renderer({ stream, mode: 'simple' });
    renderer.sink({ type: 'step.start', step: 'drain', title: 'Draining old fleet', at: T0 });
    await renderer.finish();

    expect(stripAnsi(stream.text())).toContain('↓ Draining old fleet (not finished)');
  });
});
