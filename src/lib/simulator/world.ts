import type { Faults, Timer, TimerEvent, Timings, WorldState } from './types.js';

/** Faults in force when none are asked for: a well-behaved cloud. */
export const NO_FAULTS: Faults = {
  throttleRate: 0,
  errorRates: {},
  lostResponseRates: {},
  latencyMs: 0,
  dieRate: 1,
  consistencyDelayMs: 0,
};

/** AWS's own timings (boot about 40 s, Route 53 propagation about 30 s). */
export const DEFAULT_TIMINGS: Timings = {
  bootMs: 40_000,
  route53SyncMs: 30_000,
  launchRetryMs: 60_000,
  shutdownMs: 5_000,
};

/** Options fixing who the caller is and where the world starts. */
export interface WorldOptions {
  seed?: number;
  now: number;
  account?: string;
  region?: string;
  faults?: Partial<Faults>;
  timings?: Partial<Timings>;
}

/** An empty world: no resources, the clock at `now`, the random source seeded. */
export function emptyWorldState(options: WorldOptions): WorldState {
  const account = options.account ?? '123456789012';
  return {
    version: 1,
    account,
    callerArn: `arn:aws:iam::${account}:user/demo`,
    callerUserId: 'AIDASIMULATEDDEMOUSER',
    region: options.region ?? 'us-east-1',
    now: options.now,
    clock: { wall: options.now, simulated: options.now, speed: 1 },
    rng: (options.seed ?? 1) >>> 0,
    seq: 0,
    faults: { ...NO_FAULTS, ...options.faults },
    timings: { ...DEFAULT_TIMINGS, ...options.timings },
    timers: [],
    images: {},
    subnets: {},
    securityGroups: {},
    keyPairs: {},
    launchTemplates: {},
    instanceProfiles: {},
    parameters: {},
    alarms: {},
    groups: {},
    instances: {},
    targetGroups: {},
    loadBalancers: {},
    listeners: {},
    rules: {},
    hostedZones: {},
    changes: {},
    buckets: {},
  };
}

/**
 * The world plus the few primitives every part of the model needs: the seeded random source
 * (whose state lives in the world, so a world saved to disk continues the same sequence) and
 * the timer heap of things due later.
 */
export class World {
  constructor(public state: WorldState) {}

  /** Simulated time the model has reached. */
  get now(): number {
    return this.state.now;
  }

  /** A number in [0, 1) from the seeded source (mulberry32). */
  random(): number {
    this.state.rng = (this.state.rng + 0x6d2b79f5) >>> 0;
    return mulberry32(this.state.rng);
  }

  /**
   * A separate random source seeded from where the world's source stands, without drawing from
   * it: for what runs beside the world (odin's retry jitter), so that a simulated run repeats.
   */
  sideRandom(): () => number {
    let state = (this.state.rng ^ 0x9e3779b9) >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      return mulberry32(state);
    };
  }

  /** `length` lower-case hex digits from the seeded source, for resource ids. */
  hex(length: number): string {
    let out = '';
    while (out.length < length)
      out += Math.floor(this.random() * 0x10000)
        .toString(16)
        .padStart(4, '0');
    return out.slice(0, length);
  }

  /** A random version-4-shaped UUID from the seeded source. */
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }

  /** Schedules `event` at `at` (never earlier than now). */
  schedule(at: number, event: TimerEvent): void {
    const timer = { ...event, at: Math.max(at, this.state.now), seq: this.state.seq++ } as Timer;
    heapPush(this.state.timers, timer);
  }

  /** Removes and returns the earliest timer due at or before `until`. */
  takeDue(until: number): Timer | undefined {
    const top = this.state.timers[0];
    if (!top || top.at > until) return undefined;
    return heapPop(this.state.timers);
  }
}

// mulberry32's output for an already advanced state.
function mulberry32(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

function heapPush(heap: Timer[], timer: Timer): void {
  heap.push(timer);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i]!, heap[parent]!)) break;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

function heapPop(heap: Timer[]): Timer | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length === 0 || !last) return top;
  heap[0] = last;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
    if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
    if (m === i) break;
    [heap[i], heap[m]] = [heap[m]!, heap[i]!];
    i = m;
  }
  return top;
}
