import { InvalidFlagError } from '../errors/index.js';
import { tryParseDuration } from '../manifest/duration.js';
import type { LocalCloudSession } from './session.js';
import type { AlarmState, Faults } from './types.js';
import { NO_FAULTS } from './world.js';

/** What `odin simulator faults` was asked to do, as the flags wrote it. */
export interface FaultRequest {
  clear?: boolean;
  throttle?: number;
  /** `Operation=rate`, e.g. `DescribeTargetHealth=0.1` or `elbv2:DescribeTargetHealth=0.1`. */
  errorRates?: string[];
  latency?: string;
  dieAfter?: string;
  dieRate?: number;
  consistencyDelay?: string;
  kill?: string[];
  /** `NAME=STATE`, e.g. `demo-5xx=ALARM`. */
  alarms?: string[];
  badImages?: string[];
}

/** The faults in force afterwards, and what was done to the world. */
export interface FaultResult {
  faults: Faults;
  killed: string[];
  alarms: Array<{ name: string; state: AlarmState['state'] }>;
  badImages: string[];
}

const ALARM_STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;

function rate(flag: string, value: number): number {
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new InvalidFlagError(`--${flag} must be a fraction between 0 and 1, not ${value}`, {
      hint: `e.g. --${flag} 0.3`,
    });
  }
  return value;
}

function duration(flag: string, value: string): number {
  const parsed = tryParseDuration(value);
  if (!parsed.ok) throw new InvalidFlagError(`--${flag}: ${parsed.message}`, { hint: parsed.hint });
  return parsed.ms;
}

function pair(flag: string, text: string): [string, string] {
  const at = text.lastIndexOf('=');
  if (at <= 0 || at === text.length - 1)
    throw new InvalidFlagError(`--${flag} takes NAME=VALUE, not ${text}`, {
      hint: `e.g. --${flag} ${flag === 'alarm' ? 'demo-5xx=ALARM' : 'DescribeTargetHealth=0.1'}`,
    });
  return [text.slice(0, at), text.slice(at + 1)];
}

/** Reads the flags into a change of faults, refusing anything malformed before anything changes. */
export function parseFaultRequest(request: FaultRequest): {
  faults: Partial<Faults>;
  alarms: FaultResult['alarms'];
} {
  const faults: Partial<Faults> = request.clear
    ? { ...NO_FAULTS, errorRates: {}, dieAfterMs: undefined }
    : {};
  if (request.throttle !== undefined) faults.throttleRate = rate('throttle', request.throttle);
  if (request.errorRates?.length) {
    faults.errorRates = {};
    for (const text of request.errorRates) {
      const [operation, value] = pair('error-rate', text);
      faults.errorRates[operation] = rate('error-rate', Number(value));
    }
  }
  if (request.latency !== undefined) faults.latencyMs = duration('latency', request.latency);
  if (request.dieAfter !== undefined) faults.dieAfterMs = duration('die-after', request.dieAfter);
  if (request.dieRate !== undefined) faults.dieRate = rate('die-rate', request.dieRate);
  if (request.consistencyDelay !== undefined)
    faults.consistencyDelayMs = duration('consistency-delay', request.consistencyDelay);
  const alarms = (request.alarms ?? []).map((text) => {
    const [name, state] = pair('alarm', text);
    const upper = state.toUpperCase() as AlarmState['state'];
    if (!ALARM_STATES.includes(upper))
      throw new InvalidFlagError(`--alarm state must be one of ${ALARM_STATES.join(', ')}, not ${state}`);
    return { name, state: upper };
  });
  return { faults, alarms };
}

/** Applies `odin simulator faults` to the on-disk local cloud. */
export async function applyFaultRequest(
  session: LocalCloudSession,
  request: FaultRequest,
): Promise<FaultResult> {
  const { faults, alarms } = parseFaultRequest(request);
  const result = await session.setFaults(faults);
  for (const id of request.kill ?? []) await session.killInstance(id);
  for (const alarm of alarms) await session.setAlarm(alarm.name, alarm.state);
  for (const image of request.badImages ?? []) await session.setImageBad(image, true);
  return { faults: result, killed: request.kill ?? [], alarms, badImages: request.badImages ?? [] };
}
