import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import lockfile from 'proper-lockfile';

import { RealClock } from '../clock/real-clock.js';
import { answerCall } from './dispatch.js';
import { findImage, killInstanceHook, setAlarmHook, setFaultsHook } from './hooks.js';
import { attachLocalCloud, type SdkClientLike } from './middleware.js';
import { advanceWorld } from './model/advance.js';
import { seedExampleWorld } from './seed.js';
import { takeSnapshot, type LocalCloudSnapshot } from './snapshot.js';
import type { AlarmState, Faults, ServiceName, WorldState } from './types.js';
import { World, emptyWorldState } from './world.js';

/** Where the on-disk world lives and how fast its time runs. */
export interface OpenLocalCloudOptions {
  /** The directory holding the world (odin uses `<cwd>/.odin`). */
  dir: string;
  /** Simulated seconds per real second; default `ODIN_SIMULATOR_SPEED` or 20. */
  speed?: number;
  /** Seed of a world created now (an existing world keeps its own). */
  seed?: number;
}

/** A handle on the on-disk local cloud shared by every odin process started in the same directory. */
export interface LocalCloudSession {
  clock: RealClock;
  /** A random source seeded from the world as it was opened, for odin's retry jitter. */
  random: () => number;
  /** The JSON file holding the world. */
  stateFile: string;
  customizeClient(client: SdkClientLike, service: ServiceName): void;
  snapshot(): Promise<LocalCloudSnapshot>;
  seedExamples(): Promise<void>;
  /** Throws the world away and starts an empty one (time starts again from now), seeded with `seed`. */
  reset(seed?: number): Promise<void>;
  setFaults(faults: Partial<Faults>): Promise<Faults>;
  killInstance(instanceId: string): Promise<void>;
  setAlarm(name: string, state: AlarmState['state'], reason?: string): Promise<void>;
  setImageBad(idOrName: string, bad: boolean): Promise<void>;
  /** Runs `fn` on the world caught up to now, in one locked transaction (saved even if it throws). */
  update<T>(fn: (world: World) => T): Promise<T>;
  close(): Promise<void>;
}

const STATE_FILE = 'simulator.json';
const DEFAULT_SPEED = 20;

function speedFromEnv(): number {
  const value = Number(process.env.ODIN_SIMULATOR_SPEED);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_SPEED;
}

/**
 * Opens (creating if needed) the on-disk local cloud in `dir`. Every call runs load → catch up
 * → answer → save under a file lock, so several odin processes can share one world; simulated
 * time is derived from an origin stored in the file, so they agree on "now".
 */
export async function openLocalCloud(options: OpenLocalCloudOptions): Promise<LocalCloudSession> {
  await mkdir(options.dir, { recursive: true });
  const file = join(options.dir, STATE_FILE);
  const speed = options.speed ?? speedFromEnv();
  const store = new WorldFile(file, options.seed ?? 1);
  const { origin, random } = await store.transact((world) => ({
    origin: anchorClock(world.state, speed),
    random: world.sideRandom(),
  }));
  const clock = new RealClock(speed, origin);

  const update = <T>(fn: (world: World) => T): Promise<T> =>
    store.transact((world) => {
      advanceWorld(world, clock.now());
      return fn(world);
    });

  const answer = async (service: ServiceName, operation: string, input: object): Promise<object> => {
    // The latency last seen in the world; reading it afresh would cost a second locked round trip.
    if (store.latencyMs > 0) await clock.sleep(store.latencyMs);
    return store.transact((world) => answerCall(world, clock.now(), service, operation, input));
  };

  return {
    clock,
    random,
    stateFile: file,
    customizeClient: (client, service) => attachLocalCloud(client, service, answer),
    snapshot: () => update((world) => takeSnapshot(world)),
    seedExamples: () => update((world) => seedExampleWorld(world.state)),
    reset: async (seed = options.seed) => {
      await store.transact((world) => {
        world.state = emptyWorldState({ now: clock.now(), seed: seed ?? 1 });
        world.state.clock = { wall: Date.now(), simulated: clock.now(), speed };
      });
    },
    setFaults: (faults) => update((world) => setFaultsHook(world, faults)),
    killInstance: (id) => update((world) => killInstanceHook(world, id)),
    setAlarm: (name, state, reason) => update((world) => setAlarmHook(world, name, state, reason)),
    setImageBad: (idOrName, bad) => update((world) => void (findImage(world, idOrName).bad = bad)),
    update,
    close: async () => {},
  };
}

// A process asking for another speed re-anchors the origin at the current simulated time, so
// simulated time stays continuous across processes.
function anchorClock(state: WorldState, speed: number): { wall: number; simulated: number } {
  const { wall, simulated, speed: stored } = state.clock;
  if (stored !== speed) {
    const now = Date.now();
    state.clock = { wall: now, simulated: Math.round(simulated + (now - wall) * stored), speed };
  }
  return { wall: state.clock.wall, simulated: state.clock.simulated };
}

/** The world's JSON file, read and written under a lock. */
class WorldFile {
  /** The faults' latency as of the last load. */
  latencyMs = 0;

  constructor(
    private readonly file: string,
    private readonly seed: number,
  ) {}

  async transact<T>(fn: (world: World) => T): Promise<T> {
    const release = await lockfile.lock(this.file, {
      realpath: false,
      lockfilePath: `${this.file}.lock`,
      stale: 10_000,
      retries: { retries: 200, minTimeout: 5, maxTimeout: 50, factor: 1.3 },
    });
    try {
      const world = new World(await this.load());
      try {
        return fn(world);
      } finally {
        this.latencyMs = world.state.faults.latencyMs;
        await this.save(world.state);
      }
    } finally {
      await release();
    }
  }

  private async load(): Promise<WorldState> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as WorldState;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const now = Date.now();
      const state = emptyWorldState({ now, seed: this.seed });
      state.clock = { wall: now, simulated: now, speed: DEFAULT_SPEED };
      return state;
    }
  }

  private async save(state: WorldState): Promise<void> {
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(state));
    await rename(temp, this.file);
  }
}
