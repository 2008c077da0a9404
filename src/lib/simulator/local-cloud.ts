import type { Clock } from '../clock/clock.js';
import { VirtualClock } from '../clock/virtual-clock.js';
import { answerCall } from './dispatch.js';
import { findImage, findTargetGroup, killInstanceHook, setAlarmHook, setFaultsHook } from './hooks.js';
import { attachLocalCloud, type SdkClientLike } from './middleware.js';
import { advanceWorld } from './model/advance.js';
import { seedExampleWorld } from './seed.js';
import { takeSnapshot, type LocalCloudSnapshot } from './snapshot.js';
import type { AlarmState, Faults, ServiceName, Timings } from './types.js';
import { World, emptyWorldState } from './world.js';

/** Sees one API call the local cloud has just answered (throttled or failed calls are not seen). */
export type CallObserver = (service: ServiceName, operation: string, input: object) => void;

/** Options of an in-memory local cloud. */
export interface LocalCloudOptions {
  /** Defaults to a VirtualClock, so nothing waits for real time. */
  clock?: Clock;
  /** Seeds every random choice (ids, faults); the same seed and calls give the same world. */
  seed?: number;
  faults?: Partial<Faults>;
  timings?: Partial<Timings>;
  account?: string;
}

/**
 * An in-memory local cloud: attach it to SDK clients with `customizeClient`, drive time with
 * its clock, and poke it with the test hooks. Every call and hook first brings the model up to
 * the clock's now.
 */
export class LocalCloud {
  readonly clock: Clock;
  readonly world: World;
  private readonly callObservers: CallObserver[] = [];

  constructor(options: LocalCloudOptions = {}) {
    this.clock = options.clock ?? new VirtualClock();
    this.world = new World(emptyWorldState({ ...options, now: this.clock.now() }));
  }

  /** Attaches the local cloud to an SDK client; pass it as `createAws({ customizeClient })`. */
  readonly customizeClient = (client: SdkClientLike, service: ServiceName): void => {
    attachLocalCloud(client, service, (svc, operation, input) => this.answer(svc, operation, input));
  };

  /** A random source seeded from the world as it is now, for odin's retry jitter (see World.sideRandom). */
  random(): () => number {
    return this.world.sideRandom();
  }

  /** Creates everything the example manifests use (idempotent). */
  seedExamples(): void {
    this.catchUp();
    seedExampleWorld(this.world.state);
  }

  /** A plain-JSON view of the world now. */
  snapshot(): LocalCloudSnapshot {
    this.catchUp();
    return takeSnapshot(this.world);
  }

  /** Kills an instance: it stops answering health checks and its group replaces it. */
  killInstance(instanceId: string): void {
    this.catchUp();
    killInstanceHook(this.world, instanceId);
  }

  /** Sets a CloudWatch alarm's state. */
  setAlarm(name: string, state: AlarmState['state'], reason?: string): void {
    this.catchUp();
    setAlarmHook(this.world, name, state, reason);
  }

  /** Changes the faults in force from now on. */
  setFaults(faults: Partial<Faults>): Faults {
    this.catchUp();
    return setFaultsHook(this.world, faults);
  }

  /** Marks an image (id or name) bad: instances launched from it never pass health checks. */
  setImageBad(idOrName: string, bad = true): void {
    this.catchUp();
    findImage(this.world, idOrName).bad = bad;
  }

  /** Deregisters an image (id or name): it disappears from DescribeImages and launches from it fail. */
  deregisterImage(idOrName: string): void {
    this.catchUp();
    findImage(this.world, idOrName).state = 'deregistered';
  }

  /** Sets a target group's deregistration delay (name or ARN). */
  setDeregistrationDelay(arnOrName: string, seconds: number): void {
    this.catchUp();
    findTargetGroup(this.world, arnOrName).attributes['deregistration_delay.timeout_seconds'] =
      String(seconds);
  }

  /** Registers an observer of every answered call, for tests that check invariants at the call itself. */
  onCall(observer: CallObserver): () => void {
    this.callObservers.push(observer);
    return () => void this.callObservers.splice(this.callObservers.indexOf(observer), 1);
  }

  /** Brings the model up to the clock's now (calls and hooks do this themselves). */
  catchUp(): void {
    advanceWorld(this.world, this.clock.now());
  }

  private async answer(service: ServiceName, operation: string, input: object): Promise<object> {
    const latency = this.world.state.faults.latencyMs;
    if (latency > 0) await this.clock.sleep(latency);
    const output = await answerCall(this.world, this.clock.now(), service, operation, input);
    for (const observer of [...this.callObservers]) observer(service, operation, input);
    return output;
  }
}

/** Creates an in-memory local cloud (empty; call `seedExamples()` for the demo world). */
export function createLocalCloud(options: LocalCloudOptions = {}): LocalCloud {
  return new LocalCloud(options);
}
