import type { OdinEvent } from '../../../src/lib/events/event.js';

/** A short deploy as a renderer sees it, at fixed times (2026-01-01 10:00:00 UTC onward). */
export const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);

export const fixedEvents: OdinEvent[] = [
  { type: 'run.start', command: 'deploy', service: 'checkout', environment: 'production', at: T0 },
  { type: 'step.start', step: 'create-fleet', title: 'Creating fleet', at: T0 + 1_000 },
  {
    type: 'step.done',
    step: 'create-fleet',
    title: 'Created fleet checkout-r7',
    durationMs: 4_200,
    at: T0 + 5_200,
  },
  { type: 'step.start', step: 'wait-healthy', title: 'Waiting for healthy targets', at: T0 + 6_000 },
  { type: 'step.progress', step: 'wait-healthy', detail: '0/4 targets healthy', at: T0 + 7_000 },
  { type: 'step.progress', step: 'wait-healthy', detail: '1/4 targets healthy', at: T0 + 12_000 },
  { type: 'step.progress', step: 'wait-healthy', detail: '3/4 targets healthy', at: T0 + 17_000 },
  { type: 'log', level: 'debug', message: 'DescribeTargetHealth demo-web', at: T0 + 17_500 },
  { type: 'log', level: 'warn', message: 'ELBv2 throttled 2 calls', at: T0 + 18_000 },
  {
    type: 'step.done',
    step: 'wait-healthy',
    title: 'Targets healthy (4/4)',
    durationMs: 66_000,
    at: T0 + 72_000,
  },
  { type: 'step.skip', step: 'bake', title: 'Baking', reason: 'no bake time set', at: T0 + 72_000 },
  {
    type: 'step.fail',
    step: 'shift-traffic',
    title: 'Shifting traffic',
    error: { code: 'AWS_CALL_FAILED', message: 'ModifyListener failed', hint: 'Retry later.' },
    durationMs: 1_500,
    at: T0 + 74_000,
  },
  {
    type: 'run.end',
    outcome: 'rolled-back',
    summary: 'Deploy of checkout rolled back to r6',
    durationMs: 252_000,
    exitCode: 4,
    at: T0 + 252_000,
  },
];

/** A stream that keeps what was written. */
export function memoryStream(isTTY = false): {
  write(chunk: string): boolean;
  text(): string;
  isTTY: boolean;
  columns: number;
} {
  const chunks: string[] = [];
  return {
    isTTY,
    columns: 100,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
    text: () => chunks.join(''),
  };
}
