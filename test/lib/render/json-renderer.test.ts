import { describe, expect, it } from 'vitest';

import type { OdinEvent } from '../../../src/lib/events/event.js';
import { createJsonRenderer, formatEventJson } from '../../../src/lib/render/json-renderer.js';
import { fixedEvents, memoryStream, T0 } from './fixed-events.js';

describe('JSON renderer', () => {
  it('writes one JSON object per event per line, with a stable key order', () => {
    const stream = memoryStream();
    const renderer = createJsonRenderer(stream);
    for (const event of fixedEvents.slice(0, 5)) renderer.sink(event);

    expect(stream.text()).toBe(
      [
        '{"type":"run.start","at":1767261600000,"command":"deploy","service":"checkout","environment":"production"}',
        '{"type":"step.start","at":1767261601000,"step":"create-fleet","title":"Creating fleet"}',
        '{"type":"step.done","at":1767261605200,"step":"create-fleet","title":"Created fleet checkout-r7","durationMs":4200}',
        '{"type":"step.start","at":1767261606000,"step":"wait-healthy","title":"Waiting for healthy targets"}',
        '{"type":"step.progress","at":1767261607000,"step":"wait-healthy","detail":"0/4 targets healthy"}',
        '',
      ].join('\n'),
    );
  });

  it('orders keys the same however the emitting code built the event', () => {
    const scrambled = {
      exitCode: 4,
      summary: 'Rolled back',
      durationMs: 10,
      outcome: 'rolled-back',
      at: T0,
      type: 'run.end',
    } as unknown as OdinEvent;

    expect(formatEventJson(scrambled)).toBe(
      `{"type":"run.end","at":${T0},"durationMs":10,"outcome":"rolled-back","summary":"Rolled back","exitCode":4}`,
    );
  });

  it('keeps the error of a failed step as code, message, hint', () => {
    const failed = fixedEvents.find((event) => event.type === 'step.fail');
    expect(failed).toBeDefined();

    expect(formatEventJson(failed!)).toBe(
      `{"type":"step.fail","at":${T0 + 74_000},"step":"shift-traffic","title":"Shifting traffic",` +
        '"error":{"code":"AWS_CALL_FAILED","message":"ModifyListener failed","hint":"Retry later."},"durationMs":1500}',
    );
  });

  it('passes through fields it does not know, after the known ones and sorted', () => {
    const extended = {
      type: 'log',
      level: 'info',
      message: 'hi',
      at: T0,
      zeta: 1,
      alpha: 2,
    } as unknown as OdinEvent;

    expect(formatEventJson(extended)).toBe(
      `{"type":"log","at":${T0},"level":"info","message":"hi","alpha":2,"zeta":1}`,
    );
  });

  it('writes every event, debug logs included, since machines filter for themselves', () => {
    const stream = memoryStream();
    const renderer = createJsonRenderer(stream);
    for (const event of fixedEvents) renderer.sink(event);

    const lines = stream.text().trimEnd().split('\n');
    expect(lines).toHaveLength(fixedEvents.length);
    expect(lines.map((line) => (JSON.parse(line) as OdinEvent).type)).toEqual(
      fixedEvents.map((event) => event.type),
    );
  });
});
