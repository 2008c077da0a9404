import { describe, expect, it } from 'vitest';

import { chooseRendererKind, createRenderer } from '../../../src/lib/render/create-renderer.js';
import { memoryStream, T0 } from './fixed-events.js';

describe('renderer selection', () => {
  it('draws a task list only on a terminal outside CI and without NO_COLOR', () => {
    expect(chooseRendererKind('auto', true, {})).toBe('listr2');
    expect(chooseRendererKind('auto', false, {})).toBe('plain');
    expect(chooseRendererKind('auto', true, { CI: 'true' })).toBe('plain');
    expect(chooseRendererKind('auto', true, { NO_COLOR: '1' })).toBe('plain');
    expect(chooseRendererKind('auto', true, { TERM: 'dumb' })).toBe('plain');
  });

  it('treats an empty NO_COLOR or CI=false as unset', () => {
    expect(chooseRendererKind('auto', true, { NO_COLOR: '' })).toBe('listr2');
    expect(chooseRendererKind('auto', true, { CI: 'false' })).toBe('listr2');
  });

  it('obeys an explicit --log-format whatever the terminal', () => {
    expect(chooseRendererKind('plain', true, {})).toBe('plain');
    expect(chooseRendererKind('json', true, {})).toBe('json');
    expect(chooseRendererKind('json', false, { CI: '1' })).toBe('json');
  });

  it('builds a plain renderer with ASCII marks under NO_COLOR', async () => {
    const stream = memoryStream(true);
    const renderer = await createRenderer({ format: 'auto', stream, env: { NO_COLOR: '1' }, utc: true });
    renderer.sink({ type: 'step.start', step: 'a', title: 'Creating fleet', at: T0 });
    await renderer.finish();

    expect(stream.text()).toBe('10:00:00  > Creating fleet\n');
  });

  it('builds a JSON-lines renderer for --log-format json', async () => {
    const stream = memoryStream();
    const renderer = await createRenderer({ format: 'json', stream, env: {} });
    renderer.sink({ type: 'log', level: 'info', message: 'hello', at: T0 });

    expect(JSON.parse(stream.text())).toEqual({ type: 'log', at: T0, level: 'info', message: 'hello' });
  });
});
