import { createAws, type SdkAws } from '../../src/lib/aws/create-aws.js';
import { VirtualClock } from '../../src/lib/clock/virtual-clock.js';
import {
  createLocalCloud,
  type Faults,
  type LocalCloud,
  type Timings,
  warmUpClients,
} from '../../src/lib/simulator/index.js';

/** What a domain test gets: a virtual clock, the seeded local cloud on it, and odin's real adapters over it. */
export interface LocalCloudFixture {
  clock: VirtualClock;
  cloud: LocalCloud;
  aws: SdkAws;
  /** A second, warmed-up client of the same cloud, as another odin process would have. */
  connect(): Promise<SdkAws>;
}

/** How to build the local cloud: its random seed, injected faults, timings and start time. */
export interface LocalCloudFixtureOptions {
  seed?: number;
  faults?: Partial<Faults>;
  timings?: Partial<Timings>;
  start?: number;
}

/**
 * The shared fixture for domain tests: the example world (see `seedExamples`), answered by the
 * local cloud through the same SDK adapters odin uses in production, on a virtual clock, so a
 * ten-minute deploy runs in well under a second. Its clients are warmed up (see `warmUpClients`).
 */
export async function localCloudFixture(options: LocalCloudFixtureOptions = {}): Promise<LocalCloudFixture> {
  const clock = new VirtualClock(options.start);
  const cloud = createLocalCloud({
    clock,
    seed: options.seed ?? 1,
    faults: options.faults,
    timings: options.timings,
  });
  cloud.seedExamples();
  const connect = async (): Promise<SdkAws> => {
    // A fixed jitter keeps retry backoff, and so simulated time, the same on every run.
    const aws = createAws({
      region: 'us-east-1',
      clock,
      customizeClient: cloud.customizeClient,
      retry: { random: () => 0.5 },
    });
    await warmUpClients(aws);
    return aws;
  };
  return { clock, cloud, aws: await connect(), connect };
}
