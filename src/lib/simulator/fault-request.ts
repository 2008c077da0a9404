import { InvalidFlagError } from '../errors/index.js';
import { tryParseDuration } from '../manifest/duration.js';
import { findImage, killInstanceHook, requireInstance, setAlarmHook, setFaultsHook } from './hooks.js';
import type { LocalCloudSession } from './session.js';
import type { AlarmState, Faults } from './types.js';
import { NO_FAULTS, type World } from './world.js';

/** What `odin simulator faults` was asked to do, as the flags wrote it. */
export interface FaultRequest {
  clear?: boolean;
  throttle?: number;
  /**
   * `Operation=rate`, e.g. `DescribeTargetHealth=0.1` or `elbv2:DescribeTargetHealth=0.1`, merged
   * into the rates in force; `Operation=0` removes one.
   */
  errorRates?: string[];
  /** `Operation=rate` of calls carried out, then answered with a 5xx; merged like `errorRates`. */
  lostResponseRates?: string[];
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

function operationRates(flag: string, texts: string[] = []): Record<string, number> {
  const rates: Record<string, number> = {};
  for (const text of texts) {
    const [operation, value] = pair(flag, text);
    rates[operation] = rate(flag, Number(value));
  }
  return rates;
}

/** A validated change of faults and hooks, ready to apply to the world in one go. */
export interface FaultChange {
  /** Remove every fault before the rest applies. */
  clear: boolean;
  /** Faults to set; the per-operation rates are merged separately. */
  faults: Partial<Omit<Faults, 'errorRates' | 'lostResponseRates'>>;
  /** Per-operation error rates to merge into those in force; a rate of 0 removes the operation. */
  errorRates: Record<string, number>;
  /** Per-operation lost-response rates, merged the same way. */
  lostResponseRates: Record<string, number>;
  kill: string[];
  alarms: FaultResult['alarms'];
  badImages: string[];
}

/** Reads the flags into a change of faults, refusing anything malformed before anything changes. */
export function parseFaultRequest(request: FaultRequest): FaultChange {
  const faults: FaultChange['faults'] = {};
  if (request.throttle !== undefined) faults.throttleRate = rate('throttle', request.throttle);
  const errorRates = operationRates('error-rate', request.errorRates);
  const lostResponseRates = operationRates('lost-response-rate', request.lostResponseRates);
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
  const kill = request.kill ?? [];
  const badImages = request.badImages ?? [];
  return { clear: request.clear ?? false, faults, errorRates, lostResponseRates, kill, alarms, badImages };
}

/**
 * Applies a fault change to the world: every instance and image it names is checked first, so a
 * change naming one that does not exist changes nothing at all.
 */
export function applyFaultChange(world: World, change: FaultChange): FaultResult {
  for (const id of change.kill) requireInstance(world, id);
  for (const image of change.badImages) findImage(world, image);

  const base = change.clear ? { ...NO_FAULTS, dieAfterMs: undefined } : world.state.faults;
  const faults = setFaultsHook(world, {
    ...base,
    ...change.faults,
    errorRates: mergeRates(base.errorRates, change.errorRates),
    lostResponseRates: mergeRates(base.lostResponseRates ?? {}, change.lostResponseRates),
  });
  for (const id of change.kill) killInstanceHook(world, id);
  for (const alarm of change.alarms) setAlarmHook(world, alarm.name, alarm.state);
  for (const image of change.badImages) findImage(world, image).bad = true;
  return { faults: { ...faults }, killed: change.kill, alarms: change.alarms, badImages: change.badImages };
}

function mergeRates(
  inForce: Record<string, number>,
  changes: Record<string, number>,
): Record<string, number> {
  const merged = { ...inForce };
  for (const [operation, value] of Object.entries(changes)) {
    if (value === 0) delete merged[operation];
    else merged[operation] = value;
  }
  return merged;
}

/** Applies `odin simulator faults` to the on-disk local cloud, in one transaction. */
export async function applyFaultRequest(
  session: LocalCloudSession,
  request: FaultRequest,
): Promise<FaultResult> {
  const change = parseFaultRequest(request);
  return session.update((world) => applyFaultChange(world, change));
}
